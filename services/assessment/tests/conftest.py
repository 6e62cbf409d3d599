"""The assessment service under test: real database, real NATS, real HTTP, next to a fake
registry; plus the callers, factories and checks most tests start from.

Test modules are imported in importlib mode and cannot import this file, so what they need
hangs off the ``service`` fixture (typed ``Any`` there, as in the other services' tests).
"""

from __future__ import annotations

import contextlib
import re
import uuid
import zlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx
import pytest
from assessment.company_facts import service as company_facts
from assessment.config import Settings
from assessment.main import create_app
from fastapi import FastAPI
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from shared.auth import Role
from shared.db import session_scope, utcnow
from shared.events.base import CloudEvent
from shared.events.registry import CompanyFacts
from shared.natsserver import NatsServer
from shared.testing.events import collect
from shared.testing.servers import serving
from shared.testing.tokens import bearer

COHORT_FLOW = ["planning", "nominations_open", "selection", "active", "review", "closed"]
EFQM_9_KEYS = [
    "leadership",
    "strategy",
    "people",
    "partnerships_resources",
    "processes_products_services",
    "customer_results",
    "people_results",
    "society_results",
    "key_results",
]


def facts(**overrides: Any) -> CompanyFacts:
    """An eligible local IT company unless ``overrides`` say otherwise."""
    values: dict[str, Any] = {
        "company_id": uuid.uuid4(),
        "version": 1,
        "kind": "local",
        "display_name": "Қазақ Софт",
        "segments": ["software_development"],
        "in_scope": True,
        "employees": 25,
        "founded_on": date(2015, 3, 1),
        "private_sector_share": 70,
        "status": "active",
        "publication": "published",
    }
    values.update(overrides)
    return CompanyFacts(**values)


def problem(response: httpx.Response, status: int, rule: str | None = None) -> dict[str, Any]:
    """The problem body of ``response``, checked for its status and (409) the rule named."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    if rule is not None:
        assert body["rule"] == rule, body
        assert body["type"] == f"urn:blp:problem:conflict/{rule}"
    return body


def pdf_text(document: bytes) -> str:
    """The text an fpdf2 PDF shows, decoded through each font's ToUnicode map.

    Enough of a PDF reader for our own reports: Flate streams, Type0 fonts with 2-byte
    codes in literal strings (``Tj``), one ToUnicode CMap per font.
    """
    objects = {int(n): body for n, body in re.findall(rb"(\d+) 0 obj(.*?)endobj", document, re.S)}

    def stream(body: bytes) -> bytes:
        head, _, rest = body.partition(b"stream")
        rest = rest[2:] if rest.startswith(b"\r\n") else rest[1:]  # the EOL after "stream"
        # /Length, not a strip of line ends: compressed data may itself end in \n or \r
        # (its checksum is random), and stripping it made this reader lose pages now and then
        length = re.search(rb"/Length (\d+)", head)
        raw = rest[: int(length.group(1))] if length else rest[: rest.rindex(b"endstream")]
        return zlib.decompress(raw) if b"FlateDecode" in head else raw

    def cmap(number: int) -> dict[bytes, str]:
        mapping = {}
        for code, char in re.findall(
            rb"<([0-9A-Fa-f]{4})> <([0-9A-Fa-f]+)>", stream(objects[number])
        ):
            mapping[bytes.fromhex(code.decode())] = bytes.fromhex(char.decode()).decode("utf-16-be")
        return mapping

    fonts = {}
    for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", document):
        to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", objects[int(number)])
        if to_unicode:
            fonts[name] = cmap(int(to_unicode.group(1)))
    escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}

    def literal(raw: bytes) -> bytes:
        return re.sub(
            rb"\\([0-7]{1,3}|.)",
            lambda m: (
                bytes([int(m.group(1), 8)])
                if m.group(1)[:1].isdigit()
                else escapes.get(m.group(1), m.group(1))
            ),
            raw,
            flags=re.S,
        )

    lines = []
    for body in objects.values():
        if b"stream" not in body or b"/Length1" in body:
            continue
        try:
            content = stream(body)
        except zlib.error:
            continue
        font: dict[bytes, str] = {}
        for token in re.finditer(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", content, re.S):
            if token.group(1):
                font = fonts.get(token.group(1), {})
                continue
            codes = literal(token.group(2))
            lines.append("".join(font.get(codes[i : i + 2], "?") for i in range(0, len(codes), 2)))
    return "\n".join(lines)


@dataclass
class FakeRegistry:
    """Stands in for the registry's ``GET /companies/{id}``: profiles by id, and what it saw."""

    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[dict[str, str]] = field(default_factory=list)

    def app(self) -> Starlette:
        async def company(request: Request) -> JSONResponse:
            self.requests.append(dict(request.headers))
            profile = self.profiles.get(request.path_params["company_id"])
            if profile is None:
                return JSONResponse({"status": 404}, status_code=404)
            return JSONResponse(profile)

        return Starlette(routes=[Route("/companies/{company_id}", company)])

    def add(self, company: CompanyFacts, hide: tuple[str, ...] = ()) -> None:
        """Serve ``company`` as the registry's company resource, without ``hide`` fields."""
        profile = company.model_dump(mode="json", exclude={"company_id", *hide})
        self.profiles[str(company.company_id)] = {"id": str(company.company_id), **profile}


