"""The assessment service under test: real database, real NATS, real HTTP, next to a fake
registry; the ``AssessmentHarness`` its tests call it through.

The generic part (callers in any role, checked reads, If-Match writes, problems, events)
is ``shared.testing.harness.ServiceHarness``; this adds the assessment's own factories.
Test modules are imported in importlib mode and cannot import this file at run time; they
annotate their fixture as ``service: AssessmentHarness`` under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

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

from shared.db import utcnow
from shared.events.assessment import CohortStatusChanged
from shared.events.base import CloudEvent
from shared.events.registry import CompanyFacts
from shared.natsserver import NatsServer
from shared.testing.events import collect
from shared.testing.harness import Headers, Json, ServiceHarness, serve
from shared.testing.pdf import pdf_text
from shared.testing.servers import serving

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
    """A published, active, eligible local IT company unless ``overrides`` say otherwise."""
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


@dataclass
class FakeRegistry:
    """Stands in for the registry's ``GET /companies/{id}``: profiles by id, and what it saw."""

    profiles: dict[str, Json] = field(default_factory=dict)
    requests: list[Headers] = field(default_factory=list)

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


class AssessmentHarness(ServiceHarness):
    """The running assessment service, its fake registry, and the domain's factories."""

    producer: ClassVar[str] = "assessment"

    facts = staticmethod(facts)
    pdf_text = staticmethod(pdf_text)
    efqm_9 = EFQM_9_KEYS

    async def events(self, count: int, event_type: str | None = None) -> list[CloudEvent]:
        """The first ``count`` events of the stream, leaving out the cohort's status changes
        (``blp.assessment.cohort.status_changed``, the factories' ``advance`` makes them)
        unless ``event_type`` asks for them: a test counts what its own subject emits."""
        if event_type == CohortStatusChanged.event_type:
            return await super().events(count, event_type)
        fetched = count
        while True:
            envelopes = [
                e
                for e in await collect(self.nats_url, self.producer, fetched)
                if e.type != CohortStatusChanged.event_type
            ]
            if len(envelopes) >= count:
                return [e for e in envelopes[:count] if event_type in (None, e.type)]
            fetched += count - len(envelopes)

    def __init__(
        self,
        *,
        http: httpx.AsyncClient,
        app: FastAPI,
        private_key: str,
        nats_url: str,
        registry: FakeRegistry,
    ) -> None:
        super().__init__(http=http, app=app, private_key=private_key, nats_url=nats_url)
        self.registry = registry

    async def company(self, **overrides: Any) -> uuid.UUID:
        """A company in the read model, as if the registry's event had arrived."""
        company = facts(**overrides)
        async with self.transaction() as session:
            await company_facts.apply(session=session, facts=company, source="event", now=utcnow())
        return company.company_id

    async def cohort(self, status: str = "planning", **overrides: Any) -> Json:
        """A cohort created by the programme manager and moved along to ``status``."""
        body = {"name": f"Cohort {uuid.uuid4().hex[:8]}", "starts_on": "2027-01-15", **overrides}
        cohort = await self.create("/cohorts", body)
        for step in COHORT_FLOW[1 : COHORT_FLOW.index(status) + 1]:
            cohort = await self.send(
                "PUT", f"/cohorts/{cohort['id']}/status", {"status": step}, cohort
            )
        return cohort

    async def advance(self, cohort: Json, status: str) -> Json:
        """Move ``cohort`` (as last read) on to ``status``."""
        current = await self.get(f"/cohorts/{cohort['id']}")
        for step in COHORT_FLOW[
            COHORT_FLOW.index(current["status"]) + 1 : COHORT_FLOW.index(status) + 1
        ]:
            current = await self.send(
                "PUT", f"/cohorts/{cohort['id']}/status", {"status": step}, current
            )
        return current

    async def nominate(
        self, cohort: Json, company_id: uuid.UUID, headers: Headers, expect: int | None = 201
    ) -> httpx.Response:
        """Nominate ``company_id`` to ``cohort`` as ``headers``; ``expect`` None: unchecked."""
        response = await self.http.post(
            "/nominations",
            json={"cohort_id": cohort["id"], "company_id": str(company_id)},
            headers=headers,
        )
        if expect is not None:
            assert response.status_code == expect, response.text
        return response

    async def decide(self, nomination: Json, decision: str, expect: int = 200) -> httpx.Response:
        """The programme manager's decision on ``nomination`` (its latest version)."""
        current = await self.get(f"/nominations/{nomination['id']}")
        response = await self.http.put(
            f"/nominations/{nomination['id']}/decision",
            json={"decision": decision, "comment": "Решение совета"},
            headers={**self.pm, "If-Match": f'"{current["version"]}"'},
        )
        assert response.status_code == expect, response.text
        return response

    async def selected(self, **company: Any) -> tuple[Json, Json]:
        """A cohort in selection and a company selected in it: (cohort, nomination)."""
        cohort = await self.cohort("nominations_open")
        company_id = await self.company(**company)
        nomination = (await self.nominate(cohort, company_id, self.partner())).json()
        cohort = await self.advance(cohort, "selection")
        nomination = (await self.decide(nomination, "selected")).json()
        return cohort, nomination


Launcher = Callable[..., contextlib.AbstractAsyncContextManager[AssessmentHarness]]


@pytest.fixture
def launch(
    database: Callable[[str], str], nats_server: NatsServer, jwt_keys: tuple[str, str]
) -> Launcher:
    """``async with launch(registry_url=...)``: the service, its registry elsewhere if given."""

    @contextlib.asynccontextmanager
    async def running(registry_url: str | None = None) -> AsyncIterator[AssessmentHarness]:
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
            yield await stack.enter_async_context(
                serve(
                    AssessmentHarness,
                    app,
                    private_key=jwt_keys[0],
                    nats_url=nats_server.url,
                    registry=registry,
                )
            )

    return running


@pytest.fixture
async def service(launch: Launcher) -> AsyncIterator[AssessmentHarness]:
    async with launch() as running:
        yield running
