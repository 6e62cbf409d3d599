"""Assessment indicators: companies assessed and development plans approved, by a time.

An assessment's approval publishes its EFQM result and its development plan in the same
transaction, so ``approved_at`` dates both.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from assessment.assessments.models import Assessment, AssessmentStatus
from shared.indicators import IndicatorValueRead, value

PLAN_PARTS = ("training", "internships", "other_measures")


def has_plan(report: dict[str, Any]) -> bool:
    """A report's development plan has at least one item."""
    plan = report.get("development_plan") or {}
    return any(plan.get(part) for part in PLAN_PARTS)


async def compute(
    *, session: AsyncSession, cohort_id: uuid.UUID, as_of: datetime
) -> list[IndicatorValueRead]:
    """companies_assessed, plans_approved."""
    rows = await session.execute(
        sa.select(Assessment.company_id, Assessment.report).where(
            Assessment.cohort_id == cohort_id,
            Assessment.status == AssessmentStatus.APPROVED,
            Assessment.approved_at <= as_of,  # type: ignore[operator]
        )
    )
    approved = rows.all()
    companies = {company for company, _ in approved}
    plans = {company for company, report in approved if has_plan(report or {})}
    return [
        value("companies_assessed", len(companies), as_of),
        value("plans_approved", len(plans), as_of),
    ]
