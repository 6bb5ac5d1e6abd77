from python.helpers.tool import Response, Tool


class Knowledge(Tool):
    async def execute(self, question="", **kwargs) -> Response:
        return Response(message=f"No knowledge found for: {question}", break_loop=False)
