"""Cohort rules: the status flow, the nomination rounds, the board and quarterly reviews.

Functions never commit: the request's transaction does, so a change and its events share
one fate.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from assessment.cohort.models import BoardMember, Cohort, CohortReview
from assessment.cohort.schemas import (
    BoardMemberCreate,
    CohortCreate,
    CohortStatus,
    CohortUpdate,
    ReviewCreate,
    ReviewUpdate,
)
from assessment.company_facts.eligibility import Thresholds
from assessment.nomination.models import BoardVote, Nomination, NominationStatus
from shared.auth import Principal
from shared.errors import Conflict, InvalidInput
from shared.persistence import bump, flush_or_conflict, one_or_404

NEXT_STATUS: dict[CohortStatus, CohortStatus] = {
    CohortStatus.PLANNING: CohortStatus.NOMINATIONS_OPEN,
    CohortStatus.NOMINATIONS_OPEN: CohortStatus.SELECTION,
    CohortStatus.SELECTION: CohortStatus.ACTIVE,
    CohortStatus.ACTIVE: CohortStatus.REVIEW,
    CohortStatus.REVIEW: CohortStatus.CLOSED,
}
"""The one way a cohort moves: each status to the next, never back, never skipping."""

ROUND_TWO_STATUSES = frozenset({CohortStatus.NOMINATIONS_OPEN, CohortStatus.SELECTION})
SELECTION_UNDECIDED = frozenset(
    {CohortStatus.PLANNING, CohortStatus.NOMINATIONS_OPEN, CohortStatus.SELECTION}
)
"""While a cohort is in one of these, its undecided nominations follow the company's facts."""
REVIEW_STATUSES = frozenset({CohortStatus.ACTIVE, CohortStatus.REVIEW})


def default_end(starts_on: date) -> date:
    """Twelve months on, the day before the same date next year (29 February → 28th)."""
    try:
        anniversary = starts_on.replace(year=starts_on.year + 1)
    except ValueError:  # 29 February
        anniversary = starts_on.replace(year=starts_on.year + 1, day=28) + timedelta(days=1)
    return anniversary - timedelta(days=1)


def thresholds_of(cohort: Cohort) -> Thresholds:
    """The cohort's eligibility thresholds, as eligibility checks take them."""
    return Thresholds(
        min_employees=cohort.min_employees,
        min_years_in_business=cohort.min_years_in_business,
        min_private_sector_share=cohort.min_private_sector_share,
    )


async def create(*, session: AsyncSession, data: CohortCreate, now: datetime) -> Cohort:
    """A new cohort in planning, round 1."""
    await _name_is_free(session, data.name)
    cohort = Cohort(
        name=data.name,
        description=data.description,
        starts_on=data.starts_on,
        ends_on=data.ends_on or default_end(data.starts_on),
        max_companies=data.max_companies,
        max_nominations_per_partner=data.max_nominations_per_partner,
        **data.thresholds.model_dump(),
        status=CohortStatus.PLANNING,
        nomination_round=1,
        created_at=now,
        updated_at=now,
        version=1,
    )
    session.add(cohort)
    await flush_or_conflict(
        session, rule="cohort_name_taken", detail=f"A cohort named {data.name!r} exists."
    )
    return cohort


async def get(*, session: AsyncSession, cohort_id: uuid.UUID, lock: bool = False) -> Cohort:
    """The cohort, or 404; ``lock`` before changing it or counting what it caps."""
    return await one_or_404(
        session, sa.select(Cohort).where(Cohort.id == cohort_id), what="cohort", lock=lock
    )


def listing(*, status: CohortStatus | None) -> sa.Select[tuple[Cohort]]:
    """Cohorts, optionally in one status."""
    statement = sa.select(Cohort)
    if status is not None:
        statement = statement.where(Cohort.status == status)
    return statement


async def selected_counts(
    *, session: AsyncSession, cohort_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, int]:
    """How many companies each cohort has selected."""
    if not cohort_ids:
        return {}
    rows = await session.execute(
        sa.select(Nomination.cohort_id, sa.func.count())
        .where(
            col(Nomination.cohort_id).in_(cohort_ids),
            Nomination.status == NominationStatus.SELECTED,
        )
        .group_by(Nomination.cohort_id)
    )
    counts = {cohort_id: 0 for cohort_id in cohort_ids}
    counts.update({cohort_id: count for cohort_id, count in rows})
    return counts


