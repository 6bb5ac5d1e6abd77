from python.helpers.tool import Response, Tool


class ResponseTool(Tool):
    async def execute(self, **kwargs) -> Response:
        return Response(message=self.args.get("text", ""), break_loop=True)
