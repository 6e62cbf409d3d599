"""Training needs: made from approved development plans, moved by enrolments."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from shared.events.assessment import DevelopmentPlanApproved, DevelopmentPlanApprovedV2
from shared.persistence import bump, one_or_404, where_given
from training.companies.models import CompanyFact
from training.courses.models import Course
from training.courses.schemas import CourseStatus
from training.enrolments.models import Enrolment
from training.needs.language import plan_language
from training.needs.models import TrainingNeed
from training.needs.schemas import NeedStatus
from training.sessions.models import CourseSession
from training.sessions.service import SEAT_HOLDING


async def apply_plan(
    *,
    session: AsyncSession,
    plan: DevelopmentPlanApproved | DevelopmentPlanApprovedV2,
    now: datetime,
) -> list[TrainingNeed]:
    """One need per plan item not seen before; returns the new ones.

    Keyed by the item's id, so a duplicate or re-sent plan adds nothing, and a plan that
    arrives before its company's selection is kept all the same (enrolment checks the
    selection, not this). A plan of either version: v1 names the staff member, v2 gives the
    plan's id for them (``_who``).
    """
    item_ids = [i.item_id for i in plan.training] + [i.item_id for i in plan.internships]
    if not item_ids:
        return []
    known = set(
        (
            await session.scalars(
                sa.select(TrainingNeed.item_id).where(col(TrainingNeed.item_id).in_(item_ids))
            )
        ).all()
    )
    common: dict[str, Any] = {
        "assessment_id": plan.assessment_id,
        "company_id": plan.company_id,
        "cohort_id": plan.cohort_id,
        "status": NeedStatus.OPEN,
        "plan_approved_at": plan.approved_at,
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }
    needs = [
        TrainingNeed(
            item_id=item.item_id,
            kind="training",
            skills_area=item.skills_area,
            **_who(item),
            function=item.function,
            recommendation=item.recommendation,
            # a v1 item's name is among its words too (v2 has none)
            language=plan_language(
                item.function, getattr(item, "staff_member", None), item.recommendation
            ),
            estimated_cost_minor=item.estimated_cost.minor if item.estimated_cost else None,
            estimated_cost_currency=item.estimated_cost.currency if item.estimated_cost else None,
            **common,
        )
        for item in plan.training
        if item.item_id not in known
    ] + [
        TrainingNeed(
            item_id=item.item_id,
            kind="internship",
            **_who(item),
            recommendation=item.purpose,
            internship_kind=item.kind,
            host_company_id=item.host_company_id,
            estimated_cost_minor=item.estimated_cost.minor if item.estimated_cost else None,
            estimated_cost_currency=item.estimated_cost.currency if item.estimated_cost else None,
            **common,
        )
        for item in plan.internships
        if item.item_id not in known
    ]
    session.add_all(needs)
    await session.flush()
    return needs


def _who(item: Any) -> dict[str, Any]:
    """Whom a plan item is for: a v1 item's ``staff_member`` (a name) or a v2 item's
    ``staff_member_id``; the other is None."""
    return {
        "staff_member": getattr(item, "staff_member", None),
        "staff_member_id": getattr(item, "staff_member_id", None),
    }


async def get(*, session: AsyncSession, need_id: uuid.UUID, lock: bool = False) -> TrainingNeed:
    """The need, or 404; ``lock`` before enrolling against it."""
    return await one_or_404(
        session,
        sa.select(TrainingNeed).where(TrainingNeed.id == need_id),
        what="training need",
        lock=lock,
    )


def listing(
    *,
    company_id: uuid.UUID | None,
    cohort_id: uuid.UUID | None,
    kind: str | None,
    status: NeedStatus | None,
    skills_area: str | None,
) -> sa.Select[tuple[TrainingNeed]]:
    """Needs, filtered (a statement, for paging)."""
    return where_given(
        sa.select(TrainingNeed),
        (TrainingNeed.company_id, company_id),
        (TrainingNeed.cohort_id, cohort_id),
        (TrainingNeed.kind, kind),
        (TrainingNeed.status, status),
        (TrainingNeed.skills_area, skills_area),
    )


async def implementation_counts(
    *, session: AsyncSession, company_id: uuid.UUID | None, cohort_id: uuid.UUID | None
) -> list[tuple[uuid.UUID, uuid.UUID, str, str, int]]:
    """Needs per company, cohort, kind and status: what plan implementation is made of."""
    statement = sa.select(
        TrainingNeed.company_id,
        TrainingNeed.cohort_id,
        TrainingNeed.kind,
        TrainingNeed.status,
        sa.func.count(),
    ).group_by(
        TrainingNeed.company_id, TrainingNeed.cohort_id, TrainingNeed.kind, TrainingNeed.status
    )
    statement = where_given(
        statement, (TrainingNeed.company_id, company_id), (TrainingNeed.cohort_id, cohort_id)
    )
    return [tuple(row) for row in (await session.execute(statement)).all()]  # type: ignore[misc]


def move(need: TrainingNeed, status: NeedStatus, now: datetime) -> None:
    """Set a locked need's status (enrolments drive it)."""
    if need.status != status:
        need.status = status
        bump(need, now)


async def open_needs_per_area(
    *, session: AsyncSession
) -> list[tuple[str, str | None, str | None, int]]:
    """(skills area, the company's registry city code or None, the need's language or None,
    open training needs), over every company's plan."""
    rows = await session.execute(
        sa.select(
            TrainingNeed.skills_area, CompanyFact.city, TrainingNeed.language, sa.func.count()
        )
        .outerjoin(CompanyFact, CompanyFact.company_id == TrainingNeed.company_id)
        .where(TrainingNeed.kind == "training", TrainingNeed.status == NeedStatus.OPEN)
        .group_by(TrainingNeed.skills_area, CompanyFact.city, TrainingNeed.language)
    )
    return [
        (area, city, language, count) for area, city, language, count in rows if area is not None
    ]


async def upcoming_seats(
    *, session: AsyncSession, today: date
) -> list[tuple[str, str, str | None, int]]:
    """(skills area, city, language, seats left) of every session of an approved course
    that has not started."""
    taken = (
        sa.select(Enrolment.session_id, sa.func.count().label("taken"))
        .where(col(Enrolment.status).in_(SEAT_HOLDING))
        .group_by(Enrolment.session_id)
        .subquery()
    )
    rows = await session.execute(
        sa.select(
            Course.skills_area,
            CourseSession.city,
            CourseSession.language,
            CourseSession.seat_limit - sa.func.coalesce(taken.c.taken, 0),
        )
        .join(Course, Course.id == CourseSession.course_id)
        .outerjoin(taken, taken.c.session_id == CourseSession.id)
        .where(Course.status == CourseStatus.APPROVED, CourseSession.starts_on > today)
    )
    return [(area, city, language, max(left, 0)) for area, city, language, left in rows]
