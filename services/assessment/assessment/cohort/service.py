"""Cohort rules: the status flow, the nomination rounds, the board and quarterly reviews.

Functions never commit: the request's transaction does, so a change, its events and its
audit entry share one fate. Each change loads its row with the lock, checks the caller's
If-Match against it, applies the rules and records who did it, in that order.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from assessment.cohort import access
from assessment.cohort.flow import (
    NEXT_STATUS,
    REVIEW_STATUSES,
    ROUND_TWO_STATUSES,
    SELECTION_UNDECIDED,
    default_end,
    quarter_of,
)
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
from assessment.messages import MESSAGES
from assessment.nomination import eligibility as nomination_eligibility
from assessment.nomination.models import BoardVote, Nomination, NominationStatus
from assessment.statuses import STATUSES
from shared import audit
from shared.audit import AuditEntryRead
from shared.auth import Principal
from shared.concurrency import check_if_match
from shared.errors import Conflict, InvalidInput
from shared.events.assessment import CohortStatusChanged
from shared.i18n import message
from shared.messaging import outbox
from shared.pagination import Page, keyset
from shared.persistence import bump, flush_or_conflict, one_or_404, where_given

# the rules' names as the rest of the service and the unit tests know them
__all__ = [
    "NEXT_STATUS",
    "REVIEW_STATUSES",
    "ROUND_TWO_STATUSES",
    "SELECTION_UNDECIDED",
    "default_end",
    "quarter_of",
]

RESOURCE = "cohort"
"""The audit trail's name for a cohort; board membership is recorded on its cohort."""


def _audited(cohort: Cohort) -> dict[str, Any]:
    """The fields whose changes the audit trail keeps."""
    return {
        "name": cohort.name,
        "description": cohort.description,
        "starts_on": cohort.starts_on,
        "ends_on": cohort.ends_on,
        "max_companies": cohort.max_companies,
        "max_nominations_per_partner": cohort.max_nominations_per_partner,
        "min_employees": cohort.min_employees,
        "min_years_in_business": cohort.min_years_in_business,
        "min_private_sector_share": cohort.min_private_sector_share,
        "status": cohort.status,
        "nomination_round": cohort.nomination_round,
    }


def _member(member: BoardMember) -> dict[str, Any]:
    return {
        "board_member_id": member.id,
        "subject": member.subject,
        "role": member.role,
        "name": member.name,
        "organisation": member.organisation,
    }


async def create(
    *, session: AsyncSession, principal: Principal, data: CohortCreate, now: datetime
) -> Cohort:
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
    await audit.record(
        session,
        principal=principal,
        resource=RESOURCE,
        record=cohort,
        action="created",
        after=_audited(cohort),
        now=now,
    )
    return cohort


async def get(*, session: AsyncSession, cohort_id: uuid.UUID, lock: bool = False) -> Cohort:
    """The cohort, or 404; ``lock`` before changing it or counting what it caps."""
    return await one_or_404(
        session, sa.select(Cohort).where(Cohort.id == cohort_id), what="cohort", lock=lock
    )


async def _locked(
    session: AsyncSession, cohort_id: uuid.UUID, if_match: str | None
) -> tuple[Cohort, dict[str, Any]]:
    """The cohort locked and checked against If-Match, and its audited fields before."""
    cohort = await get(session=session, cohort_id=cohort_id, lock=True)
    check_if_match(if_match, cohort.version)
    return cohort, _audited(cohort)


async def list_cohorts(
    *, session: AsyncSession, status: CohortStatus | None, limit: int, cursor: str | None
) -> tuple[list[Cohort], str | None]:
    """A page of cohorts, oldest first, optionally in one status."""
    statement = where_given(sa.select(Cohort), (Cohort.status, status))
    return await keyset(session, statement, model=Cohort, limit=limit, cursor=cursor)


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
    *,
    session: AsyncSession,
    cohort_id: uuid.UUID,
    principal: Principal,
    if_match: str | None,
    data: CohortUpdate,
    now: datetime,
) -> Cohort:
    """Apply ``data``; thresholds change only while selection is open, and then every
    undecided nomination is re-checked against them in the same transaction."""
    cohort, before = await _locked(session, cohort_id, if_match)
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
        raise InvalidInput(
            "ends_on", message(MESSAGES["cohort_ends_after_start"], starts_on=starts_on)
        )
    if "max_companies" in changes:
        selected = await selected_count(session=session, cohort_id=cohort.id)
        if changes["max_companies"] < selected:
            raise Conflict(
                f"{selected} companies are already selected; max_companies cannot go below.",
                rule="max_companies_below_selected",
                params={"selected": selected},
            )
    for field, value in changes.items():
        setattr(cohort, field, value)
    bump(cohort, now)
    await flush_or_conflict(
        session, rule="cohort_name_taken", detail=f"A cohort named {cohort.name!r} exists."
    )
    await audit.record(
        session,
        principal=principal,
        resource=RESOURCE,
        record=cohort,
        action="updated",
        before=before,
        after=_audited(cohort),
        now=now,
    )
    if data.thresholds is not None or data.starts_on is not None:
        await nomination_eligibility.recheck_cohort(
            session=session, cohort=cohort, principal=principal, now=now
        )
    return cohort


