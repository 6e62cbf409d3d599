"""The training service's settings: ``BLP_TRAINING_*`` environment variables."""

from typing import ClassVar

from shared.config import ServiceSettings, settings_config


class Settings(ServiceSettings):
    service_name: ClassVar[str] = "training"
    model_config = settings_config("training")

    port: int = 8083
