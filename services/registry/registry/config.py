"""The registry service's settings: ``BLP_REGISTRY_*`` environment variables."""

from typing import ClassVar

from shared.config import ServiceSettings, settings_config


class Settings(ServiceSettings):
    service_name: ClassVar[str] = "registry"
    model_config = settings_config("registry")

    port: int = 8081
