"""The course catalogue's rules: proposals, corrections, the programme manager's decisions."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared import audit
from shared.auth import Principal
from shared.db import utcnow
from shared.errors import Conflict
from shared.jobs import Jobs, Progress, Upload
from shared.persistence import bump, one_or_404, where_given
from training.courses import csv_import
from training.courses.models import Course
from training.courses.schemas import (
    DEFAULT_DISCOUNT,
    CourseCreate,
    CourseDecision,
    CourseImportRead,
    CourseStatus,
    CourseUpdate,
)
from training.courses.views import basis_points, course_read
from training.statuses import STATUSES

RESOURCE = "course"
# what an import compares a row with (the keys of _catalogue_values)
_CATALOGUE_FIELDS = (
    "skills_area",
    "title",
    "description",
    "provider",
    "provider_kind",
    "certification_name",
    "certification_code",
    "certification_level",
    "languages",
    "delivery",
    "duration_hours",
    "list_price_minor",
    "currency",
    "vendor_discount_bp",
    "validity_months",
    "verification_method",
)

NEXT_STATUSES: dict[str, set[str]] = {
    CourseStatus.PROPOSED: {CourseStatus.APPROVED, CourseStatus.RETIRED},
    CourseStatus.APPROVED: {CourseStatus.RETIRED},
    CourseStatus.RETIRED: set(),
}


def _snapshot(course: Course) -> dict[str, Any]:
    return course_read(course).model_dump(mode="json", exclude={"version", "updated_at"})


def _catalogue_values(data: CourseCreate) -> dict[str, Any]:
    """What a proposal says about the course, as stored."""
    discount = data.vendor_discount_percent
    if discount is None:
        discount = DEFAULT_DISCOUNT[data.provider_kind]
    return {
        "skills_area": data.skills_area,
        "title": data.title,
        "description": data.description,
        "provider": data.provider,
        "provider_kind": data.provider_kind,
        "certification_name": data.certification.name,
        "certification_code": data.certification.code,
        "certification_level": data.certification.level,
        "languages": list(data.languages),
        "delivery": list(data.delivery),
        "duration_hours": data.duration_hours,
        "list_price_minor": data.list_price.minor,
        "currency": data.list_price.currency,
        "vendor_discount_bp": basis_points(discount),
        "validity_months": data.validity_months,
        "verification_method": data.verification_method,
    }


async def propose(
    *, session: AsyncSession, data: CourseCreate, principal: Principal, now: datetime
) -> Course:
    """A new course in ``proposed``, whoever proposes it."""
    course = Course(
        **_catalogue_values(data),
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
    visible: sa.ColumnElement[bool],
    skills_area: str | None,
    status: CourseStatus | None,
    provider_kind: str | None,
) -> sa.Select[tuple[Course]]:
    """Courses the caller may see (``visible``: ``access.visible_courses``), filtered (a
    statement, for paging)."""
    return where_given(
        sa.select(Course).where(visible),
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
            params={
                "current": STATUSES.text("course", current),
                "target": STATUSES.text("course", target),
            },
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
) -> tuple[list[Course], int]:
    """Propose every course of an import in one transaction, all of them or none; a row
    that says exactly what a course of the catalogue says (not retired) is left alone, so
    importing a file twice changes nothing the second time. The courses proposed, and how
    many rows were left alone."""
    titles = {data.title for data in courses}
    stored = {
        _identity({name: getattr(course, name) for name in _CATALOGUE_FIELDS})
        for course in (
            await session.scalars(
                sa.select(Course).where(
                    Course.title.in_(titles),  # type: ignore[attr-defined]
                    Course.status != CourseStatus.RETIRED,
                )
            )
        ).all()
    }
    proposed: list[Course] = []
    unchanged = 0
    for data in courses:
        identity = _identity(_catalogue_values(data))
        if identity in stored:
            unchanged += 1
            continue
        stored.add(identity)
        proposed.append(await propose(session=session, data=data, principal=principal, now=now))
    return proposed, unchanged


def _identity(values: dict[str, Any]) -> tuple[Any, ...]:
    """A course's catalogue values, comparable and hashable (lists as tuples)."""
    return tuple(
        tuple(value) if isinstance(value, list) else value for _, value in sorted(values.items())
    )


IMPORT_KIND = "courses"
JOBS_AT = "/courses"


async def submit_import(
    *,
    jobs: Jobs,
    sessions: async_sessionmaker[AsyncSession],
    upload: Upload,
    principal: Principal,
    key: str | None,
    now: datetime,
) -> tuple[dict[str, Any], bool]:
    """An import job of the spooled CSV file (UTF-8 and its header checked first: a 422 at
    once); the job's row and whether it answers an earlier request with the same key."""

    async def work(file: IO[bytes], progress: Progress) -> CourseImportRead:
        courses = csv_import.parse(file.read())
        await progress.counted(len(courses))
        async with sessions() as session, session.begin():
            proposed, unchanged = await import_courses(
                session=session, courses=courses, principal=principal, now=utcnow()
            )
        await progress.advanced(done=len(courses), rejected=0)
        return CourseImportRead(
            imported=len(proposed),
            unchanged=unchanged,
            items=[course_read(course) for course in proposed],
        )

    return await jobs.submit(
        kind=IMPORT_KIND,
        principal=principal,
        upload=upload,
        key=key,
        work=work,
        now=now,
        check=lambda file: csv_import.check_header(file.read()),
    )
