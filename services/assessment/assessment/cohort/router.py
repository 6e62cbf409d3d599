"""Cohorts: the programme's 12-month classes, their boards and quarterly reviews.

HTTP only: each route parses, admits roles through ``access``, calls one service function
and returns one view.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from assessment.cohort import service, views
from assessment.cohort.access import ProgrammeManager, Staff
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
    ReviewRead,
    ReviewUpdate,
)
from shared.api import rules
from shared.audit import AuditEntryRead
from shared.auth import CurrentPrincipal
from shared.concurrency import IfMatch, created, tag
from shared.db import utcnow
from shared.deps import ReadSessionDep, SessionDep
from shared.idempotency import IdempotencyDep
from shared.pagination import CursorQuery, LimitQuery, Page

router = APIRouter(prefix="/cohorts", tags=["cohorts"])


@router.post("", status_code=201, response_model=CohortRead, responses=rules("cohort_name_taken"))
async def create_cohort(
    body: CohortCreate, session: SessionDep, idem: IdempotencyDep, principal: ProgrammeManager
) -> Response:
    """Create a cohort (12 months, 20 companies, 4 nominations per partner by default)."""
    cohort = await service.create(session=session, principal=principal, data=body, now=utcnow())
    return await idem.respond(
        session, await views.cohort(session, cohort), headers=created(f"/cohorts/{cohort.id}", 1)
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
    rows, next_cursor = await service.list_cohorts(
        session=session, status=status, limit=limit, cursor=cursor
    )
    return Page(items=await views.cohorts(session, rows), next_cursor=next_cursor)


@router.get("/{cohort_id}", response_model=CohortRead)
async def read_cohort(
    cohort_id: uuid.UUID, session: ReadSessionDep, response: Response, _: CurrentPrincipal
) -> CohortRead:
    """One cohort, with how many companies it has selected."""
    cohort = await service.get(session=session, cohort_id=cohort_id)
    tag(response, cohort.version)
    return await views.cohort(session, cohort)


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
    principal: ProgrammeManager,
    if_match: IfMatch = None,
) -> CohortRead:
    """Change dates, caps or eligibility thresholds; undecided nominations are re-checked."""
    cohort = await service.update(
        session=session,
        cohort_id=cohort_id,
        principal=principal,
        if_match=if_match,
        data=body,
        now=utcnow(),
    )
    tag(response, cohort.version)
    return await views.cohort(session, cohort)


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
    principal: ProgrammeManager,
    if_match: IfMatch = None,
) -> CohortRead:
    """Move the cohort one step: planning, nominations_open, selection, active, review, closed."""
    cohort = await service.change_status(
        session=session,
        cohort_id=cohort_id,
        principal=principal,
        if_match=if_match,
        to=body.status,
        now=utcnow(),
    )
    tag(response, cohort.version)
    return await views.cohort(session, cohort)


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
    principal: ProgrammeManager,
    if_match: IfMatch = None,
) -> CohortRead:
    """Open round 2 (programme manager and ministry nominate) if the cohort is not full."""
    cohort = await service.open_round_two(
        session=session, cohort_id=cohort_id, principal=principal, if_match=if_match, now=utcnow()
    )
    tag(response, cohort.version)
    return await views.cohort(session, cohort)


@router.get("/{cohort_id}/history", response_model=Page[AuditEntryRead])
async def cohort_history(
    cohort_id: uuid.UUID,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[AuditEntryRead]:
    """Who changed the cohort and its board, and when (programme staff and the board)."""
    return await service.history(
        session=session, cohort_id=cohort_id, principal=principal, limit=limit, cursor=cursor
    )


# --- board ---------------------------------------------------------------------------------


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
    principal: ProgrammeManager,
) -> Response:
    """Seat an API client (partner, ministry or programme) on the cohort's selection board."""
    member = await service.add_member(
        session=session, cohort_id=cohort_id, principal=principal, data=body, now=utcnow()
    )
    return await idem.respond(
        session,
        views.member(member),
        headers=created(f"/cohorts/{cohort_id}/board-members/{member.id}", 1),
    )


@router.get("/{cohort_id}/board-members", response_model=Page[BoardMemberRead])
async def list_board_members(
    cohort_id: uuid.UUID,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[BoardMemberRead]:
    """The cohort's selection board (programme staff and the board's own members)."""
    rows, next_cursor = await service.list_members(
        session=session, cohort_id=cohort_id, principal=principal, limit=limit, cursor=cursor
    )
    return Page(items=[views.member(m) for m in rows], next_cursor=next_cursor)


@router.get("/{cohort_id}/board-members/{member_id}", response_model=BoardMemberRead)
async def read_board_member(
    cohort_id: uuid.UUID,
    member_id: uuid.UUID,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
) -> BoardMemberRead:
    """One seat on the cohort's board."""
    member = await service.get_member(
        session=session, cohort_id=cohort_id, member_id=member_id, principal=principal
    )
    return views.member(member)


@router.delete(
    "/{cohort_id}/board-members/{member_id}",
    status_code=204,
    responses=rules("board_member_has_voted"),
)
async def remove_board_member(
    cohort_id: uuid.UUID, member_id: uuid.UUID, session: SessionDep, principal: ProgrammeManager
) -> Response:
    """Unseat a board member who has not voted."""
    await service.remove_member(
        session=session, cohort_id=cohort_id, member_id=member_id, principal=principal, now=utcnow()
    )
    return Response(status_code=204)


# --- quarterly reviews ------------------------------------------------------------------------


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
    cohort, review = await service.add_review(
        session=session, cohort_id=cohort_id, principal=principal, data=body, now=utcnow()
    )
    return await idem.respond(
        session,
        views.review(cohort, review),
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
    cohort, rows, next_cursor = await service.list_reviews(
        session=session, cohort_id=cohort_id, limit=limit, cursor=cursor
    )
    return Page(items=[views.review(cohort, r) for r in rows], next_cursor=next_cursor)


@router.get("/{cohort_id}/reviews/{review_id}", response_model=ReviewRead)
async def read_review(
    cohort_id: uuid.UUID,
    review_id: uuid.UUID,
    session: ReadSessionDep,
    response: Response,
    _: Staff,
) -> ReviewRead:
    """One quarterly review."""
    cohort, review = await service.get_review(
        session=session, cohort_id=cohort_id, review_id=review_id
    )
    tag(response, review.version)
    return views.review(cohort, review)


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
    cohort, review = await service.update_review(
        session=session,
        cohort_id=cohort_id,
        review_id=review_id,
        if_match=if_match,
        data=body,
        now=utcnow(),
    )
    tag(response, review.version)
    return views.review(cohort, review)