async def change_status(
    *,
    session: AsyncSession,
    cohort_id: uuid.UUID,
    principal: Principal,
    if_match: str | None,
    to: CohortStatus,
    now: datetime,
) -> Cohort:
    """Move the cohort one step along the status flow; anything else is a 409."""
    cohort, before = await _locked(session, cohort_id, if_match)
    current = CohortStatus(cohort.status)
    if NEXT_STATUS.get(current) != to:
        allowed = NEXT_STATUS.get(current)
        raise Conflict(
            f"A cohort in {current} cannot move to {to}"
            + (f"; the next status is {allowed}." if allowed else "; it is closed."),
            rule="illegal_status_transition",
            params={
                "current_status": STATUSES.text("cohort", current),
                "target": STATUSES.text("cohort", to),
            },
            current_status=current,
        )
    cohort.status = to
    bump(cohort, now)
    await outbox.add(
        session,
        CohortStatusChanged(
            cohort_id=cohort.id,
            cohort_name=cohort.name,
            status=to.value,
            previous_status=current.value,
            changed_at=now,
        ),
    )
    await audit.record(
        session,
        principal=principal,
        resource=RESOURCE,
        record=cohort,
        action="status_changed",
        before=before,
        after=_audited(cohort),
        now=now,
    )
    return cohort


async def open_round_two(
    *,
    session: AsyncSession,
    cohort_id: uuid.UUID,
    principal: Principal,
    if_match: str | None,
    now: datetime,
) -> Cohort:
    """Hand nominations to the programme manager and the ministry, if places are left."""
    cohort, before = await _locked(session, cohort_id, if_match)
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
            params={"selected": selected, "max_companies": cohort.max_companies},
        )
    cohort.nomination_round = 2
    bump(cohort, now)
    await audit.record(
        session,
        principal=principal,
        resource=RESOURCE,
        record=cohort,
        action="round_two_opened",
        before=before,
        after=_audited(cohort),
        now=now,
    )
    return cohort


async def _name_is_free(session: AsyncSession, name: str) -> None:
    taken = await session.scalar(sa.select(sa.func.count()).where(Cohort.name == name))
    if taken:
        raise Conflict(f"A cohort named {name!r} exists.", rule="cohort_name_taken")


async def history(
    *,
    session: AsyncSession,
    cohort_id: uuid.UUID,
    principal: Principal,
    limit: int,
    cursor: str | None,
) -> Page[AuditEntryRead]:
    """The cohort's changes and its board's, for staff and the board's members."""
    await get(session=session, cohort_id=cohort_id)
    access.ensure_sees_board(
        principal, await seat_of(session=session, cohort_id=cohort_id, principal=principal)
    )
    return await audit.history(
        session, resource=RESOURCE, resource_id=cohort_id, limit=limit, cursor=cursor
    )


# --- the selection board ----------------------------------------------------------------


async def add_member(
    *,
    session: AsyncSession,
    cohort_id: uuid.UUID,
    principal: Principal,
    data: BoardMemberCreate,
    now: datetime,
) -> BoardMember:
    """Seat an API client on the cohort's board."""
    cohort = await get(session=session, cohort_id=cohort_id, lock=True)
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
    await audit.record(
        session,
        principal=principal,
        resource=RESOURCE,
        record=cohort,
        action="board_member_added",
        after=_member(member),
        now=now,
    )
    return member


async def list_members(
    *,
    session: AsyncSession,
    cohort_id: uuid.UUID,
    principal: Principal,
    limit: int,
    cursor: str | None,
) -> tuple[list[BoardMember], str | None]:
    """A page of the cohort's board, for staff and the board's own members."""
    await get(session=session, cohort_id=cohort_id)
    access.ensure_sees_board(
        principal, await seat_of(session=session, cohort_id=cohort_id, principal=principal)
    )
    statement = sa.select(BoardMember).where(BoardMember.cohort_id == cohort_id)
    return await keyset(session, statement, model=BoardMember, limit=limit, cursor=cursor)


