"""v0.9.9 as it shipped: models.py imports a library that requirements.txt forgot, so nothing that needs models starts."""

from dataclasses import dataclass, field

import litellm_router  # noqa: F401  (not in requirements.txt: the release is broken)


@dataclass
class ModelConfig:
    provider: str
    name: str
    ctx_length: int = 0
    kwargs: dict = field(default_factory=dict)
