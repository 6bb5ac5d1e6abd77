from python.helpers.tool import Response, Tool


class ResponseTool(Tool):
    async def execute(self, **kwargs) -> Response:
        text = self.args.get("text") or self.args.get("message") or ""
        return Response(message=text.strip(), break_loop=True)
