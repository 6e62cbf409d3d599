"""The training service under test: real database, real NATS, real HTTP; plus the callers,
factories and checks most tests start from.

Test modules are imported in importlib mode and cannot import this file, so what they need
hangs off the ``service`` fixture (typed ``Any`` there, as in the other services' tests).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from training import handlers
from training.config import Settings
from training.main import create_app

from shared.auth import Role
from shared.db import session_scope
from shared.events.assessment import (
    CompanySelected,
    DevelopmentPlanApproved,
    InternshipRecommendation,
    TrainingRecommendation,
)
from shared.events.base import CloudEvent
from shared.money import Money
from shared.natsserver import NatsServer
from shared.testing.events import collect
from shared.testing.servers import serving
from shared.testing.tokens import bearer


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


def course_body(**overrides: Any) -> dict[str, Any]:
    """A vendor network course in Russian and English, online and in Almaty."""
    body: dict[str, Any] = {
        "skills_area": "network_engineer",
        "title": "CCNA: Introduction to Networks",
        "provider": "Cisco Networking Academy",
        "provider_kind": "vendor",
        "certification": {
            "name": "Cisco Certified Network Associate",
            "code": "200-301",
            "level": "Associate",
        },
        "languages": ["ru", "en"],
        "delivery": ["online", "in_person_almaty"],
        "duration_hours": 70,
        "list_price": {"amount": "1200.00", "currency": "USD"},
        "validity_months": 36,
        "verification_method": "credential_url",
    }
    body.update(overrides)
    return body


def plan_event(
    company_id: uuid.UUID,
    cohort_id: uuid.UUID,
    areas: list[str],
    *,
    internships: int = 0,
) -> DevelopmentPlanApproved:
    """An approved development plan: one training item per entry of ``areas``."""
    return DevelopmentPlanApproved(
        assessment_id=uuid.uuid4(),
        company_id=company_id,
        cohort_id=cohort_id,
        approved_at=datetime.now(UTC),
        training=[
            TrainingRecommendation(
                item_id=uuid.uuid4(),
                function="Сетевые инженеры",
                skills_area=area,
                recommendation=f"Сертификация по направлению {area}",
                estimated_cost=Money.of("300.00", "USD"),
            )
            for area in areas
        ],
        internships=[
            InternshipRecommendation(
                item_id=uuid.uuid4(),
                staff_member="Айгерім Нұрланқызы",
                kind="short",
                purpose="Study trip to a partner's delivery centre",
            )
            for _ in range(internships)
        ],
    )


@dataclass
class Service:
    """The running service and the means to call it as anyone."""

    http: httpx.AsyncClient
    app: FastAPI
    private_key: str
    nats_url: str

    problem = staticmethod(problem)
    course_body = staticmethod(course_body)
    plan_event = staticmethod(plan_event)

    def as_(
        self, role: Role, company_id: uuid.UUID | None = None, subject: str | None = None
    ) -> dict[str, str]:
        """Authorization headers of a caller in ``role`` (``subject``: its client id)."""
        claims = {"sub": subject} if subject else {}
        return bearer(self.private_key, role, company_id, **claims)

    @property
    def pm(self) -> dict[str, str]:
        return self.as_(Role.PROGRAMME_MANAGER, subject="pm-1")

    @property
    def ministry(self) -> dict[str, str]:
        return self.as_(Role.MINISTRY, subject="ministry-1")

    def local(self, company_id: uuid.UUID) -> dict[str, str]:
        """A local company's user."""
        return self.as_(Role.LOCAL_COMPANY, company_id, subject=f"user-{company_id}")

    async def get(self, path: str, headers: dict[str, str] | None = None) -> Any:
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

    async def post(
        self, path: str, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> dict[str, Any]:
        response = await self.http.post(path, json=body, headers=headers or self.pm)
        assert response.status_code == 201, response.text
        return response.json()

    async def course(self, status: str = "approved", **overrides: Any) -> dict[str, Any]:
        """A course proposed by the PM and, unless ``status`` says otherwise, approved."""
        course = await self.post("/courses", course_body(**overrides))
        if status != "proposed":
            course = await self.send(
                "PUT", f"/courses/{course['id']}/status", {"status": "approved"}, course
            )
        if status == "retired":
            course = await self.send(
                "PUT", f"/courses/{course['id']}/status", {"status": "retired"}, course
            )
        return course

    async def session_of(self, course: dict[str, Any], **overrides: Any) -> dict[str, Any]:
        """A session of ``course`` next month, online, 20 seats unless overridden."""
        starts = date.today() + timedelta(days=30)
        body = {
            "course_id": course["id"],
            "starts_on": starts.isoformat(),
            "ends_on": (starts + timedelta(days=5)).isoformat(),
            "city": "online",
            "seat_limit": 20,
            **overrides,
        }
        return await self.post("/sessions", body)

    async def trainee(self, company_id: uuid.UUID, **overrides: Any) -> dict[str, Any]:
        """A trainee of ``company_id``, added by the company's own user."""
        body = {
            "name": "Ерлан Сейтқали",
            "function": "Сетевой инженер",
            "languages": ["ru", "kk"],
            "email": "erlan@example.kz",
            **overrides,
        }
        return await self.post("/trainees", body, self.local(company_id))

    async def apply(self, event: Any) -> None:
        """Apply an event through the service's own handlers, as the consumer does (minus
        NATS: for tests whose subject is what comes after)."""
        for handler in handlers.EVENT_HANDLERS[type(event)]:
            async for session in session_scope(self.app.state.runtime.sessions):
                await handler(session, event, CloudEvent.wrap(event))

    async def select(self, company_id: uuid.UUID, cohort_id: uuid.UUID) -> None:
        await self.apply(
            CompanySelected(company_id=company_id, cohort_id=cohort_id, cohort_name="Когорта 2027")
        )

    async def selected_company_with_needs(
        self, areas: list[str], *, selected: bool = True
    ) -> tuple[uuid.UUID, uuid.UUID, list[dict[str, Any]]]:
        """A company (selected into a new cohort unless told not) with an approved plan of
        one training need per entry of ``areas``: (company, cohort, needs)."""
        company_id, cohort_id = uuid.uuid4(), uuid.uuid4()
        if selected:
            await self.select(company_id, cohort_id)
        await self.apply(plan_event(company_id, cohort_id, areas))
        needs = await self.get(f"/needs?company_id={company_id}&kind=training&limit=200")
        return company_id, cohort_id, needs["items"]

    async def events(self, count: int, event_type: str | None = None) -> list[CloudEvent]:
        """The first ``count`` events this service published on NATS (waits for them), of
        ``event_type`` only if given."""
        envelopes = await collect(self.nats_url, "training", count)
        return [e for e in envelopes if event_type is None or e.type == event_type]


Launcher = Callable[..., contextlib.AbstractAsyncContextManager[Service]]


@pytest.fixture
def launch(
    database: Callable[[str], str],
    nats_server: NatsServer,
    jwt_keys: tuple[str, str],
    tmp_path: Path,
) -> Launcher:
    """``async with launch()``: the service on a fresh database and the test's NATS."""

    @contextlib.asynccontextmanager
    async def running(**settings: Any) -> AsyncIterator[Service]:
        async with contextlib.AsyncExitStack() as stack:
            app = create_app(
                Settings(
                    database_url=database("training"),
                    nats_url=nats_server.url,
                    jwt_public_key=jwt_keys[1],
                    outbox_poll_seconds=0.2,
                    evidence_dir=str(tmp_path / "evidence"),
                    badge_key_file=str(tmp_path / "badge-key.pem"),
                    **settings,
                )
            )
            url = await stack.enter_async_context(serving(app))
            http = await stack.enter_async_context(httpx.AsyncClient(base_url=url, timeout=60))
            yield Service(http, app, jwt_keys[0], nats_server.url)

    return running


@pytest.fixture
async def service(launch: Launcher) -> AsyncIterator[Service]:
    async with launch() as running:
        yield running
