"""Cohorts: the programme's 12-month classes, their boards and quarterly reviews."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Response
from sqlalchemy.ext.asyncio import AsyncSession

from assessment.cohort import service
from assessment.cohort.models import BoardMember, Cohort, CohortReview
from assessment.cohort.schemas import (
    BoardMemberCreate,
    BoardMemberRead,
    CohortCreate,
    CohortRead,
    CohortStatus,
    CohortStatusChange,
    CohortUpdate,
    NominationRoundChange,
    ReviewCreate,
    ReviewDecision,
    ReviewRead,
    ReviewUpdate,
)
from assessment.nomination import service as nominations
from shared.api import rules
from shared.auth import STAFF_ROLES, CurrentPrincipal, Principal, Role, require_roles
from shared.concurrency import IfMatch, check_if_match, created, tag
from shared.db import utcnow
from shared.deps import ReadSessionDep, SessionDep
from shared.errors import Forbidden
from shared.idempotency import IdempotencyDep
from shared.pagination import CursorQuery, LimitQuery, Page, keyset

router = APIRouter(prefix="/cohorts", tags=["cohorts"])

ProgrammeManager = Annotated[Principal, require_roles(Role.PROGRAMME_MANAGER)]
Staff = Annotated[Principal, require_roles(*STAFF_ROLES)]


async def to_reads(session: AsyncSession, cohorts: Sequence[Cohort]) -> list[CohortRead]:
    counts = await service.selected_counts(session=session, cohort_ids=[c.id for c in cohorts])
    return [
        CohortRead(
            id=c.id,
            name=c.name,
            description=c.description,
            starts_on=c.starts_on,
            ends_on=c.ends_on,
            max_companies=c.max_companies,
            max_nominations_per_partner=c.max_nominations_per_partner,
            thresholds=service.thresholds_of(c),
            status=CohortStatus(c.status),
            nomination_round=c.nomination_round,
            selected_count=counts[c.id],
            created_at=c.created_at,
            updated_at=c.updated_at,
            version=c.version,
        )
        for c in cohorts
    ]


async def _read(session: AsyncSession, cohort: Cohort) -> CohortRead:
    return (await to_reads(session, [cohort]))[0]


@router.post("", status_code=201, response_model=CohortRead, responses=rules("cohort_name_taken"))
async def create_cohort(
    body: CohortCreate, session: SessionDep, idem: IdempotencyDep, _: ProgrammeManager
) -> Response:
    """Create a cohort (12 months, 20 companies, 4 nominations per partner by default)."""
    cohort = await service.create(session=session, data=body, now=utcnow())
    return await idem.respond(
        session, await _read(session, cohort), headers=created(f"/cohorts/{cohort.id}", 1)
    )


@router.get("", response_model=Page[CohortRead])
async def list_cohorts(
    session: ReadSessionDep,
    _: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    status: CohortStatus | None = None,
) -> Page[CohortRead]:
    """Cohorts, oldest first, optionally in one status."""
    rows, next_cursor = await keyset(
        session, service.listing(status=status), model=Cohort, limit=limit, cursor=cursor
    )
    return Page(items=await to_reads(session, rows), next_cursor=next_cursor)


@router.get("/{cohort_id}", response_model=CohortRead)
async def read_cohort(
    cohort_id: uuid.UUID, session: ReadSessionDep, response: Response, _: CurrentPrincipal
) -> CohortRead:
    """One cohort, with how many companies it has selected."""
    cohort = await service.get(session=session, cohort_id=cohort_id)
    tag(response, cohort.version)
    return await _read(session, cohort)


@router.patch(
    "/{cohort_id}",
    response_model=CohortRead,
    responses=rules("cohort_name_taken", "eligibility_locked", "max_companies_below_selected"),
)
async def update_cohort(
    cohort_id: uuid.UUID,
    body: CohortUpdate,
    session: SessionDep,
    response: Response,
    _: ProgrammeManager,
    if_match: IfMatch = None,
) -> CohortRead:
    """Change dates, caps or eligibility thresholds; undecided nominations are re-checked."""
    cohort = await service.get(session=session, cohort_id=cohort_id, lock=True)
    check_if_match(if_match, cohort.version)
    now = utcnow()
    await service.update(session=session, cohort=cohort, data=body, now=now)
    if service.changes_eligibility(body):
        await nominations.recheck_cohort(session=session, cohort=cohort, now=now)
    tag(response, cohort.version)
    return await _read(session, cohort)


@router.put(
    "/{cohort_id}/status",
    response_model=CohortRead,
    responses=rules("illegal_status_transition"),
)
async def change_cohort_status(
    cohort_id: uuid.UUID,
    body: CohortStatusChange,
    session: SessionDep,
    response: Response,
    _: ProgrammeManager,
    if_match: IfMatch = None,
) -> CohortRead:
    """Move the cohort one step: planning, nominations_open, selection, active, review, closed."""
    cohort = await service.get(session=session, cohort_id=cohort_id, lock=True)
    check_if_match(if_match, cohort.version)
    service.change_status(cohort=cohort, to=body.status, now=utcnow())
    tag(response, cohort.version)
    return await _read(session, cohort)


@router.put(
    "/{cohort_id}/nomination-round",
    response_model=CohortRead,
    responses=rules("round_two_already_open", "round_two_not_in_this_status", "cohort_full"),
)
async def open_round_two(
    cohort_id: uuid.UUID,
    body: NominationRoundChange,
    session: SessionDep,
    response: Response,
    _: ProgrammeManager,
    if_match: IfMatch = None,
) -> CohortRead:
    """Open round 2 (programme manager and ministry nominate) if the cohort is not full."""
    cohort = await service.get(session=session, cohort_id=cohort_id, lock=True)
    check_if_match(if_match, cohort.version)
    await service.open_round_two(session=session, cohort=cohort, now=utcnow())
    tag(response, cohort.version)
    return await _read(session, cohort)


# --- board ---------------------------------------------------------------------------------


def _member_read(member: BoardMember) -> BoardMemberRead:
    return BoardMemberRead.model_validate(member, from_attributes=True)


@router.post(
    "/{cohort_id}/board-members",
    status_code=201,
    response_model=BoardMemberRead,
    responses=rules("already_on_board", "cohort_closed"),
)
async def add_board_member(
    cohort_id: uuid.UUID,
    body: BoardMemberCreate,
    session: SessionDep,
    idem: IdempotencyDep,
    _: ProgrammeManager,
) -> Response:
    """Seat an API client (partner, ministry or programme) on the cohort's selection board."""
    cohort = await service.get(session=session, cohort_id=cohort_id, lock=True)
    member = await service.add_member(session=session, cohort=cohort, data=body, now=utcnow())
    return await idem.respond(
        session,
        _member_read(member),
        headers=created(f"/cohorts/{cohort.id}/board-members/{member.id}", 1),
    )