@dataclass
class Service:
    """The running service and the means to call it as anyone."""

    http: httpx.AsyncClient
    app: FastAPI
    private_key: str
    nats_url: str
    registry: FakeRegistry

    facts = staticmethod(facts)
    problem = staticmethod(problem)
    pdf_text = staticmethod(pdf_text)
    efqm_9 = EFQM_9_KEYS

    def as_(
        self, role: Role, company_id: uuid.UUID | None = None, subject: str | None = None
    ) -> dict[str, str]:
        """Authorization headers of a caller in ``role`` (``subject``: its client id)."""
        claims = {"sub": subject} if subject else {}
        return bearer(self.private_key, role, company_id, **claims)

    @property
    def pm(self) -> dict[str, str]:
        return self.as_(Role.PROGRAMME_MANAGER, subject="pm-1")

    def partner(self, company_id: uuid.UUID | None = None) -> dict[str, str]:
        """An international company's caller."""
        return self.as_(Role.INTERNATIONAL_COMPANY, company_id or uuid.uuid4())

    async def company(self, **overrides: Any) -> uuid.UUID:
        """A company in the read model, as if the registry's event had arrived."""
        company = facts(**overrides)
        async for session in session_scope(self.app.state.runtime.sessions):
            await company_facts.apply(session=session, facts=company, source="event", now=utcnow())
        return company.company_id

    async def cohort(self, status: str = "planning", **overrides: Any) -> dict[str, Any]:
        """A cohort created by the programme manager and moved along to ``status``."""
        body = {"name": f"Cohort {uuid.uuid4().hex[:8]}", "starts_on": "2027-01-15", **overrides}
        response = await self.http.post("/cohorts", json=body, headers=self.pm)
        assert response.status_code == 201, response.text
        cohort = response.json()
        for step in COHORT_FLOW[1 : COHORT_FLOW.index(status) + 1]:
            cohort = await self.send(
                "PUT", f"/cohorts/{cohort['id']}/status", {"status": step}, cohort
            )
        return cohort

    async def advance(self, cohort: dict[str, Any], status: str) -> dict[str, Any]:
        """Move ``cohort`` (as last read) on to ``status``."""
        current = await self.get(f"/cohorts/{cohort['id']}")
        for step in COHORT_FLOW[
            COHORT_FLOW.index(current["status"]) + 1 : COHORT_FLOW.index(status) + 1
        ]:
            current = await self.send(
                "PUT", f"/cohorts/{cohort['id']}/status", {"status": step}, current
            )
        return current

    async def get(self, path: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
        response = await self.http.get(path, headers=headers or self.pm)
        assert response.status_code == 200, response.text
        return response.json()

    async def send(
        self,
        method: str,
        path: str,
        body: dict[str, Any],
        current: dict[str, Any],
        headers: dict[str, str] | None = None,
        expect: int = 200,
    ) -> dict[str, Any]:
        """An update quoting ``current``'s version as If-Match; returns the response body."""
        response = await self.http.request(
            method,
            path,
            json=body,
            headers={**(headers or self.pm), "If-Match": f'"{current["version"]}"'},
        )
        assert response.status_code == expect, response.text
        return response.json()

    async def nominate(
        self,
        cohort: dict[str, Any],
        company_id: uuid.UUID,
        headers: dict[str, str],
        expect: int | None = 201,
    ) -> httpx.Response:
        response = await self.http.post(
            "/nominations",
            json={"cohort_id": cohort["id"], "company_id": str(company_id)},
            headers=headers,
        )
        if expect is not None:
            assert response.status_code == expect, response.text
        return response

    async def decide(
        self, nomination: dict[str, Any], decision: str, expect: int = 200
    ) -> httpx.Response:
        current = await self.get(f"/nominations/{nomination['id']}")
        response = await self.http.put(
            f"/nominations/{nomination['id']}/decision",
            json={"decision": decision, "comment": "Решение совета"},
            headers={**self.pm, "If-Match": f'"{current["version"]}"'},
        )
        assert response.status_code == expect, response.text
        return response

    async def selected(self, **company: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        """A cohort in selection and a company selected in it: (cohort, nomination)."""
        cohort = await self.cohort("nominations_open")
        company_id = await self.company(**company)
        nomination = (await self.nominate(cohort, company_id, self.partner())).json()
        cohort = await self.advance(cohort, "selection")
        nomination = (await self.decide(nomination, "selected")).json()
        return cohort, nomination

    async def events(self, count: int, event_type: str | None = None) -> list[CloudEvent]:
        """The first ``count`` events this service published on NATS (waits for them), of
        ``event_type`` only if given."""
        envelopes = await collect(self.nats_url, "assessment", count)
        return [e for e in envelopes if event_type is None or e.type == event_type]


Launcher = Callable[..., contextlib.AbstractAsyncContextManager[Service]]


@pytest.fixture
def launch(
    database: Callable[[str], str], nats_server: NatsServer, jwt_keys: tuple[str, str]
) -> Launcher:
    """``async with launch(registry_url=...)``: the service, its registry elsewhere if given."""

    @contextlib.asynccontextmanager
    async def running(registry_url: str | None = None) -> AsyncIterator[Service]:
        registry = FakeRegistry()
        async with contextlib.AsyncExitStack() as stack:
            if registry_url is None:
                registry_url = await stack.enter_async_context(serving(registry.app()))
            app = create_app(
                Settings(
                    database_url=database("assessment"),
                    nats_url=nats_server.url,
                    jwt_public_key=jwt_keys[1],
                    registry_url=registry_url,
                    outbox_poll_seconds=0.2,
                )
            )
            url = await stack.enter_async_context(serving(app))
            http = await stack.enter_async_context(httpx.AsyncClient(base_url=url, timeout=60))
            yield Service(http, app, jwt_keys[0], nats_server.url, registry)

    return running


@pytest.fixture
async def service(launch: Launcher) -> AsyncIterator[Service]:
    async with launch() as running:
        yield running
