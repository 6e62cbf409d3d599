"""The finance service under test: real database, real NATS, real HTTP; plus the callers and
checks most tests start from.

The generic part (callers in any role, checked reads, If-Match writes, problems, events) is
``shared.testing.harness.ServiceHarness``. Test modules are imported in importlib mode and
cannot import this file, so what they need hangs off the ``service`` fixture.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any, ClassVar

import pytest
from finance.config import Settings
from finance.main import create_app
from hypothesis.configuration import set_hypothesis_home_dir

from shared.auth import Role
from shared.events.base import Event
from shared.natsserver import NatsServer
from shared.testing.events import publish
from shared.testing.harness import Headers, ServiceHarness, serve
from tests.backbone.harness import eventually

# hypothesis keeps caches in ./.hypothesis by default; keep the worktree clean
set_hypothesis_home_dir(f"{tempfile.gettempdir()}/blp-hypothesis")


def fields(body: dict[str, Any]) -> set[str]:
    """The fields a validation problem names."""
    return {error["field"] for error in body["errors"]}


class Service(ServiceHarness):
    """The running finance service: the shared harness's callers, reads, If-Match writes and
    problem checks, and finance's own (a ministry caller, events published to it)."""

    producer: ClassVar[str] = "finance"
    manager_subject: ClassVar[str] = "programme_manager-1"

    fields = staticmethod(fields)

    def default_subject(self, role: Role) -> str:
        """Client id ``<role>-1``: audit entries and actuals name it."""
        return f"{role.value}-1"

    @property
    def ministry(self) -> Headers:
        return self.as_(Role.MINISTRY)

    def company(self, company_id: uuid.UUID) -> Headers:
        """A local company's caller."""
        return self.as_(Role.LOCAL_COMPANY, company_id)

    async def post(
        self, path: str, body: Any, headers: Headers | None = None, expect: int = 201
    ) -> Any:
        return await self.create(path, body, headers, expect=expect)

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
    async with serve(Service, app, private_key=jwt_keys[0], nats_url=nats_server.url) as running:
        yield running
