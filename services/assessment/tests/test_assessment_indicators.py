"""GET /indicators: the selection funnel (companies nominated, eligible, selected) and
companies assessed and plans approved of a cohort, as of a time, from the nominations' and
assessments' own times."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from assessment.assessments.models import Assessment
from assessment.nomination.models import Nomination

from shared.auth import Role

PLAN = {
    "training": [
        {
            "function": "Отдел продаж",
            "skills_area": "sales_marketing",
            "recommendation": "B2B sales of IT services",
        }
    ],
    "internships": [],
    "other_measures": [],
}


async def approved_assessment(service: Any, plan: dict[str, Any] | None) -> dict[str, Any]:
    _, nomination = await service.selected()
    assessment = await service.create(
        "/assessments",
        {"nomination_id": nomination["id"], "assessors": [{"subject": "a-1", "name": "Дина"}]},
    )
    for criterion in service.efqm_9:
        assessment = await service.send(
            "PUT",
            f"/assessments/{assessment['id']}/scores/{criterion}",
            {"score_percent": "60"},
            assessment,
        )
    if plan is not None:
        assessment = await service.send(
            "PATCH",
            f"/assessments/{assessment['id']}/report",
            {"development_plan": plan},
            assessment,
        )
    status = f"/assessments/{assessment['id']}/status"
    assessment = await service.send("PUT", status, {"status": "submitted"}, assessment)
    return await service.send("PUT", status, {"status": "approved"}, assessment)


def by_code(body: dict[str, Any]) -> dict[str, Any]:
    return {i["code"]: i["value"] for i in body["indicators"]}


FUNNEL = ("companies_nominated", "companies_eligible", "companies_selected")


def funnel(body: dict[str, Any]) -> tuple[str, str, str]:
    values = by_code(body)
    return values[FUNNEL[0]], values[FUNNEL[1]], values[FUNNEL[2]]


def assessed(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in by_code(body).items() if k not in FUNNEL}


class TestAssessmentIndicators:
    async def test_assessed_and_plans_count_from_the_approval_time(self, service: Any) -> None:
        approved = await approved_assessment(service, PLAN)
        cohort_id = approved["cohort_id"]
        async with service.transaction() as session:
            await session.execute(
                sa.update(Assessment)
                .where(Assessment.id == uuid.UUID(approved["id"]))
                .values(approved_at=datetime(2026, 6, 1, tzinfo=UTC))
            )
        ministry = service.as_(Role.MINISTRY)
        now = await service.get(f"/indicators?cohort_id={cohort_id}", ministry)
        assert now["service"] == "assessment" and now["cohort_id"] == cohort_id
        assert assessed(now) == {"companies_assessed": "1", "plans_approved": "1"}
        before = await service.get(
            f"/indicators?cohort_id={cohort_id}&as_of=2026-05-31T23:59:59Z", ministry
        )
        assert assessed(before) == {"companies_assessed": "0", "plans_approved": "0"}
        assert before["as_of"] == "2026-05-31T23:59:59Z"

    async def test_an_approval_without_plan_items_is_assessed_but_no_plan(
        self, service: Any
    ) -> None:
        approved = await approved_assessment(service, None)
        body = await service.get(f"/indicators?cohort_id={approved['cohort_id']}")
        assert assessed(body) == {"companies_assessed": "1", "plans_approved": "0"}

    async def test_the_selection_funnel_counts_nominations_by_their_own_times(
        self, service: Any
    ) -> None:
        cohort = await service.cohort("nominations_open")
        partner = service.partner()
        nominations = [
            (await service.nominate(cohort, await service.company(), partner)).json()
            for _ in range(3)
        ]
        await service.advance(cohort, "selection")
        await service.decide(nominations[0], "selected")
        await service.decide(nominations[1], "rejected")
        ids = [uuid.UUID(n["id"]) for n in nominations]
        async with service.transaction() as session:
            await session.execute(
                sa.update(Nomination)
                .where(Nomination.cohort_id == uuid.UUID(cohort["id"]))  # type: ignore[arg-type]
                .values(created_at=datetime(2026, 3, 1, tzinfo=UTC))
            )
            await session.execute(
                sa.update(Nomination)
                .where(Nomination.id == ids[0])  # type: ignore[arg-type]
                .values(decided_at=datetime(2026, 4, 1, tzinfo=UTC))
            )
            await session.execute(  # fell out of eligibility when its facts changed
                sa.update(Nomination)
                .where(Nomination.id == ids[2])  # type: ignore[arg-type]
                .values(eligible=False)
            )
        other = await service.cohort("nominations_open")  # another cohort's count apart
        await service.nominate(other, await service.company(), service.partner())

        async def at(as_of: str | None) -> tuple[str, str, str]:
            query = f"/indicators?cohort_id={cohort['id']}"
            return funnel(await service.get(query + (f"&as_of={as_of}" if as_of else "")))

        assert await at(None) == ("3", "2", "1")
        assert await at("2026-03-31T23:59:59Z") == ("3", "2", "0")  # not decided yet
        assert await at("2026-02-28T23:59:59Z") == ("0", "0", "0")  # not nominated yet

    async def test_companies_may_not_read_them(self, service: Any) -> None:
        await service.get(
            f"/indicators?cohort_id={uuid.uuid4()}",
            service.as_(Role.LOCAL_COMPANY, uuid.uuid4()),
            expect=403,
        )
