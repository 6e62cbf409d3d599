"""The finance service's settings: ``BLP_FINANCE_*`` environment variables."""

from typing import Annotated, ClassVar

from pydantic import Field, field_validator
from pydantic_settings import NoDecode

from shared.config import ServiceSettings, settings_config

DEFAULT_THRESHOLDS = (80, 100)


class Settings(ServiceSettings):
    service_name: ClassVar[str] = "finance"
    model_config = settings_config("finance")

    port: int = 8084

    budget_thresholds: Annotated[tuple[int, ...], NoDecode] = Field(
        default=DEFAULT_THRESHOLDS,
        description="percentages of an approved module's high estimate whose crossing by "
        "commitments is announced (blp.finance.budget.threshold_exceeded), comma-separated",
    )

    @field_validator("budget_thresholds", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        # "80,100" in an environment variable; a sequence when given in code
        if isinstance(value, str):
            return tuple(int(part) for part in value.split(",") if part.strip())
        return value

    @field_validator("budget_thresholds")
    @classmethod
    def _sane(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if any(t < 1 or t > 1000 for t in value):
            raise ValueError("each threshold is a percentage from 1 to 1000")
        return tuple(sorted(set(value)))
