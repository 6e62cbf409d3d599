"""The assessment service's settings: ``BLP_ASSESSMENT_*`` environment variables."""

from typing import ClassVar

from shared.config import ServiceSettings, settings_config


class Settings(ServiceSettings):
    service_name: ClassVar[str] = "assessment"
    model_config = settings_config("assessment")
