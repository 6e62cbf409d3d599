"""Course sessions' rules: a session runs a course the way the course is offered, and never
has more seats taken than its limit."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from shared.errors import Conflict, InvalidInput
from shared.i18n import message
from shared.persistence import bump, one_or_404, where_given
from training.courses.models import Course
from training.courses.schemas import CourseStatus
from training.enrolments.models import Enrolment
from training.messages import MESSAGES
from training.sessions.models import CourseSession
from training.sessions.schemas import SessionCreate, SessionUpdate
from training.vocabulary import DELIVERY_OF_CITY

SEAT_HOLDING = ("enrolled", "completed")
"""Enrolment statuses that hold a seat; a withdrawal frees it."""


async def plan(*, session: AsyncSession, data: SessionCreate, now: datetime) -> CourseSession:
    """A new session of a course that is not retired, offered in that city and language."""
    course = (await session.scalars(sa.select(Course).where(Course.id == data.course_id))).first()
    if course is None:
        raise InvalidInput("course_id", message(MESSAGES["no_such_course"]))
    if course.status == CourseStatus.RETIRED:
        raise Conflict("The course is retired.", rule="course_retired")
    if DELIVERY_OF_CITY[data.city] not in course.delivery:
        raise Conflict(
            f"The course is not offered {DELIVERY_OF_CITY[data.city].replace('_', ' ')}; "
            f"it is offered {', '.join(course.delivery)}.",
            rule="delivery_not_offered",
        )
    if data.language is not None and data.language not in course.languages:
        raise Conflict(
            f"The course is taught in {', '.join(course.languages)}, not {data.language}.",
            rule="language_not_offered",
            params={"languages": course.languages, "language": data.language},
        )
    run = CourseSession(
        course_id=course.id,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        city=data.city,
        language=data.language,
        seat_limit=data.seat_limit,
        created_at=now,
        updated_at=now,
        version=1,
    )
    session.add(run)
    await session.flush()
    return run


async def get(
    *,
    session: AsyncSession,
    session_id: uuid.UUID,
    visible: sa.ColumnElement[bool],
    lock: bool = False,
) -> CourseSession:
    """The course session if the caller may see it (``visible``:
    ``access.visible_sessions``), or 404; ``lock`` before counting or taking its seats."""
    return await one_or_404(
        session,
        sa.select(CourseSession).where(CourseSession.id == session_id, visible),
        what="course session",
        lock=lock,
    )


def listing(
    *,
    visible: sa.ColumnElement[bool],
    course_id: uuid.UUID | None,
    city: str | None,
    skills_area: str | None,
) -> sa.Select[tuple[CourseSession]]:
    """The sessions the caller may see (``visible``: ``access.visible_sessions``),
    filtered (a statement, for paging)."""
    statement = where_given(
        sa.select(CourseSession).where(visible),
        (CourseSession.course_id, course_id),
        (CourseSession.city, city),
    )
    if skills_area is not None:
        statement = statement.join(Course, Course.id == CourseSession.course_id).where(
            Course.skills_area == skills_area
        )
    return statement


async def seats_taken(
    *, session: AsyncSession, session_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, int]:
    """Seats held per session; exact for one session only with its row locked."""
    counts = dict.fromkeys(session_ids, 0)
    if not session_ids:
        return counts
    rows = await session.execute(
        sa.select(Enrolment.session_id, sa.func.count())
        .where(
            col(Enrolment.session_id).in_(session_ids),
            col(Enrolment.status).in_(SEAT_HOLDING),
        )
        .group_by(Enrolment.session_id)
    )
    counts.update({session_id: count for session_id, count in rows})
    return counts


async def update(
    *, session: AsyncSession, run: CourseSession, data: SessionUpdate, now: datetime
) -> CourseSession:
    """Change a locked session's dates or seat limit; never below the seats already taken."""
    starts_on = data.starts_on or run.starts_on
    ends_on = data.ends_on or run.ends_on
    if ends_on < starts_on:
        raise InvalidInput("ends_on", message(MESSAGES["ends_not_before"], starts_on=starts_on))
    if data.seat_limit is not None:
        taken = (await seats_taken(session=session, session_ids=[run.id]))[run.id]
        if data.seat_limit < taken:
            raise Conflict(
                f"{taken} seats are taken; the limit cannot go below that.",
                rule="seat_limit_below_taken",
                params={"taken": taken},
            )
        run.seat_limit = data.seat_limit
    run.starts_on, run.ends_on = starts_on, ends_on
    bump(run, now)
    return run
