"""The registry service's settings: ``BLP_REGISTRY_*`` environment variables."""

from typing import ClassVar

from pydantic import Field

from shared.config import ServiceSettings, settings_config

IMPORT_MAX_BYTES = 256 * 1024 * 1024
"""256 MiB: a company import's size limit unless ``BLP_REGISTRY_IMPORT_MAX_BYTES`` says
another (100,000 companies take 69 MB). The gateway's ``BLP_GATEWAY_BULK_MAX_BODY_BYTES`` must
be at least as large, or its own 413 answers first."""


class Settings(ServiceSettings):
    service_name: ClassVar[str] = "registry"
    model_config = settings_config("registry")

    port: int = 8081
    import_max_bytes: int = Field(
        default=IMPORT_MAX_BYTES,
        description="largest company import (POST /companies/import), refused with 413 beyond",
    )
