from dataclasses import dataclass, field

import models


@dataclass
class AgentConfig:
    chat_model: models.ModelConfig
    prompts_subdir: str = "default"
    memory_subdir: str = "default"
    knowledge_subdirs: list[str] = field(default_factory=lambda: ["default", "custom"])


class Agent:
    def __init__(self, number: int, config: AgentConfig):
        self.number = number
        self.config = config
        self.agent_name = f"A{number}"

    def read_prompt(self, name: str) -> str:
        with open(f"prompts/{name}", encoding="utf-8") as file:
            return file.read()
