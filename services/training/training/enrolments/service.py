"""Enrolment rules: who may be enrolled in what, the seat limit under concurrency, and the
events finance commits money on."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth import Principal
from shared.errors import Conflict, InvalidInput
from shared.events.training import EnrolmentCompleted, EnrolmentCreated, EnrolmentWithdrawn
from shared.i18n import message
from shared.messaging import outbox
from shared.money import Money
from shared.persistence import bump, one_or_404, where_given
from training.audit_trail import Trail
from training.cohorts import service as cohorts
from training.courses import access as course_access
from training.courses.models import Course
from training.courses.schemas import CourseStatus
from training.courses.views import percent_of
from training.enrolments.models import Enrolment
from training.enrolments.schemas import EnrolmentCreate, EnrolmentStatus
from training.messages import MESSAGES
from training.needs.models import TrainingNeed
from training.needs.schemas import NeedStatus
from training.needs.service import move
from training.scope import company_scope
from training.sessions import service as sessions
from training.sessions.models import CourseSession
from training.statuses import STATUSES
from training.trainees.models import Trainee
from training.vocabulary import module_of

RESOURCE = "enrolment"
LANGUAGE_MISMATCH = "language_mismatch"


def _snapshot(enrolment: Enrolment) -> dict[str, Any]:
    """What the audit trail keeps of an enrolment: ids and states, nothing personal."""
    return {
        "status": enrolment.status,
        "passed": enrolment.passed,
        "need_id": str(enrolment.need_id),
        "course_id": str(enrolment.course_id),
        "session_id": str(enrolment.session_id) if enrolment.session_id else None,
        "trainee_id": str(enrolment.trainee_id),
        "warnings": enrolment.warnings,
    }


_audit: Trail[Enrolment] = Trail(RESOURCE, _snapshot)


NO_SUCH = {
    "need_id": "no_such_need",
    "trainee_id": "no_such_trainee",
    "course_id": "no_such_course",
    "session_id": "no_such_session",
}
"""The message for an id a body names that is unknown (or the caller's to not see)."""


async def _referenced(
    session: AsyncSession, model: Any, row_id: uuid.UUID, field: str, *, lock: bool = False
) -> Any:
    """A row a request body points at; an unknown id is a 422 naming the field."""
    statement = sa.select(model).where(model.id == row_id)
    if lock:
        statement = statement.with_for_update()
    row = (await session.scalars(statement.execution_options(populate_existing=True))).first()
    if row is None:
        raise InvalidInput(field, message(MESSAGES[NO_SUCH[field]]))
    return row


async def enrol(
    *, session: AsyncSession, data: EnrolmentCreate, principal: Principal, now: datetime
) -> Enrolment:
    """Enrol a trainee against an open training need of a selected company.

    The need is locked first (one enrolment per need at a time), then the session (its
    seats are counted under that lock, so the limit holds however many requests race).
    """
    scope = company_scope(principal)
    need: TrainingNeed = await _referenced(
        session, TrainingNeed, data.need_id, "need_id", lock=True
    )
    if scope is not None and need.company_id != scope:
        raise InvalidInput("need_id", message(MESSAGES["no_such_need"]))
    trainee: Trainee = await _referenced(session, Trainee, data.trainee_id, "trainee_id")
    if scope is not None and trainee.company_id != scope:
        raise InvalidInput("trainee_id", message(MESSAGES["no_such_trainee"]))
    run: CourseSession | None = None
    course_id, field = data.course_id, "course_id"
    if data.session_id is not None:
        run = await _referenced(session, CourseSession, data.session_id, "session_id", lock=True)
        course_id, field = run.course_id, "session_id"
    assert course_id is not None
    course: Course = await _referenced(session, Course, course_id, field)
    if not course_access.is_visible(principal, course):
        # another's proposal, or a session of one: as unknown (sessions/access.py)
        raise InvalidInput(field, message(MESSAGES[NO_SUCH[field]]))
    if run is not None and data.course_id is not None and run.course_id != data.course_id:
        raise InvalidInput("session_id", message(MESSAGES["session_of_another_course"]))

    _check_need(need)
    if trainee.company_id != need.company_id:
        raise Conflict(
            "The trainee is not on the staff of the company whose need this is.",
            rule="trainee_of_another_company",
        )
    if not await cohorts.is_member(
        session=session, company_id=need.company_id, cohort_id=need.cohort_id
    ):
        raise Conflict(
            "The company has not been selected into the need's cohort; it cannot enrol.",
            rule="company_not_selected",
        )
    if course.status != CourseStatus.APPROVED:
        raise Conflict(
            f"The course is {course.status}, not approved.",
            rule="course_not_approved",
            params={"status": STATUSES.text("course", course.status)},
        )
    if course.skills_area != need.skills_area:
        raise Conflict(
            f"The course is in {course.skills_area}; the need is in {need.skills_area}.",
            rule="skills_area_mismatch",
            params={"course_area": course.skills_area, "need_area": need.skills_area},
        )
    await _not_already_enrolled(session, trainee.id, course.id)
    if run is not None:
        await _seat_available(session, run, now)

    enrolment = Enrolment(
        company_id=need.company_id,
        cohort_id=need.cohort_id,
        trainee_id=trainee.id,
        course_id=course.id,
        session_id=run.id if run else None,
        need_id=need.id,
        status=EnrolmentStatus.ENROLLED,
        warnings=_warnings(trainee, course, run),
        module=module_of(course.skills_area),
        list_price_minor=course.list_price_minor,
        currency=course.currency,
        vendor_discount_bp=course.vendor_discount_bp,
        enrolled_by=principal.subject,
        enrolled_at=now,
        created_at=now,
        updated_at=now,
        version=1,
    )
    session.add(enrolment)
    await session.flush()
    move(need, NeedStatus.ENROLLED, now)
    await outbox.add(
        session,
        EnrolmentCreated(
            enrolment_id=enrolment.id,
            company_id=enrolment.company_id,
            cohort_id=enrolment.cohort_id,
            trainee_id=enrolment.trainee_id,
            course_id=enrolment.course_id,
            session_id=enrolment.session_id,
            need_id=enrolment.need_id,
            skills_area=course.skills_area,
            module=module_of(course.skills_area),
            list_price=Money.from_minor(enrolment.list_price_minor, enrolment.currency),
            vendor_discount_percent=percent_of(enrolment.vendor_discount_bp),
            enrolled_at=now,
        ),
    )
    await _audit(session, principal, enrolment, "enrolled", None, now)
    return enrolment


def _check_need(need: TrainingNeed) -> None:
    if need.kind != "training":
        raise Conflict(
            "Only a training need is fulfilled by an enrolment.", rule="need_not_training"
        )
    if need.status != NeedStatus.OPEN:
        raise Conflict(
            f"The need is {need.status}; only an open need takes an enrolment.",
            rule="need_not_open",
            params={"status": STATUSES.text("training_need", need.status)},
        )


async def _not_already_enrolled(
    session: AsyncSession, trainee_id: uuid.UUID, course_id: uuid.UUID
) -> None:
    enrolled = await session.scalar(
        sa.select(sa.func.count()).where(
            Enrolment.trainee_id == trainee_id,
            Enrolment.course_id == course_id,
            Enrolment.status == EnrolmentStatus.ENROLLED,
        )
    )
    if enrolled:
        raise Conflict("The trainee is already enrolled in this course.", rule="already_enrolled")


async def _seat_available(session: AsyncSession, run: CourseSession, now: datetime) -> None:
    """With the session row locked: it has not started and has a seat left."""
    if run.starts_on <= now.date():
        raise Conflict(
            f"The session started on {run.starts_on}.",
            rule="session_started",
            params={"starts_on": run.starts_on},
        )
    taken = (await sessions.seats_taken(session=session, session_ids=[run.id]))[run.id]
    if taken >= run.seat_limit:
        raise Conflict(
            f"All {run.seat_limit} seats of the session are taken.",
            rule="session_full",
            seat_limit=run.seat_limit,
        )


def _warnings(trainee: Trainee, course: Course, run: CourseSession | None) -> list[str]:
    """A course not taught in a language the trainee speaks is accepted, with a warning."""
    taught_in = [run.language] if run is not None and run.language else course.languages
    if set(taught_in) & set(trainee.languages):
        return []
    return [LANGUAGE_MISMATCH]


async def get(*, session: AsyncSession, enrolment_id: uuid.UUID, lock: bool = False) -> Enrolment:
    """The enrolment, or 404; ``lock`` before changing it."""
    return await one_or_404(
        session,
        sa.select(Enrolment).where(Enrolment.id == enrolment_id),
        what="enrolment",
        lock=lock,
    )


def listing(
    *,
    company_id: uuid.UUID | None,
    trainee_id: uuid.UUID | None,
    course_id: uuid.UUID | None,
    session_id: uuid.UUID | None,
    need_id: uuid.UUID | None,
    status: EnrolmentStatus | None,
) -> sa.Select[tuple[Enrolment]]:
    """Enrolments, filtered (a statement, for paging)."""
    return where_given(
        sa.select(Enrolment),
        (Enrolment.company_id, company_id),
        (Enrolment.trainee_id, trainee_id),
        (Enrolment.course_id, course_id),
        (Enrolment.session_id, session_id),
        (Enrolment.need_id, need_id),
        (Enrolment.status, status),
    )


def _active(enrolment: Enrolment) -> None:
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise Conflict(
            f"The enrolment is {enrolment.status}; only an active one changes.",
            rule="enrolment_not_active",
            params={"status": STATUSES.text("enrolment", enrolment.status)},
        )


async def _need(session: AsyncSession, enrolment: Enrolment) -> TrainingNeed:
    return await one_or_404(
        session,
        sa.select(TrainingNeed).where(TrainingNeed.id == enrolment.need_id),
        what="training need",
        lock=True,
    )


async def complete(
    *,
    session: AsyncSession,
    enrolment: Enrolment,
    passed: bool,
    principal: Principal,
    now: datetime,
) -> Enrolment:
    """Record a locked enrolment's result: a pass fulfils the need, a fail reopens it."""
    _active(enrolment)
    before = _snapshot(enrolment)
    enrolment.status = EnrolmentStatus.COMPLETED
    enrolment.passed = passed
    enrolment.completed_at = now
    bump(enrolment, now)
    move(await _need(session, enrolment), NeedStatus.FULFILLED if passed else NeedStatus.OPEN, now)
    await outbox.add(
        session,
        EnrolmentCompleted(
            enrolment_id=enrolment.id,
            company_id=enrolment.company_id,
            cohort_id=enrolment.cohort_id,
            passed=passed,
            completed_at=now,
        ),
    )
    await _audit(session, principal, enrolment, "completed", before, now)
    return enrolment


async def withdraw(
    *,
    session: AsyncSession,
    enrolment: Enrolment,
    reason: str | None,
    principal: Principal,
    now: datetime,
) -> Enrolment:
    """Withdraw a locked, active enrolment: its seat is freed and its need open again."""
    _active(enrolment)
    before = _snapshot(enrolment)
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.withdrawn_at = now
    enrolment.withdrawal_reason = reason
    bump(enrolment, now)
    move(await _need(session, enrolment), NeedStatus.OPEN, now)
    await outbox.add(
        session,
        EnrolmentWithdrawn(
            enrolment_id=enrolment.id,
            company_id=enrolment.company_id,
            cohort_id=enrolment.cohort_id,
            withdrawn_at=now,
        ),
    )
    await _audit(session, principal, enrolment, "withdrawn", before, now)
    return enrolment
