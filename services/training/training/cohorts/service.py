"""The cohort membership read model: which companies the selection board took into which
cohort. Enrolment asks it; ``blp.assessment.company.selected`` feeds it."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from shared.events.assessment import CohortStatusChanged, CompanySelected
from training.cohorts.models import CohortMembership, CohortState


async def record_selection(
    *, session: AsyncSession, selected: CompanySelected, now: datetime
) -> bool:
    """Note the company in the cohort; False if it was already known (a duplicate)."""
    known = await session.scalar(
        sa.select(sa.func.count()).where(
            CohortMembership.company_id == selected.company_id,
            CohortMembership.cohort_id == selected.cohort_id,
        )
    )
    if known:
        return False
    session.add(
        CohortMembership(
            company_id=selected.company_id,
            cohort_id=selected.cohort_id,
            cohort_name=selected.cohort_name,
            nomination_id=selected.nomination_id,
            selected_at=selected.selected_at,
            created_at=now,
        )
    )
    await session.flush()
    return True


async def is_member(*, session: AsyncSession, company_id: uuid.UUID, cohort_id: uuid.UUID) -> bool:
    """Whether the company was selected into the cohort."""
    return bool(
        await session.scalar(
            sa.select(sa.func.count()).where(
                CohortMembership.company_id == company_id,
                CohortMembership.cohort_id == cohort_id,
            )
        )
    )


async def record_status(
    *, session: AsyncSession, changed: CohortStatusChanged, now: datetime
) -> bool:
    """Keep the cohort's status if this move is newer than the one held; False for a
    duplicate or a late (older) event."""
    held = await session.get(CohortState, changed.cohort_id)
    if held is not None and held.changed_at >= changed.changed_at:
        return False
    row = held or CohortState(cohort_id=changed.cohort_id, cohort_name="", status="")
    row.cohort_name = changed.cohort_name
    row.status = changed.status
    row.changed_at = changed.changed_at
    row.updated_at = now
    session.add(row)
    await session.flush()
    return True
