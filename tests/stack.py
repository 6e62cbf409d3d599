"""The platform as the root tests run it: the four domain services and the gateway served in
the test's own process, on a real NATS and real databases (the ``database``, ``nats_server``
and ``jwt_keys`` fixtures). One place starts it, so a new service or setting is one change
here rather than one per scenario test; the ``launch_stack`` fixture (tests/conftest.py)
hands it to a test.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from assessment.config import Settings as AssessmentSettings
from assessment.main import create_app as create_assessment
from finance.config import Settings as FinanceSettings
from finance.main import create_app as create_finance
from gateway.clients import ClientStore
from gateway.config import Settings as GatewaySettings
from gateway.main import create_app as create_gateway
from registry.config import Settings as RegistrySettings
from registry.main import create_app as create_registry
from training.config import Settings as TrainingSettings
from training.main import create_app as create_training

from shared.auth import Role
from shared.natsserver import free_port
from shared.testing.servers import serving

SERVICES = ("registry", "assessment", "training", "finance")  # started in this order

Launch = Callable[..., contextlib.AbstractAsyncContextManager["Stack"]]


def nowhere() -> str:
    """A loopback URL nothing listens on: a service that is down."""
    return f"http://127.0.0.1:{free_port()}"


@dataclass
class Stack:
    """The running gateway (``http`` has its URL as base) and the services behind it."""

    url: str
    store: ClientStore
    http: httpx.AsyncClient
    services: dict[str, contextlib.AbstractAsyncContextManager[str]] = field(default_factory=dict)
    service_urls: dict[str, str] = field(default_factory=dict)
    """Each service's own URL (what the gateway forwards to; nothing listens for one down)."""

    async def token(self, role: Role, company_id: Any = None) -> str:
        """A real client-credentials token from the gateway for a new client of ``role``."""
        return (await self.credentials(role, company_id))[1]

    async def credentials(self, role: Role, company_id: Any = None) -> tuple[str, str]:
        """A new client of ``role``: its id (the token's subject) and a real token."""
        client, secret = self.store.create(role, company_id)
        response = await self.http.post(
            "/v1/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client.client_id,
                "client_secret": secret,
            },
        )
        assert response.status_code == 200, response.text
        return client.client_id, str(response.json()["access_token"])

    async def stop(self, service: str) -> None:
        """Stops one service mid-test; the gateway still points at it."""
        await self.services.pop(service).__aexit__(None, None, None)


@contextlib.asynccontextmanager
async def running(
    *,
    database: Callable[[str], str],
    nats_url: str,
    jwt_keys: tuple[str, str],
    tmp_path: Path,
    only: tuple[str, ...] = SERVICES,
    instead: Mapping[str, Any] | None = None,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
    gateway_http: Any = "auto",
    **gateway: Any,
) -> AsyncIterator[Stack]:
    """The stack until the block exits.

    ``only``: the services started; the others are down (the gateway points at nothing).
    ``instead``: an app served in a service's place (a slow one, say). ``settings``: a
    service's settings beyond the common ones. ``gateway_http``: the gateway's HTTP protocol
    (``GatewayHttpProtocol`` as ``blp serve gateway`` runs it). ``gateway``: its settings.
    """
    private, public = jwt_keys
    common: dict[str, Any] = {
        "nats_url": nats_url,
        "jwt_public_key": public,
        "outbox_poll_seconds": 0.2,
    }
    instead = instead or {}
    settings = settings or {}
    urls: dict[str, str] = {}
    make: dict[str, Callable[[], Any]] = {
        "registry": lambda: create_registry(
            RegistrySettings(
                database_url=database("registry"), **{**common, **settings.get("registry", {})}
            )
        ),
        "assessment": lambda: create_assessment(
            AssessmentSettings(
                database_url=database("assessment"),
                **{"registry_url": urls["registry"], **common, **settings.get("assessment", {})},
            )
        ),
        "training": lambda: create_training(
            TrainingSettings(
                database_url=database("training"),
                evidence_dir=str(tmp_path / "evidence"),
                badge_key_file=str(tmp_path / "badge-key.pem"),
                **{**common, **settings.get("training", {})},
            )
        ),
        "finance": lambda: create_finance(
            FinanceSettings(
                database_url=database("finance"), **{**common, **settings.get("finance", {})}
            )
        ),
    }
    services: dict[str, contextlib.AbstractAsyncContextManager[str]] = {}

    async def stop_the_rest() -> None:  # whatever the test has not stopped itself
        for name in reversed(list(services)):
            await services.pop(name).__aexit__(None, None, None)

    async with contextlib.AsyncExitStack() as exits:
        exits.push_async_callback(stop_the_rest)
        for name in SERVICES:
            if name in instead or name in only:
                services[name] = serving(instead[name] if name in instead else make[name]())
                urls[name] = await services[name].__aenter__()
            else:
                urls[name] = nowhere()
        config = GatewaySettings(
            **{
                "jwt_private_key": private,
                "jwt_public_key": public,
                "clients_file": str(tmp_path / "clients.json"),
                **{f"{name}_url": url for name, url in urls.items()},
                "rate_limit_per_minute": 1_000_000,
                "rate_limit_burst": 100_000,
                **gateway,
            }
        )
        url = await exits.enter_async_context(serving(create_gateway(config), http=gateway_http))
        http = await exits.enter_async_context(httpx.AsyncClient(base_url=url, timeout=60))
        yield Stack(url, ClientStore(Path(config.clients_file)), http, services, urls)