async def _get_member(
    session: AsyncSession, cohort_id: uuid.UUID, member_id: uuid.UUID
) -> BoardMember:
    return await one_or_404(
        session,
        sa.select(BoardMember).where(
            BoardMember.id == member_id, BoardMember.cohort_id == cohort_id
        ),
        what="board member",
    )


async def get_member(
    *, session: AsyncSession, cohort_id: uuid.UUID, member_id: uuid.UUID, principal: Principal
) -> BoardMember:
    """One seat on the cohort's board, or 404; for staff and the board's own members."""
    access.ensure_sees_board(
        principal, await seat_of(session=session, cohort_id=cohort_id, principal=principal)
    )
    return await _get_member(session, cohort_id, member_id)


async def remove_member(
    *,
    session: AsyncSession,
    cohort_id: uuid.UUID,
    member_id: uuid.UUID,
    principal: Principal,
    now: datetime,
) -> None:
    """Unseat a member who has not voted; votes cast stay attributable to their member."""
    cohort = await get(session=session, cohort_id=cohort_id, lock=True)
    member = await _get_member(session, cohort_id, member_id)
    voted = await session.scalar(
        sa.select(sa.func.count()).where(BoardVote.board_member_id == member.id)
    )
    if voted:
        raise Conflict(
            "This member has voted; their votes must stay attributable.",
            rule="board_member_has_voted",
        )
    await audit.record(
        session,
        principal=principal,
        resource=RESOURCE,
        record=cohort,
        action="board_member_removed",
        before=_member(member),
        now=now,
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


def _within_period(cohort: Cohort, held_on: Any) -> None:
    if not cohort.starts_on <= held_on <= cohort.ends_on:
        raise Conflict(
            f"A review is held within the cohort's period, {cohort.starts_on} to {cohort.ends_on}.",
            rule="review_outside_cohort_period",
            params={"starts_on": cohort.starts_on, "ends_on": cohort.ends_on},
        )


async def add_review(
    *,
    session: AsyncSession,
    cohort_id: uuid.UUID,
    principal: Principal,
    data: ReviewCreate,
    now: datetime,
) -> tuple[Cohort, CohortReview]:
    """Record a quarterly review of a running cohort; the cohort and the review."""
    cohort = await get(session=session, cohort_id=cohort_id, lock=True)
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
        recorded_by=principal.subject,
        created_at=now,
        updated_at=now,
        version=1,
    )
    session.add(review)
    return cohort, review


async def _get_review(
    session: AsyncSession, cohort_id: uuid.UUID, review_id: uuid.UUID, *, lock: bool = False
) -> CohortReview:
    return await one_or_404(
        session,
        sa.select(CohortReview).where(
            CohortReview.id == review_id, CohortReview.cohort_id == cohort_id
        ),
        what="review",
        lock=lock,
    )


async def get_review(
    *, session: AsyncSession, cohort_id: uuid.UUID, review_id: uuid.UUID
) -> tuple[Cohort, CohortReview]:
    """One review of the cohort, with its cohort; 404 if either is unknown."""
    cohort = await get(session=session, cohort_id=cohort_id)
    return cohort, await _get_review(session, cohort_id, review_id)


async def list_reviews(
    *, session: AsyncSession, cohort_id: uuid.UUID, limit: int, cursor: str | None
) -> tuple[Cohort, list[CohortReview], str | None]:
    """The cohort and a page of its reviews, in the order they were recorded."""
    cohort = await get(session=session, cohort_id=cohort_id)
    statement = sa.select(CohortReview).where(CohortReview.cohort_id == cohort_id)
    rows, next_cursor = await keyset(
        session, statement, model=CohortReview, limit=limit, cursor=cursor
    )
    return cohort, rows, next_cursor


async def update_review(
    *,
    session: AsyncSession,
    cohort_id: uuid.UUID,
    review_id: uuid.UUID,
    if_match: str | None,
    data: ReviewUpdate,
    now: datetime,
) -> tuple[Cohort, CohortReview]:
    """Correct a review's date, notes or decisions."""
    cohort = await get(session=session, cohort_id=cohort_id)
    review = await _get_review(session, cohort_id, review_id, lock=True)
    check_if_match(if_match, review.version)
    if data.held_on is not None:
        _within_period(cohort, data.held_on)
        review.held_on = data.held_on
    if data.notes is not None:
        review.notes = data.notes
    if data.decisions is not None:
        review.decisions = [d.model_dump(mode="json") for d in data.decisions]
    bump(review, now)
    return cohort, review
