"""The gateway's settings: ``BLP_GATEWAY_*`` environment variables."""

import json
from typing import ClassVar

from pydantic import Field, field_validator

from shared.config import CommonSettings, data_dir, settings_config

# the services behind /v1/<service>/, each at its default local address (the services' own
# Settings declare the same ports; a deployment sets BLP_GATEWAY_<SERVICE>_URL)
UPSTREAM_PORTS: dict[str, int] = {
    "registry": 8081,
    "assessment": 8082,
    "training": 8083,
    "finance": 8084,
}


def _local(service: str) -> str:
    return f"http://127.0.0.1:{UPSTREAM_PORTS[service]}"


class Settings(CommonSettings):
    service_name: ClassVar[str] = "gateway"
    model_config = settings_config("gateway")

    port: int = 8080

    jwt_private_key: str = Field(
        default="", description="Ed25519 private key (PEM) tokens are signed with"
    )
    token_ttl_seconds: int = 3600
    clients_file: str = Field(default_factory=lambda: str(data_dir() / "clients.json"))
    registry_url: str = _local("registry")
    assessment_url: str = _local("assessment")
    training_url: str = _local("training")
    finance_url: str = _local("finance")
    upstream_timeout_seconds: float = 30.0
    upstream_timeouts: dict[str, float] = Field(
        default_factory=dict,
        description='per-service overrides of the timeout, JSON, e.g. {"finance": 60}',
    )
    bulk_timeout_seconds: float = Field(
        default=300.0, description="timeout of a bulk import (POST .../import)"
    )
    max_body_bytes: int = 10 * 1024 * 1024
    bulk_max_body_bytes: int = Field(
        default=256 * 1024 * 1024, description="largest body of a bulk import (POST .../import)"
    )
    rate_limit_per_minute: int = 600
    rate_limit_burst: int = 100

    @field_validator("jwt_private_key")
    @classmethod
    def _normalise_private_pem(cls, value: str) -> str:
        return value.replace("\\n", "\n").strip()

    @field_validator("upstream_timeouts", mode="before")
    @classmethod
    def _json_timeouts(cls, value: object) -> object:
        # the environment carries it as JSON text
        return json.loads(value or "{}") if isinstance(value, str) else value

    def upstreams(self) -> dict[str, str]:
        return {name: getattr(self, f"{name}_url").rstrip("/") for name in UPSTREAM_PORTS}
