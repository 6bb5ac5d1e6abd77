from dataclasses import dataclass


@dataclass
class Response:
    message: str
    break_loop: bool


class Tool:
    def __init__(self, agent, name: str, args: dict):
        self.agent = agent
        self.name = name
        self.args = args

    async def execute(self, **kwargs) -> Response:
        raise NotImplementedError
