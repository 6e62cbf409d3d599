"""The finance service's settings: ``BLP_FINANCE_*`` environment variables."""

from typing import ClassVar

from shared.config import ServiceSettings, settings_config


class Settings(ServiceSettings):
    service_name: ClassVar[str] = "finance"
    model_config = settings_config("finance")

    port: int = 8084
