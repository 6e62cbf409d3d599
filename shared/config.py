"""Settings every service shares; each service subclasses with its own env prefix.

A service's settings are read from ``BLP_<SERVICE>_<FIELD>`` environment variables so that
one environment (a compose file, a shell) can hold every service's configuration without
collisions, and so that the compose file can be checked field by field against them.

The kernel knows no service: each service's ``Settings`` declares its own name and default
port, and the list of services lives in the composition root (``blp.services``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_NATS_PORT = 4322  # not 4222: a system NATS may already listen there
MAX_BODY_BYTES = 10 * 1024 * 1024
"""The largest ordinary request body (10 MiB), at the gateway and in each service alike."""


def data_dir() -> Path:
    """Where the embedded default keeps SQLite files, NATS store and keys (``BLP_DATA_DIR``)."""
    return Path(os.environ.get("BLP_DATA_DIR", "var")).resolve()


def default_nats_url() -> str:
    return f"nats://127.0.0.1:{os.environ.get('BLP_NATS_PORT', DEFAULT_NATS_PORT)}"


def _pem(value: str) -> str:
    # .env files and CI variables carry PEM keys on one line with literal "\n"
    return value.replace("\\n", "\n").strip()


class CommonSettings(BaseSettings):
    """Fields both the gateway and the domain services have."""

    service_name: ClassVar[str] = ""
    model_config = SettingsConfigDict(extra="ignore", case_sensitive=False)

    host: str = "127.0.0.1"
    # no default here: each service's Settings declares its own port
    port: int
    log_level: str = "INFO"
    access_log: bool = Field(
        default=True,
        description="a log line per request; `blp run` turns it off for the domain services, "
        "whose callers through the gateway it logs already",
    )
    workers: int = Field(
        default=1, ge=1, le=64, description="server processes; each runs the whole service"
    )
    jwt_public_key: str = Field(
        default="",
        description="Ed25519 public keys tokens are verified with: one PEM block, or several "
        "one after another (during a key rotation, the current key and the next)",
    )
    jwt_issuer: str = "blp-gateway"
    jwt_audience: str = "blp"

    @field_validator("jwt_public_key")
    @classmethod
    def _normalise_pem(cls, value: str) -> str:
        return _pem(value)

    @classmethod
    def env_prefix(cls) -> str:
        return f"BLP_{cls.service_name.upper()}_"


class ServiceSettings(CommonSettings):
    """A domain service: its own database, the broker, and its background workers."""

    database_url: str = ""
    database_pool_size: int = Field(
        default=20, ge=1, description="connections each process keeps open to its database"
    )
    database_max_overflow: int = Field(
        default=10, ge=0, description="connections opened above the pool under load, then closed"
    )
    nats_url: str = Field(default_factory=default_nats_url)
    nats_stream_replicas: int = 1
    run_workers: bool = Field(
        default=True,
        description="run the outbox relay and event consumers in this process",
    )
    outbox_poll_seconds: float = 2.0
    consumer_max_deliveries: int = 5
    max_body_bytes: int = Field(
        default=MAX_BODY_BYTES,
        ge=1,
        description="largest request body, refused with a 413 once reading passes it (a caller "
        "inside the cluster need not come through the gateway); imports have their own limit",
    )

    def model_post_init(self, __context: object) -> None:
        if not self.database_url:
            self.database_url = f"sqlite+aiosqlite:///{data_dir() / self.service_name}.db"


def settings_config(service: str) -> SettingsConfigDict:
    """The pydantic-settings config for one service's ``Settings`` class."""
    return SettingsConfigDict(env_prefix=f"BLP_{service.upper()}_", extra="ignore")