async def _may_see_board(session: AsyncSession, cohort_id: uuid.UUID, principal: Principal) -> None:
    if principal.is_staff:
        return
    if await service.seat_of(session=session, cohort_id=cohort_id, principal=principal) is None:
        raise Forbidden("The board is visible to programme staff and its members.")


@router.get("/{cohort_id}/board-members", response_model=Page[BoardMemberRead])
async def list_board_members(
    cohort_id: uuid.UUID,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[BoardMemberRead]:
    """The cohort's selection board (programme staff and the board's own members)."""
    await service.get(session=session, cohort_id=cohort_id)
    await _may_see_board(session, cohort_id, principal)
    rows, next_cursor = await keyset(
        session, service.members(cohort_id=cohort_id), model=BoardMember, limit=limit, cursor=cursor
    )
    return Page(items=[_member_read(m) for m in rows], next_cursor=next_cursor)


@router.get("/{cohort_id}/board-members/{member_id}", response_model=BoardMemberRead)
async def read_board_member(
    cohort_id: uuid.UUID,
    member_id: uuid.UUID,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
) -> BoardMemberRead:
    """One seat on the cohort's board."""
    await _may_see_board(session, cohort_id, principal)
    member = await service.get_member(session=session, cohort_id=cohort_id, member_id=member_id)
    return _member_read(member)


@router.delete(
    "/{cohort_id}/board-members/{member_id}",
    status_code=204,
    responses=rules("board_member_has_voted"),
)
async def remove_board_member(
    cohort_id: uuid.UUID, member_id: uuid.UUID, session: SessionDep, _: ProgrammeManager
) -> Response:
    """Unseat a board member who has not voted."""
    await service.get(session=session, cohort_id=cohort_id, lock=True)
    member = await service.get_member(session=session, cohort_id=cohort_id, member_id=member_id)
    await service.remove_member(session=session, member=member)
    return Response(status_code=204)


# --- quarterly reviews ------------------------------------------------------------------------


def _review_read(cohort: Cohort, review: CohortReview) -> ReviewRead:
    return ReviewRead(
        id=review.id,
        cohort_id=review.cohort_id,
        held_on=review.held_on,
        quarter=service.quarter_of(cohort, review.held_on),
        notes=review.notes,
        decisions=[ReviewDecision.model_validate(d) for d in review.decisions],
        recorded_by=review.recorded_by,
        created_at=review.created_at,
        updated_at=review.updated_at,
        version=review.version,
    )


@router.post(
    "/{cohort_id}/reviews",
    status_code=201,
    response_model=ReviewRead,
    responses=rules("cohort_not_running", "review_outside_cohort_period"),
)
async def record_review(
    cohort_id: uuid.UUID,
    body: ReviewCreate,
    session: SessionDep,
    idem: IdempotencyDep,
    principal: ProgrammeManager,
) -> Response:
    """Record a quarterly review: its date, notes and the decisions taken."""
    cohort = await service.get(session=session, cohort_id=cohort_id, lock=True)
    review = await service.add_review(
        session=session, cohort=cohort, data=body, by=principal.subject, now=utcnow()
    )
    return await idem.respond(
        session,
        _review_read(cohort, review),
        headers=created(f"/cohorts/{cohort.id}/reviews/{review.id}", 1),
    )


@router.get("/{cohort_id}/reviews", response_model=Page[ReviewRead])
async def list_reviews(
    cohort_id: uuid.UUID,
    session: ReadSessionDep,
    _: Staff,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[ReviewRead]:
    """The cohort's quarterly reviews, in the order they were recorded."""
    cohort = await service.get(session=session, cohort_id=cohort_id)
    rows, next_cursor = await keyset(
        session,
        service.reviews(cohort_id=cohort_id),
        model=CohortReview,
        limit=limit,
        cursor=cursor,
    )
    return Page(items=[_review_read(cohort, r) for r in rows], next_cursor=next_cursor)


@router.get("/{cohort_id}/reviews/{review_id}", response_model=ReviewRead)
async def read_review(
    cohort_id: uuid.UUID,
    review_id: uuid.UUID,
    session: ReadSessionDep,
    response: Response,
    _: Staff,
) -> ReviewRead:
    """One quarterly review."""
    cohort = await service.get(session=session, cohort_id=cohort_id)
    review = await service.get_review(session=session, cohort_id=cohort_id, review_id=review_id)
    tag(response, review.version)
    return _review_read(cohort, review)


@router.patch(
    "/{cohort_id}/reviews/{review_id}",
    response_model=ReviewRead,
    responses=rules("review_outside_cohort_period"),
)
async def update_review(
    cohort_id: uuid.UUID,
    review_id: uuid.UUID,
    body: ReviewUpdate,
    session: SessionDep,
    response: Response,
    _: ProgrammeManager,
    if_match: IfMatch = None,
) -> ReviewRead:
    """Correct a review's date, notes or decisions."""
    cohort = await service.get(session=session, cohort_id=cohort_id)
    review = await service.get_review(
        session=session, cohort_id=cohort_id, review_id=review_id, lock=True
    )
    check_if_match(if_match, review.version)
    await service.update_review(
        session=session, cohort=cohort, review=review, data=body, now=utcnow()
    )
    tag(response, review.version)
    return _review_read(cohort, review)