async def selected_count(*, session: AsyncSession, cohort_id: uuid.UUID) -> int:
    """Companies the cohort has selected; exact only with the cohort row locked."""
    return (await selected_counts(session=session, cohort_ids=[cohort_id]))[cohort_id]


async def update(
    *, session: AsyncSession, cohort: Cohort, data: CohortUpdate, now: datetime
) -> Cohort:
    """Apply ``data`` to a locked cohort; thresholds change only while selection is open."""
    changes = data.model_dump(exclude_unset=True, exclude={"thresholds"})
    if data.thresholds is not None:
        changes.update(data.thresholds.model_dump())
    if changes.get("name") not in (None, cohort.name):
        await _name_is_free(session, changes["name"])
    eligibility_inputs = {"starts_on", *Thresholds.model_fields}
    if eligibility_inputs & changes.keys() and cohort.status not in SELECTION_UNDECIDED:
        raise Conflict(
            "Eligibility thresholds and the start date are fixed once selection is over.",
            rule="eligibility_locked",
        )
    starts_on = changes.get("starts_on", cohort.starts_on)
    ends_on = changes.get("ends_on", cohort.ends_on)
    if ends_on <= starts_on:
        raise InvalidInput("ends_on", f"the cohort must end after it starts ({starts_on})")
    if "max_companies" in changes:
        selected = await selected_count(session=session, cohort_id=cohort.id)
        if changes["max_companies"] < selected:
            raise Conflict(
                f"{selected} companies are already selected; max_companies cannot go below.",
                rule="max_companies_below_selected",
            )
    for field, value in changes.items():
        setattr(cohort, field, value)
    bump(cohort, now)
    await flush_or_conflict(
        session, rule="cohort_name_taken", detail=f"A cohort named {cohort.name!r} exists."
    )
    return cohort


def changes_eligibility(data: CohortUpdate) -> bool:
    """Whether an update moves what eligibility is computed against."""
    return data.thresholds is not None or data.starts_on is not None


def change_status(*, cohort: Cohort, to: CohortStatus, now: datetime) -> Cohort:
    """Move a locked cohort one step along the status flow; anything else is a 409."""
    current = CohortStatus(cohort.status)
    if NEXT_STATUS.get(current) != to:
        allowed = NEXT_STATUS.get(current)
        raise Conflict(
            f"A cohort in {current} cannot move to {to}"
            + (f"; the next status is {allowed}." if allowed else "; it is closed."),
            rule="illegal_status_transition",
            current_status=current,
        )
    cohort.status = to
    bump(cohort, now)
    return cohort


async def open_round_two(*, session: AsyncSession, cohort: Cohort, now: datetime) -> Cohort:
    """Hand nominations to the programme manager and the ministry, if places are left."""
    if cohort.nomination_round != 1:
        raise Conflict("Round 2 is already open.", rule="round_two_already_open")
    if cohort.status not in ROUND_TWO_STATUSES:
        raise Conflict(
            "Round 2 opens while nominations are open or during selection.",
            rule="round_two_not_in_this_status",
        )
    selected = await selected_count(session=session, cohort_id=cohort.id)
    if selected >= cohort.max_companies:
        raise Conflict(
            f"The cohort is full ({selected} of {cohort.max_companies} selected).",
            rule="cohort_full",
        )
    cohort.nomination_round = 2
    bump(cohort, now)
    return cohort


async def _name_is_free(session: AsyncSession, name: str) -> None:
    taken = await session.scalar(sa.select(sa.func.count()).where(Cohort.name == name))
    if taken:
        raise Conflict(f"A cohort named {name!r} exists.", rule="cohort_name_taken")


# --- the selection board ----------------------------------------------------------------


async def add_member(
    *, session: AsyncSession, cohort: Cohort, data: BoardMemberCreate, now: datetime
) -> BoardMember:
    """Seat an API client on the cohort's board."""
    if cohort.status == CohortStatus.CLOSED:
        raise Conflict("The cohort is closed.", rule="cohort_closed")
    taken = await session.scalar(
        sa.select(sa.func.count()).where(
            BoardMember.cohort_id == cohort.id, BoardMember.subject == data.subject
        )
    )
    detail = f"{data.subject} already sits on this cohort's board."
    if taken:
        raise Conflict(detail, rule="already_on_board")
    member = BoardMember(cohort_id=cohort.id, created_at=now, **data.model_dump())
    session.add(member)
    await flush_or_conflict(session, rule="already_on_board", detail=detail)
    return member


