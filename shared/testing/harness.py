"""The typed harness a service's integration tests start from.

A ``ServiceHarness`` is one running service (real database, real NATS, real HTTP) and the
means to call it as anyone: ``as_(role)`` mints the caller's token, ``get`` and ``create``
check the status they expect, ``send`` quotes the version last read as If-Match, ``problem``
checks an RFC 9457 answer and the rule a 409 names, ``events`` reads what the service
published on NATS, and ``transaction`` opens the service's own unit of work for factories
that put rows in place directly. A service's conftest subclasses it with the factories of
its own domain and yields it from its ``service`` fixture through ``serve``:

    class TrainingHarness(ServiceHarness):
        producer = "training"

        async def course(self, **overrides: Any) -> Json:
            return await self.create("/courses", {"title": "CCNA", **overrides})

    @pytest.fixture
    async def service(database, nats_server, jwt_keys) -> AsyncIterator[TrainingHarness]:
        app = create_app(Settings(database_url=database("training"), ...))
        async with serve(TrainingHarness, app, private_key=jwt_keys[0], nats_url=...) as s:
            yield s
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from typing import Any, ClassVar, TypeVar

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth import Role
from shared.db import session_scope
from shared.events.base import CloudEvent
from shared.testing.events import collect
from shared.testing.servers import serving
from shared.testing.tokens import bearer

Json = dict[str, Any]
Headers = dict[str, str]
H = TypeVar("H", bound="ServiceHarness")


def problem(response: httpx.Response, status: int, rule: str | None = None) -> Json:
    """The problem body of ``response``, checked for its status and (409) the rule named."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json", response.headers
    body: Json = response.json()
    assert body["status"] == status
    if rule is not None:
        assert body["rule"] == rule, body
        assert body["type"] == f"urn:blp:problem:conflict/{rule}"
    return body


def if_match(current: Json) -> Headers:
    """The If-Match header quoting the version of a resource as last read."""
    return {"If-Match": f'"{current["version"]}"'}


class ServiceHarness:
    """One running service and callers in any role; subclass it per service."""

    producer: ClassVar[str] = ""
    """The service's name as an event producer (its stream), for ``events``."""
    manager_subject: ClassVar[str] = "pm-1"
    """The client id of ``pm``, the default caller: audit entries name it."""

    problem = staticmethod(problem)

    def __init__(
        self, *, http: httpx.AsyncClient, app: FastAPI, private_key: str, nats_url: str
    ) -> None:
        self.http = http
        self.app = app
        self.private_key = private_key
        self.nats_url = nats_url

    # --- callers -------------------------------------------------------------------------

    def as_(
        self,
        role: Role,
        company_id: uuid.UUID | str | None = None,
        subject: str | None = None,
    ) -> Headers:
        """Authorization headers of a caller in ``role`` (``subject``: its client id, else
        ``default_subject(role)``)."""
        subject = subject or self.default_subject(role)
        claims = {"sub": subject} if subject else {}
        return bearer(self.private_key, role, company_id, **claims)

    def default_subject(self, role: Role) -> str | None:
        """The client id of a caller ``as_`` is not told one: None, a fresh one per token;
        a service whose tests check who recorded what names them here."""
        return None

    @property
    def pm(self) -> Headers:
        """The programme manager, the caller when none is given."""
        return self.as_(Role.PROGRAMME_MANAGER, subject=self.manager_subject)

    def partner(self, company_id: uuid.UUID | None = None) -> Headers:
        """An international company's caller (a new company unless ``company_id``)."""
        return self.as_(Role.INTERNATIONAL_COMPANY, company_id or uuid.uuid4())

    # --- requests ------------------------------------------------------------------------

    async def get(self, path: str, headers: Headers | None = None, *, expect: int = 200) -> Json:
        """GET as ``headers`` (default: the programme manager); the body, status checked."""
        response = await self.http.get(path, headers=self.pm if headers is None else headers)
        assert response.status_code == expect, response.text
        body: Json = response.json()
        return body

    async def create(
        self, path: str, body: Json, headers: Headers | None = None, *, expect: int = 201
    ) -> Json:
        """POST ``body``; the created resource, status checked."""
        response = await self.http.post(
            path, json=body, headers=self.pm if headers is None else headers
        )
        assert response.status_code == expect, response.text
        created: Json = response.json()
        return created

    async def send(
        self,
        method: str,
        path: str,
        body: Json,
        current: Json,
        headers: Headers | None = None,
        expect: int = 200,
    ) -> Json:
        """An update quoting ``current``'s version as If-Match; the response body."""
        response = await self.http.request(
            method,
            path,
            json=body,
            headers={**(self.pm if headers is None else headers), **if_match(current)},
        )
        assert response.status_code == expect, response.text
        answer: Json = response.json()
        return answer

    async def import_file(
        self,
        path: str,
        content: bytes,
        headers: Headers | None = None,
        *,
        content_type: str = "text/csv",
        params: dict[str, str] | None = None,
        expect: str = "succeeded",
    ) -> Json:
        """POST an import (202), then read its job until it has finished; the job, its
        final ``state`` checked (``report`` or ``failure`` in it)."""
        headers = self.pm if headers is None else headers
        response = await self.http.post(
            path, content=content, params=params, headers={**headers, "Content-Type": content_type}
        )
        assert response.status_code == 202, response.text
        job = await self.finished_job(response.headers["Location"], headers)
        assert job["state"] == expect, job
        return job

    async def finished_job(self, location: str, headers: Headers | None = None) -> Json:
        """The import job at ``location`` once it has succeeded or failed."""
        for _ in range(6000):  # a bound on polling, not a timing check: 5 minutes
            job = await self.get(location, headers)
            if job["state"] in ("succeeded", "failed"):
                return job
            await asyncio.sleep(0.05)
        raise AssertionError(f"the job at {location} did not finish: {job}")

    # --- what happened -------------------------------------------------------------------

    async def events(self, count: int, event_type: str | None = None) -> list[CloudEvent]:
        """The first ``count`` events this service published on NATS (waits for them), of
        ``event_type`` only if given."""
        assert self.producer, f"{type(self).__name__}.producer names the service's stream"
        envelopes = await collect(self.nats_url, self.producer, count)
        return [e for e in envelopes if event_type is None or e.type == event_type]

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """The service's own unit of work (commits on exit), for factories."""
        async for session in session_scope(self.app.state.runtime.sessions):
            yield session


@contextlib.asynccontextmanager
async def serve(
    harness: type[H],
    app: FastAPI,
    *,
    private_key: str,
    nats_url: str,
    **extra: Any,
) -> AsyncIterator[H]:
    """Serve ``app`` over real HTTP until the block exits; yields its ``harness``.

    ``extra``: keyword arguments of the subclass's own constructor.
    """
    async with (
        serving(app) as url,
        httpx.AsyncClient(base_url=url, timeout=60) as http,
    ):
        yield harness(http=http, app=app, private_key=private_key, nats_url=nats_url, **extra)
