from dataclasses import dataclass, field


@dataclass
class ModelConfig:
    provider: str
    name: str
    ctx_length: int = 0
    kwargs: dict = field(default_factory=dict)