def members(*, cohort_id: uuid.UUID) -> sa.Select[tuple[BoardMember]]:
    """The cohort's board members (a statement, for paging)."""
    return sa.select(BoardMember).where(BoardMember.cohort_id == cohort_id)


async def get_member(
    *, session: AsyncSession, cohort_id: uuid.UUID, member_id: uuid.UUID
) -> BoardMember:
    """One seat on the cohort's board, or 404."""
    return await one_or_404(
        session,
        sa.select(BoardMember).where(
            BoardMember.id == member_id, BoardMember.cohort_id == cohort_id
        ),
        what="board member",
    )


async def remove_member(*, session: AsyncSession, member: BoardMember) -> None:
    """Unseat a member who has not voted; votes cast stay attributable to their member."""
    voted = await session.scalar(
        sa.select(sa.func.count()).where(BoardVote.board_member_id == member.id)
    )
    if voted:
        raise Conflict(
            "This member has voted; their votes must stay attributable.",
            rule="board_member_has_voted",
        )
    await session.delete(member)


async def seat_of(
    *, session: AsyncSession, cohort_id: uuid.UUID, principal: Principal
) -> BoardMember | None:
    """The caller's seat on the cohort's board: same client id and the role it was given."""
    return (
        await session.scalars(
            sa.select(BoardMember).where(
                BoardMember.cohort_id == cohort_id,
                BoardMember.subject == principal.subject,
                BoardMember.role == principal.role,
            )
        )
    ).first()


# --- quarterly reviews ----------------------------------------------------------------------


def quarter_of(cohort: Cohort, held_on: date) -> int:
    """1 for the cohort's first three months, 2 for the next three, and so on."""
    months = (held_on.year - cohort.starts_on.year) * 12 + held_on.month - cohort.starts_on.month
    if held_on.day < cohort.starts_on.day:
        months -= 1
    return months // 3 + 1


def _within_period(cohort: Cohort, held_on: date) -> None:
    if not cohort.starts_on <= held_on <= cohort.ends_on:
        raise Conflict(
            f"A review is held within the cohort's period, {cohort.starts_on} to {cohort.ends_on}.",
            rule="review_outside_cohort_period",
        )


async def add_review(
    *, session: AsyncSession, cohort: Cohort, data: ReviewCreate, by: str, now: datetime
) -> CohortReview:
    """Record a quarterly review of a running cohort."""
    if cohort.status not in REVIEW_STATUSES:
        raise Conflict(
            "Quarterly reviews are recorded while the cohort is active or in review.",
            rule="cohort_not_running",
        )
    _within_period(cohort, data.held_on)
    review = CohortReview(
        cohort_id=cohort.id,
        held_on=data.held_on,
        notes=data.notes,
        decisions=[d.model_dump(mode="json") for d in data.decisions],
        recorded_by=by,
        created_at=now,
        updated_at=now,
        version=1,
    )
    session.add(review)
    return review


async def get_review(
    *, session: AsyncSession, cohort_id: uuid.UUID, review_id: uuid.UUID, lock: bool = False
) -> CohortReview:
    """One review of the cohort, or 404."""
    return await one_or_404(
        session,
        sa.select(CohortReview).where(
            CohortReview.id == review_id, CohortReview.cohort_id == cohort_id
        ),
        what="review",
        lock=lock,
    )


def reviews(*, cohort_id: uuid.UUID) -> sa.Select[tuple[CohortReview]]:
    """The cohort's reviews (a statement, for paging)."""
    return sa.select(CohortReview).where(CohortReview.cohort_id == cohort_id)


async def update_review(
    *,
    session: AsyncSession,
    cohort: Cohort,
    review: CohortReview,
    data: ReviewUpdate,
    now: datetime,
) -> CohortReview:
    """Correct a review's date, notes or decisions."""
    if data.held_on is not None:
        _within_period(cohort, data.held_on)
        review.held_on = data.held_on
    if data.notes is not None:
        review.notes = data.notes
    if data.decisions is not None:
        review.decisions = [d.model_dump(mode="json") for d in data.decisions]
    bump(review, now)
    return review
