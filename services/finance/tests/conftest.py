"""The finance service under test: real database, real NATS, real HTTP; plus the callers and
checks most tests start from.

Test modules are imported in importlib mode and cannot import this file, so what they need
hangs off the ``service`` fixture (typed ``Any`` there, as in the other services' tests).
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from finance.config import Settings
from finance.main import create_app
from hypothesis.configuration import set_hypothesis_home_dir

from shared.auth import Role
from shared.events.base import Event
from shared.natsserver import NatsServer
from shared.testing.events import publish
from shared.testing.servers import serving
from shared.testing.tokens import bearer
from tests.backbone.harness import eventually

# hypothesis keeps caches in ./.hypothesis by default; keep the worktree clean
set_hypothesis_home_dir(f"{tempfile.gettempdir()}/blp-hypothesis")


def problem(response: httpx.Response, status: int, rule: str | None = None) -> dict[str, Any]:
    """The problem body of ``response``, checked for its status and (409) the rule named."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    if rule is not None:
        assert body["rule"] == rule, body
    return body


def fields(body: dict[str, Any]) -> set[str]:
    """The fields a validation problem names."""
    return {error["field"] for error in body["errors"]}


@dataclass
class Service:
    """The running service and the means to call it as anyone."""

    http: httpx.AsyncClient
    app: FastAPI
    private_key: str
    nats_url: str

    problem = staticmethod(problem)
    fields = staticmethod(fields)

    def as_(self, role: Role, company_id: uuid.UUID | None = None) -> dict[str, str]:
        """Authorization headers of a caller in ``role``."""
        return bearer(self.private_key, role, company_id, sub=f"{role.value}-1")

    @property
    def pm(self) -> dict[str, str]:
        return self.as_(Role.PROGRAMME_MANAGER)

    @property
    def ministry(self) -> dict[str, str]:
        return self.as_(Role.MINISTRY)

    def company(self, company_id: uuid.UUID) -> dict[str, str]:
        """A local company's caller."""
        return self.as_(Role.LOCAL_COMPANY, company_id)

    async def get(self, path: str, headers: dict[str, str] | None = None) -> Any:
        response = await self.http.get(path, headers=headers or self.pm)
        assert response.status_code == 200, response.text
        return response.json()

    async def post(
        self, path: str, body: Any, headers: dict[str, str] | None = None, expect: int = 201
    ) -> Any:
        response = await self.http.post(path, json=body, headers=headers or self.pm)
        assert response.status_code == expect, response.text
        return response.json()

    async def send(
        self,
        method: str,
        path: str,
        body: Any,
        current: dict[str, Any],
        headers: dict[str, str] | None = None,
        expect: int = 200,
    ) -> Any:
        """A change quoting ``current``'s version as If-Match; returns the response body."""
        response = await self.http.request(
            method,
            path,
            json=body,
            headers={**(headers or self.pm), "If-Match": f'"{current["version"]}"'},
        )
        assert response.status_code == expect, response.text
        return response.json()

    async def publish(self, event: Event, **kwargs: Any) -> Any:
        """Publish ``event`` on NATS as its producer would; returns the envelope."""
        return await publish(self.nats_url, event, **kwargs)

    async def consumed(self, count: int) -> None:
        """Wait until the consumer has taken ``count`` events (applied or found duplicate)."""

        async def applied() -> bool:
            ops = await self.get("/ops/messaging")
            return ops["events_applied"] >= count

        await eventually(applied)


Launcher = Callable[..., Any]


@pytest.fixture
async def service(
    database: Callable[[str], str], nats_server: NatsServer, jwt_keys: tuple[str, str]
) -> AsyncIterator[Service]:
    app = create_app(
        Settings(
            database_url=database("finance"),
            nats_url=nats_server.url,
            jwt_public_key=jwt_keys[1],
            outbox_poll_seconds=0.2,
        )
    )
    async with serving(app) as url, httpx.AsyncClient(base_url=url, timeout=60) as http:
        yield Service(http, app, jwt_keys[0], nats_server.url)
