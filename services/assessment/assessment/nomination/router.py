"""Nominations, their eligibility, the board's votes and the programme manager's decision.

HTTP only: each route parses, admits roles through ``access``, calls one service function
and returns one view.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from assessment.company_facts.eligibility import QualitativeCriterion
from assessment.deps import CompanyDirectoryDep
from assessment.nomination import service, views
from assessment.nomination.access import Nominator, ProgrammeManager, ProgrammeTeam
from assessment.nomination.models import NominationStatus
from assessment.nomination.schemas import (
    DecisionCreate,
    NominationCreate,
    NominationRead,
    QualitativeAssessment,
    VoteCreate,
    VoteRead,
    VoteUpdate,
)
from shared.api import rules
from shared.audit import AuditEntryRead
from shared.auth import CurrentPrincipal
from shared.concurrency import IfMatch, created, tag
from shared.db import utcnow
from shared.deps import ReadSessionDep, SessionDep
from shared.idempotency import IdempotencyDep
from shared.pagination import CursorQuery, LimitQuery, Page

router = APIRouter(prefix="/nominations", tags=["nominations"])


@router.post(
    "",
    status_code=201,
    response_model=NominationRead,
    responses={
        502: {"description": "the registry, asked about a company not seen yet, is down"},
        **rules(
            "nominee_not_local",
            "nominee_not_published",
            "nominee_not_active",
            "nominee_not_in_scope",
            "nominations_closed",
            "round_one_closed",
            "round_two_not_open",
            "company_already_nominated",
            "partner_nomination_limit",
            "cohort_full",
        ),
    },
)
async def nominate(
    body: NominationCreate,
    session: SessionDep,
    idem: IdempotencyDep,
    directory: CompanyDirectoryDep,
    principal: Nominator,
) -> Response:
    """Nominate a published, active, in-scope local company (round 1: partners; round 2:
    manager or ministry). A company you cannot see in the registry is a 422 on `company_id`,
    as an unknown id is."""
    nomination = await service.nominate(
        session=session, directory=directory, principal=principal, data=body, now=utcnow()
    )
    return await idem.respond(
        session,
        await views.nomination(session, nomination, principal=principal),
        headers=created(f"/nominations/{nomination.id}", nomination.version),
    )


@router.get("", response_model=Page[NominationRead])
async def list_nominations(
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    cohort_id: uuid.UUID | None = None,
    company_id: uuid.UUID | None = None,
    status: NominationStatus | None = None,
    eligible: bool | None = None,
    flagged: bool | None = None,
) -> Page[NominationRead]:
    """The nominations the caller may see (companies: their own, status only)."""
    rows, next_cursor = await service.list_nominations(
        session=session,
        principal=principal,
        cohort_id=cohort_id,
        company_id=company_id,
        status=status,
        eligible=eligible,
        flagged=flagged,
        limit=limit,
        cursor=cursor,
    )
    return Page(
        items=await views.nominations(session, rows, principal=principal), next_cursor=next_cursor
    )


@router.get("/{nomination_id}", response_model=NominationRead)
async def read_nomination(
    nomination_id: uuid.UUID,
    session: ReadSessionDep,
    response: Response,
    principal: CurrentPrincipal,
) -> NominationRead:
    """One nomination, with each eligibility criterion and the value it saw."""
    nomination = await service.read(
        session=session, nomination_id=nomination_id, principal=principal
    )
    tag(response, nomination.version)
    return await views.nomination(session, nomination, principal=principal)


@router.get("/{nomination_id}/history", response_model=Page[AuditEntryRead])
async def nomination_history(
    nomination_id: uuid.UUID,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[AuditEntryRead]:
    """Who nominated, judged, voted (and changed a vote) and decided, and when; eligibility
    re-checks too (programme staff and the cohort's board)."""
    return await service.history(
        session=session,
        nomination_id=nomination_id,
        principal=principal,
        limit=limit,
        cursor=cursor,
    )


@router.put(
    "/{nomination_id}/qualitative/{criterion}",
    response_model=NominationRead,
    responses=rules("nomination_decided"),
)
async def assess_qualitative(
    nomination_id: uuid.UUID,
    criterion: QualitativeCriterion,
    body: QualitativeAssessment,
    session: SessionDep,
    response: Response,
    principal: ProgrammeTeam,
    if_match: IfMatch = None,
) -> NominationRead:
    """Record the programme team's yes/no and comment on a qualitative criterion."""
    nomination = await service.assess_qualitative(
        session=session,
        nomination_id=nomination_id,
        principal=principal,
        if_match=if_match,
        criterion=criterion,
        data=body,
        now=utcnow(),
    )
    tag(response, nomination.version)
    return await views.nomination(session, nomination, principal=principal)


@router.put(
    "/{nomination_id}/decision",
    response_model=NominationRead,
    responses=rules(
        "cohort_not_in_selection", "nomination_decided", "nomination_ineligible", "cohort_full"
    ),
)
async def decide(
    nomination_id: uuid.UUID,
    body: DecisionCreate,
    session: SessionDep,
    response: Response,
    principal: ProgrammeManager,
    if_match: IfMatch = None,
) -> NominationRead:
    """Record the decision (selected, rejected, waitlisted); never above max_companies selected."""
    nomination = await service.decide(
        session=session,
        nomination_id=nomination_id,
        principal=principal,
        if_match=if_match,
        data=body,
        now=utcnow(),
    )
    tag(response, nomination.version)
    return await views.nomination(session, nomination, principal=principal)


# --- votes -------------------------------------------------------------------------------------


@router.post(
    "/{nomination_id}/votes",
    status_code=201,
    response_model=VoteRead,
    responses=rules(
        "cohort_not_in_selection", "nomination_decided", "nomination_ineligible", "already_voted"
    ),
)
async def vote(
    nomination_id: uuid.UUID,
    body: VoteCreate,
    session: SessionDep,
    idem: IdempotencyDep,
    principal: CurrentPrincipal,
) -> Response:
    """Vote approve or reject, with a comment, as a member of the cohort's board."""
    ballot = await service.vote(
        session=session, nomination_id=nomination_id, principal=principal, data=body, now=utcnow()
    )
    return await idem.respond(
        session,
        await views.vote(session, ballot),
        headers=created(f"/nominations/{nomination_id}/votes/{ballot.id}", ballot.version),
    )


@router.get("/{nomination_id}/votes", response_model=Page[VoteRead])
async def list_votes(
    nomination_id: uuid.UUID,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[VoteRead]:
    """The board's votes on a nomination (programme staff and the cohort's board)."""
    rows, next_cursor = await service.list_votes(
        session=session,
        nomination_id=nomination_id,
        principal=principal,
        limit=limit,
        cursor=cursor,
    )
    return Page(items=await views.votes(session, rows), next_cursor=next_cursor)


@router.get("/{nomination_id}/votes/{vote_id}", response_model=VoteRead)
async def read_vote(
    nomination_id: uuid.UUID,
    vote_id: uuid.UUID,
    session: ReadSessionDep,
    response: Response,
    principal: CurrentPrincipal,
) -> VoteRead:
    """One vote."""
    ballot = await service.get_vote(
        session=session, nomination_id=nomination_id, vote_id=vote_id, principal=principal
    )
    tag(response, ballot.version)
    return await views.vote(session, ballot)


@router.patch(
    "/{nomination_id}/votes/{vote_id}",
    response_model=VoteRead,
    responses=rules("cohort_not_in_selection", "nomination_decided", "nomination_ineligible"),
)
async def change_vote(
    nomination_id: uuid.UUID,
    vote_id: uuid.UUID,
    body: VoteUpdate,
    session: SessionDep,
    response: Response,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> VoteRead:
    """Change your own vote while the nomination is undecided."""
    ballot = await service.change_vote(
        session=session,
        nomination_id=nomination_id,
        vote_id=vote_id,
        principal=principal,
        if_match=if_match,
        data=body,
        now=utcnow(),
    )
    tag(response, ballot.version)
    return await views.vote(session, ballot)
