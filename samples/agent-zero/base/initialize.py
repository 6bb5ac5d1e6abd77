import models
from agent import AgentConfig


def initialize_agent() -> AgentConfig:
    return AgentConfig(chat_model=models.ModelConfig(provider="openrouter", name="openai/gpt-4.1"))
