"""The course catalogue's rules: proposals, corrections, the programme manager's decisions."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from shared import audit
from shared.auth import Principal
from shared.errors import Conflict
from shared.persistence import bump, one_or_404, where_given
from training.courses.models import Course
from training.courses.schemas import (
    DEFAULT_DISCOUNT,
    CourseCreate,
    CourseDecision,
    CourseStatus,
    CourseUpdate,
)
from training.courses.views import basis_points, course_read

RESOURCE = "course"

NEXT_STATUSES: dict[str, set[str]] = {
    CourseStatus.PROPOSED: {CourseStatus.APPROVED, CourseStatus.RETIRED},
    CourseStatus.APPROVED: {CourseStatus.RETIRED},
    CourseStatus.RETIRED: set(),
}


def _snapshot(course: Course) -> dict[str, Any]:
    return course_read(course).model_dump(mode="json", exclude={"version", "updated_at"})


async def propose(
    *, session: AsyncSession, data: CourseCreate, principal: Principal, now: datetime
) -> Course:
    """A new course in ``proposed``, whoever proposes it."""
    discount = data.vendor_discount_percent
    if discount is None:
        discount = DEFAULT_DISCOUNT[data.provider_kind]
    course = Course(
        skills_area=data.skills_area,
        title=data.title,
        description=data.description,
        provider=data.provider,
        provider_kind=data.provider_kind,
        certification_name=data.certification.name,
        certification_code=data.certification.code,
        certification_level=data.certification.level,
        languages=list(data.languages),
        delivery=list(data.delivery),
        duration_hours=data.duration_hours,
        list_price_minor=data.list_price.minor,
        currency=data.list_price.currency,
        vendor_discount_bp=basis_points(discount),
        validity_months=data.validity_months,
        verification_method=data.verification_method,
        status=CourseStatus.PROPOSED,
        proposed_by=principal.subject,
        proposed_by_company_id=principal.company_id,
        created_at=now,
        updated_at=now,
        version=1,
    )
    session.add(course)
    await session.flush()
    await audit.record(
        session,
        principal=principal,
        resource=RESOURCE,
        record=course,
        action="proposed",
        after=_snapshot(course),
        now=now,
    )
    return course


async def get(*, session: AsyncSession, course_id: uuid.UUID, lock: bool = False) -> Course:
    """The course, or 404; ``lock`` before changing it."""
    return await one_or_404(
        session, sa.select(Course).where(Course.id == course_id), what="course", lock=lock
    )


def listing(
    *,
    principal: Principal,
    sees_proposals: bool,
    skills_area: str | None,
    status: CourseStatus | None,
    provider_kind: str | None,
) -> sa.Select[tuple[Course]]:
    """Courses the caller may see, filtered (a statement, for paging)."""
    statement = sa.select(Course)
    if not sees_proposals:
        visible = [Course.status != CourseStatus.PROPOSED, Course.proposed_by == principal.subject]
        if principal.company_id is not None:
            visible.append(Course.proposed_by_company_id == principal.company_id)
        statement = statement.where(sa.or_(*visible))
    return where_given(
        statement,
        (Course.skills_area, skills_area),
        (Course.status, status),
        (Course.provider_kind, provider_kind),
    )


async def update(
    *,
    session: AsyncSession,
    course: Course,
    data: CourseUpdate,
    principal: Principal,
    now: datetime,
) -> Course:
    """Correct a locked course; a retired one stays as it was retired."""
    if course.status == CourseStatus.RETIRED:
        raise Conflict("A retired course is no longer changed.", rule="course_retired")
    before = _snapshot(course)
    changes = data.model_dump(exclude_unset=True)
    if "certification" in changes:
        certification = data.certification
        assert certification is not None
        course.certification_name = certification.name
        course.certification_code = certification.code
        course.certification_level = certification.level
    if data.list_price is not None:
        course.list_price_minor = data.list_price.minor
        course.currency = data.list_price.currency
    if data.vendor_discount_percent is not None:
        course.vendor_discount_bp = basis_points(data.vendor_discount_percent)
    for field in (
        "skills_area",
        "title",
        "description",
        "provider",
        "provider_kind",
        "languages",
        "delivery",
        "duration_hours",
        "validity_months",
        "verification_method",
    ):
        if field in changes:
            setattr(course, field, changes[field])
    bump(course, now)
    await audit.record(
        session,
        principal=principal,
        resource=RESOURCE,
        record=course,
        action="updated",
        before=before,
        after=_snapshot(course),
        now=now,
    )
    return course


async def decide(
    *,
    session: AsyncSession,
    course: Course,
    data: CourseDecision,
    principal: Principal,
    now: datetime,
) -> Course:
    """Approve or retire a locked course; anything but a step forward is a 409."""
    current = CourseStatus(course.status)
    target = CourseStatus(data.status)
    if target not in NEXT_STATUSES[current]:
        allowed = sorted(NEXT_STATUSES[current])
        raise Conflict(
            f"A {current} course cannot become {target}"
            + (f"; it may become {', '.join(allowed)}." if allowed else "; it is retired."),
            rule="illegal_status_transition",
            current_status=current,
        )
    before = {"status": course.status, "decision_note": course.decision_note}
    course.status = target
    course.decided_by = principal.subject
    course.decided_at = now
    course.decision_note = data.note
    bump(course, now)
    await audit.record(
        session,
        principal=principal,
        resource=RESOURCE,
        record=course,
        action=target.value,
        before=before,
        after={"status": course.status, "decision_note": course.decision_note},
        now=now,
    )
    return course


async def approved(*, session: AsyncSession) -> Sequence[Course]:
    """Every approved course (the catalogue is tens of courses per area, not thousands)."""
    return (
        await session.scalars(sa.select(Course).where(Course.status == CourseStatus.APPROVED))
    ).all()


async def import_courses(
    *,
    session: AsyncSession,
    courses: Sequence[CourseCreate],
    principal: Principal,
    now: datetime,
) -> list[Course]:
    """Propose every course of an import in one transaction: all of them or none."""
    return [
        await propose(session=session, data=data, principal=principal, now=now) for data in courses
    ]
