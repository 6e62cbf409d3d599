"""Nominations, their eligibility, the board's votes and the programme manager's decision."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from assessment.cohort import service as cohorts
from assessment.company_facts import service as company_facts
from assessment.company_facts.eligibility import QualitativeCriterion, qualitative_checks
from assessment.deps import RegistryDep
from assessment.nomination import service
from assessment.nomination.models import BoardVote, Nomination, NominationStatus
from assessment.nomination.schemas import (
    DecisionCreate,
    EligibilityRead,
    NominationCreate,
    NominationRead,
    QualitativeAssessment,
    VoteCreate,
    VoteRead,
    VoteUpdate,
)
from shared import context
from shared.api import rules
from shared.auth import CurrentPrincipal, Principal, Role, require_roles
from shared.concurrency import IfMatch, check_if_match, created, tag
from shared.db import utcnow
from shared.deps import ReadSessionDep, SessionDep
from shared.errors import Forbidden, InvalidInput, NotFound
from shared.idempotency import IdempotencyDep
from shared.pagination import CursorQuery, LimitQuery, Page, keyset

router = APIRouter(prefix="/nominations", tags=["nominations"])

Nominator = Annotated[
    Principal,
    require_roles(Role.INTERNATIONAL_COMPANY, Role.PROGRAMME_MANAGER, Role.MINISTRY),
]
ProgrammeTeam = Annotated[Principal, require_roles(Role.PROGRAMME_MANAGER, Role.ANALYST)]
ProgrammeManager = Annotated[Principal, require_roles(Role.PROGRAMME_MANAGER)]


async def to_reads(
    session: AsyncSession,
    nominations: Sequence[Nomination],
    principal: Principal,
    seats: Sequence[uuid.UUID],
) -> list[NominationRead]:
    """Read models; the confidential parts only for staff and the cohort's board."""
    names = await company_facts.names(
        session=session, company_ids=[n.company_id for n in nominations]
    )
    tallies = await service.tallies(session=session, nomination_ids=[n.id for n in nominations])
    reads = []
    for n in nominations:
        confidential = {}
        if service.sees_everything(nomination=n, principal=principal, seats=seats):
            confidential = {
                "motivation": n.motivation,
                "eligibility": EligibilityRead(
                    eligible=n.eligible,
                    flagged=n.flagged,
                    criteria=n.eligibility["criteria"],
                    qualitative=qualitative_checks(n.qualitative),
                    facts_version=n.eligibility["facts_version"],
                    as_of=n.eligibility["as_of"],
                    checked_at=n.eligibility["checked_at"],
                ),
                "votes": tallies[n.id],
                "decision_comment": n.decision_comment,
            }
        reads.append(
            NominationRead(
                id=n.id,
                cohort_id=n.cohort_id,
                company_id=n.company_id,
                company_name=names.get(n.company_id, ""),
                nominated_by_company_id=n.nominated_by_company_id,
                round=n.round,
                status=NominationStatus(n.status),
                decided_at=n.decided_at,
                created_at=n.created_at,
                updated_at=n.updated_at,
                version=n.version,
                **confidential,
            )
        )
    return reads


async def _read(
    session: AsyncSession, nomination: Nomination, principal: Principal
) -> NominationRead:
    seats = await service.board_seats(session=session, principal=principal)
    return (await to_reads(session, [nomination], principal, seats))[0]


async def _visible(
    session: AsyncSession, nomination: Nomination, principal: Principal
) -> list[uuid.UUID]:
    """404 unless the caller may see the nomination; returns the caller's board seats."""
    seats = await service.board_seats(session=session, principal=principal)
    if not service.may_read(nomination=nomination, principal=principal, seats=seats):
        raise NotFound("No such nomination.")
    return seats


