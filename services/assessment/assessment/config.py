"""The assessment service's settings: ``BLP_ASSESSMENT_*`` environment variables."""

from typing import ClassVar

from pydantic import Field

from shared.config import ServiceSettings, settings_config


class Settings(ServiceSettings):
    service_name: ClassVar[str] = "assessment"
    model_config = settings_config("assessment")

    port: int = 8082

    registry_url: str = Field(
        default="http://127.0.0.1:8081",
        description="registry base URL, asked about a nominee the local read model has not seen",
    )
