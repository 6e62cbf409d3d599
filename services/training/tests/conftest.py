"""The training service under test: real database, real NATS, real HTTP; the
``TrainingHarness`` its tests call it through.

The generic part (callers in any role, checked reads, If-Match writes, problems, events)
is ``shared.testing.harness.ServiceHarness``; this adds training's own factories. Test
modules are imported in importlib mode and cannot import this file at run time, so what
they need hangs off the ``service`` fixture.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

import pytest
from training import handlers
from training.config import Settings
from training.main import create_app

from shared.auth import Role
from shared.events.assessment import (
    CompanySelected,
    DevelopmentPlanApproved,
    DevelopmentPlanApprovedV2,
    InternshipRecommendation,
    InternshipRecommendationV2,
    TrainingRecommendationV2,
)
from shared.events.base import CloudEvent
from shared.money import Money
from shared.natsserver import NatsServer
from shared.testing.harness import Headers, Json, ServiceHarness, serve


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


STAFF_MEMBER_ID = uuid.UUID("57aff000-0000-4000-8000-000000000001")
"""The plan's id of the staff member every internship of ``plan_event`` is for."""


def plan_event(
    company_id: uuid.UUID,
    cohort_id: uuid.UUID,
    areas: list[str],
    *,
    internships: int = 0,
) -> DevelopmentPlanApprovedV2:
    """An approved development plan as the assessment publishes it (v2: staff by id): one
    training item per entry of ``areas``, ``internships`` for ``STAFF_MEMBER_ID``."""
    return DevelopmentPlanApprovedV2(
        assessment_id=uuid.uuid4(),
        company_id=company_id,
        cohort_id=cohort_id,
        approved_at=datetime.now(UTC),
        training=[
            TrainingRecommendationV2(
                item_id=uuid.uuid4(),
                function="Сетевые инженеры",
                skills_area=area,
                recommendation=f"Сертификация по направлению {area}",
                estimated_cost=Money.of("300.00", "USD"),
            )
            for area in areas
        ],
        internships=[
            InternshipRecommendationV2(
                item_id=uuid.uuid4(),
                staff_member_id=STAFF_MEMBER_ID,
                kind="short",
                purpose="Study trip to a partner's delivery centre",
            )
            for _ in range(internships)
        ],
    )


def plan_event_v1(company_id: uuid.UUID, cohort_id: uuid.UUID) -> DevelopmentPlanApproved:
    """A plan as the assessment published it before v2, staff by name: one internship."""
    return DevelopmentPlanApproved(
        assessment_id=uuid.uuid4(),
        company_id=company_id,
        cohort_id=cohort_id,
        approved_at=datetime.now(UTC),
        internships=[
            InternshipRecommendation(
                item_id=uuid.uuid4(),
                staff_member="Айгерім Нұрланқызы",
                kind="short",
                purpose="Study trip to a partner's delivery centre",
            )
        ],
    )


class TrainingHarness(ServiceHarness):
    """The running training service and its factories: courses, sessions, trainees, and
    the assessment's events applied through the service's own handlers."""

    producer: ClassVar[str] = "training"

    course_body = staticmethod(course_body)
    plan_event = staticmethod(plan_event)
    plan_event_v1 = staticmethod(plan_event_v1)
    staff_member_id: ClassVar[uuid.UUID] = STAFF_MEMBER_ID

    @property
    def ministry(self) -> Headers:
        return self.as_(Role.MINISTRY, subject="ministry-1")

    def local(self, company_id: uuid.UUID) -> Headers:
        """A local company's user."""
        return self.as_(Role.LOCAL_COMPANY, company_id, subject=f"user-{company_id}")

    async def course(
        self, status: str = "approved", by: Headers | None = None, **overrides: Any
    ) -> Json:
        """A course proposed by the PM (or ``by`` that caller) and, unless ``status`` says
        otherwise, approved."""
        course = await self.create("/courses", course_body(**overrides), by)
        if status != "proposed":
            course = await self.send(
                "PUT", f"/courses/{course['id']}/status", {"status": "approved"}, course
            )
        if status == "retired":
            course = await self.send(
                "PUT", f"/courses/{course['id']}/status", {"status": "retired"}, course
            )
        return course

    async def session_of(self, course: Json, **overrides: Any) -> Json:
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
        return await self.create("/sessions", body)

    async def trainee(self, company_id: uuid.UUID, **overrides: Any) -> Json:
        """A trainee of ``company_id``, added by the company's own user."""
        body = {
            "name": "Ерлан Сейтқали",
            "function": "Сетевой инженер",
            "languages": ["ru", "kk"],
            "email": "erlan@example.kz",
            **overrides,
        }
        return await self.create("/trainees", body, self.local(company_id))

    async def apply(self, event: Any) -> None:
        """Apply an event through the service's own handlers, as the consumer does (minus
        NATS: for tests whose subject is what comes after)."""
        for handler in handlers.EVENT_HANDLERS[type(event)]:
            async with self.transaction() as session:
                await handler(session, event, CloudEvent.wrap(event))

    async def select(self, company_id: uuid.UUID, cohort_id: uuid.UUID) -> None:
        await self.apply(
            CompanySelected(company_id=company_id, cohort_id=cohort_id, cohort_name="Когорта 2027")
        )

    async def selected_company_with_needs(
        self, areas: list[str], *, selected: bool = True
    ) -> tuple[uuid.UUID, uuid.UUID, list[Json]]:
        """A company (selected into a new cohort unless told not) with an approved plan of
        one training need per entry of ``areas``: (company, cohort, needs)."""
        company_id, cohort_id = uuid.uuid4(), uuid.uuid4()
        if selected:
            await self.select(company_id, cohort_id)
        await self.apply(plan_event(company_id, cohort_id, areas))
        needs = await self.get(f"/needs?company_id={company_id}&kind=training&limit=200")
        return company_id, cohort_id, needs["items"]


@pytest.fixture
async def service(
    database: Callable[[str], str],
    nats_server: NatsServer,
    jwt_keys: tuple[str, str],
    tmp_path: Path,
) -> AsyncIterator[TrainingHarness]:
    """The service on a fresh database and the test's NATS; evidence and the badge key
    under the test's own directory."""
    app = create_app(
        Settings(
            database_url=database("training"),
            nats_url=nats_server.url,
            jwt_public_key=jwt_keys[1],
            outbox_poll_seconds=0.2,
            evidence_dir=str(tmp_path / "evidence"),
            badge_key_file=str(tmp_path / "badge-key.pem"),
        )
    )
    async with serve(
        TrainingHarness, app, private_key=jwt_keys[0], nats_url=nats_server.url
    ) as harness:
        yield harness