@router.post(
    "",
    status_code=201,
    response_model=NominationRead,
    responses={
        502: {"description": "the registry, asked about a company not seen yet, is down"},
        **rules(
            "nominations_closed",
            "round_one_closed",
            "round_two_not_open",
            "partner_nomination_limit",
            "cohort_full",
            "company_already_nominated",
            "nominee_not_local",
        ),
    },
)
async def nominate(
    body: NominationCreate,
    request: Request,
    session: SessionDep,
    idem: IdempotencyDep,
    registry: RegistryDep,
    principal: Nominator,
) -> Response:
    """Nominate a local company (round 1: partners; round 2: manager or ministry)."""
    now = utcnow()
    if await company_facts.get(session=session, company_id=body.company_id) is None:
        # Not announced to us yet: ask the registry, with the caller's own rights. End the
        # transaction first, so that no lock is held while another service answers.
        await session.rollback()
        fetched = await registry.company(
            body.company_id,
            authorization=request.headers.get("authorization"),
            request_id=context.request_id.get(),
        )
        if fetched is None:
            raise InvalidInput("company_id", "no such company in the registry")
        await company_facts.apply(session=session, facts=fetched, source="registry_api", now=now)
    nomination = await service.nominate(session=session, principal=principal, data=body, now=now)
    return await idem.respond(
        session,
        await _read(session, nomination, principal),
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
    seats = await service.board_seats(session=session, principal=principal)
    statement = service.listing(
        principal=principal,
        seats=seats,
        cohort_id=cohort_id,
        company_id=company_id,
        status=status,
        eligible=eligible,
        flagged=flagged,
    )
    rows, next_cursor = await keyset(
        session, statement, model=Nomination, limit=limit, cursor=cursor
    )
    return Page(items=await to_reads(session, rows, principal, seats), next_cursor=next_cursor)


@router.get("/{nomination_id}", response_model=NominationRead)
async def read_nomination(
    nomination_id: uuid.UUID,
    session: ReadSessionDep,
    response: Response,
    principal: CurrentPrincipal,
) -> NominationRead:
    """One nomination, with each eligibility criterion and the value it saw."""
    nomination = await service.get(session=session, nomination_id=nomination_id)
    seats = await _visible(session, nomination, principal)
    tag(response, nomination.version)
    return (await to_reads(session, [nomination], principal, seats))[0]


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
    nomination = await service.get(session=session, nomination_id=nomination_id, lock=True)
    check_if_match(if_match, nomination.version)
    await service.assess_qualitative(
        session=session,
        nomination=nomination,
        criterion=criterion,
        data=body,
        by=principal.subject,
        now=utcnow(),
    )
    tag(response, nomination.version)
    return await _read(session, nomination, principal)


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
    cohort_id = (await service.get(session=session, nomination_id=nomination_id)).cohort_id
    cohort = await cohorts.get(session=session, cohort_id=cohort_id, lock=True)
    nomination = await service.get(session=session, nomination_id=nomination_id, lock=True)
    check_if_match(if_match, nomination.version)
    await service.decide(
        session=session,
        cohort=cohort,
        nomination=nomination,
        data=body,
        by=principal.subject,
        now=utcnow(),
    )
    tag(response, nomination.version)
    return await _read(session, nomination, principal)


# --- votes -------------------------------------------------------------------------------------


async def _vote_reads(session: AsyncSession, ballots: Sequence[BoardVote]) -> list[VoteRead]:
    names = await service.member_names(
        session=session, member_ids=[b.board_member_id for b in ballots]
    )
    return [
        VoteRead(
            id=b.id,
            nomination_id=b.nomination_id,
            board_member_id=b.board_member_id,
            member_name=names.get(b.board_member_id, ""),
            vote=b.vote,
            comment=b.comment,
            created_at=b.created_at,
            updated_at=b.updated_at,
            version=b.version,
        )
        for b in ballots
    ]


async def _board_only(session: AsyncSession, nomination: Nomination, principal: Principal) -> None:
    seats = await _visible(session, nomination, principal)
    if not service.sees_everything(nomination=nomination, principal=principal, seats=seats):
        raise Forbidden("Votes are visible to programme staff and the cohort's board.")


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
    nomination = await service.get(session=session, nomination_id=nomination_id, lock=True)
    await _visible(session, nomination, principal)
    seat = await cohorts.seat_of(
        session=session, cohort_id=nomination.cohort_id, principal=principal
    )
    if seat is None:
        raise Forbidden("You vote only in cohorts whose selection board you sit on.")
    ballot = await service.vote(
        session=session, nomination=nomination, seat=seat, data=body, now=utcnow()
    )
    [read] = await _vote_reads(session, [ballot])
    return await idem.respond(
        session, read, headers=created(f"/nominations/{nomination.id}/votes/{ballot.id}", 1)
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
    nomination = await service.get(session=session, nomination_id=nomination_id)
    await _board_only(session, nomination, principal)
    rows, next_cursor = await keyset(
        session,
        service.votes(nomination_id=nomination_id),
        model=BoardVote,
        limit=limit,
        cursor=cursor,
    )
    return Page(items=await _vote_reads(session, rows), next_cursor=next_cursor)


@router.get("/{nomination_id}/votes/{vote_id}", response_model=VoteRead)
async def read_vote(
    nomination_id: uuid.UUID,
    vote_id: uuid.UUID,
    session: ReadSessionDep,
    response: Response,
    principal: CurrentPrincipal,
) -> VoteRead:
    """One vote."""
    nomination = await service.get(session=session, nomination_id=nomination_id)
    await _board_only(session, nomination, principal)
    ballot = await service.get_vote(session=session, nomination_id=nomination_id, vote_id=vote_id)
    tag(response, ballot.version)
    [read] = await _vote_reads(session, [ballot])
    return read


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
    nomination = await service.get(session=session, nomination_id=nomination_id, lock=True)
    await _board_only(session, nomination, principal)
    ballot = await service.get_vote(
        session=session, nomination_id=nomination_id, vote_id=vote_id, lock=True
    )
    seat = await cohorts.seat_of(
        session=session, cohort_id=nomination.cohort_id, principal=principal
    )
    if seat is None or seat.id != ballot.board_member_id:
        raise Forbidden("Only the member who cast a vote changes it.")
    check_if_match(if_match, ballot.version)
    await service.change_vote(
        session=session, nomination=nomination, ballot=ballot, data=body, now=utcnow()
    )
    tag(response, ballot.version)
    [read] = await _vote_reads(session, [ballot])
    return read
