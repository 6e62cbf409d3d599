"""The gateway's settings: ``BLP_GATEWAY_*`` environment variables."""

import json
from typing import ClassVar

from pydantic import Field, field_validator

from gateway.peers import Network, parse_networks
from shared.config import MAX_BODY_BYTES, CommonSettings, data_dir, settings_config

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
    framework_timeout_seconds: float = Field(
        default=5.0, description="how long /v1/framework waits for each service's indicators"
    )
    bulk_timeout_seconds: float = Field(
        default=300.0, description="timeout of a bulk import (a file import: proxy.BULK_PATHS)"
    )
    max_body_bytes: int = MAX_BODY_BYTES
    bulk_max_body_bytes: int = Field(
        default=256 * 1024 * 1024,
        description="largest body of a bulk import (a file import: proxy.BULK_PATHS)",
    )
    rate_limit_per_minute: int = Field(
        default=600,
        description="sustained requests per minute of one caller: each client (token subject) "
        "and each anonymous address has a bucket of its own",
    )
    rate_limit_burst: int = 100
    token_rate_limit_per_minute: int = Field(
        default=60, description="token requests (/v1/auth/*) per minute per address"
    )
    token_rate_limit_burst: int = 30
    token_failure_limit: int = Field(
        default=10, description="wrong secrets for one client id that lock it out"
    )
    token_failure_window_seconds: float = 300.0
    token_lockout_seconds: float = 300.0
    trusted_proxies: str = Field(
        default="",
        description="comma-separated addresses or CIDR networks of the reverse proxies whose "
        "Forwarded / X-Forwarded-For headers name the caller; empty: none is trusted",
    )

    @field_validator("jwt_private_key")
    @classmethod
    def _normalise_private_pem(cls, value: str) -> str:
        return value.replace("\\n", "\n").strip()

    @field_validator("trusted_proxies")
    @classmethod
    def _valid_networks(cls, value: str) -> str:
        parse_networks(value.split(","))  # a typo fails at start, not silently trusts nothing
        return value

    @field_validator("upstream_timeouts", mode="before")
    @classmethod
    def _json_timeouts(cls, value: object) -> object:
        # the environment carries it as JSON text
        return json.loads(value or "{}") if isinstance(value, str) else value

    def proxy_networks(self) -> tuple[Network, ...]:
        return parse_networks(self.trusted_proxies.split(","))

    def upstreams(self) -> dict[str, str]:
        return {name: getattr(self, f"{name}_url").rstrip("/") for name in UPSTREAM_PORTS}
