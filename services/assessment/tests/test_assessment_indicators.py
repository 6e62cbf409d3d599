"""GET /indicators: companies assessed and plans approved of a cohort, as of a time, from
the assessments' approval times."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from assessment.assessments.models import Assessment

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
        assert by_code(now) == {"companies_assessed": "1", "plans_approved": "1"}
        before = await service.get(
            f"/indicators?cohort_id={cohort_id}&as_of=2026-05-31T23:59:59Z", ministry
        )
        assert by_code(before) == {"companies_assessed": "0", "plans_approved": "0"}
        assert before["as_of"] == "2026-05-31T23:59:59Z"

    async def test_an_approval_without_plan_items_is_assessed_but_no_plan(
        self, service: Any
    ) -> None:
        approved = await approved_assessment(service, None)
        body = await service.get(f"/indicators?cohort_id={approved['cohort_id']}")
        assert by_code(body) == {"companies_assessed": "1", "plans_approved": "0"}

    async def test_companies_may_not_read_them(self, service: Any) -> None:
        await service.get(
            f"/indicators?cohort_id={uuid.uuid4()}",
            service.as_(Role.LOCAL_COMPANY, uuid.uuid4()),
            expect=403,
        )
