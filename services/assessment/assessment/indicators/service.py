"""Assessment indicators: the selection funnel (companies nominated, eligible, selected) and
companies assessed and development plans approved, by a time.

An assessment's approval publishes its EFQM result and its development plan in the same
transaction, so ``approved_at`` dates both; a nomination's ``created_at`` dates it and its
``decided_at`` the board's decision.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from assessment.assessments.models import Assessment, AssessmentStatus
from assessment.nomination.models import Nomination, NominationStatus
from shared.indicators import IndicatorValueRead, value

PLAN_PARTS = ("training", "internships", "other_measures")


def has_plan(report: dict[str, Any]) -> bool:
    """A report's development plan has at least one item."""
    plan = report.get("development_plan") or {}
    return any(plan.get(part) for part in PLAN_PARTS)


async def compute(
    *, session: AsyncSession, cohort_id: uuid.UUID, as_of: datetime
) -> list[IndicatorValueRead]:
    """companies_nominated, companies_eligible, companies_selected, companies_assessed,
    plans_approved."""
    nominated, eligible, selected = (
        await session.execute(
            sa.select(
                sa.func.count(),
                sa.func.count().filter(Nomination.eligible.is_(True)),  # type: ignore[attr-defined]
                sa.func.count().filter(
                    Nomination.status == NominationStatus.SELECTED,
                    Nomination.decided_at <= as_of,  # type: ignore[operator]
                ),
            ).where(Nomination.cohort_id == cohort_id, Nomination.created_at <= as_of)
        )
    ).one()
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
        value("companies_nominated", nominated, as_of),
        value("companies_eligible", eligible, as_of),
        value("companies_selected", selected, as_of),
        value("companies_assessed", len(companies), as_of),
        value("plans_approved", len(plans), as_of),
    ]
