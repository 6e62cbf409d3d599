"""Nomination rules: who may be nominated, rounds and caps, votes and decisions.

Every rule that counts (nominations per partner, companies selected) reads its count with
the cohort row locked: FOR UPDATE on PostgreSQL, the write lock BEGIN IMMEDIATE takes on
SQLite. Two racing requests therefore count one after the other, and a cap holds however
many race. Lock order is always cohort, then nomination, then vote, so no two requests
deadlock. Each change is written to the audit trail in its own transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from assessment.cohort import service as cohorts
from assessment.cohort.flow import ROUND_TWO_STATUSES
from assessment.cohort.models import BoardMember, Cohort
from assessment.cohort.schemas import CohortStatus
from assessment.company_facts import access as company_access
from assessment.company_facts import service as company_facts
from assessment.company_facts.directory import CompanyDirectory
from assessment.company_facts.eligibility import QualitativeCriterion
from assessment.company_facts.models import CompanyFact
from assessment.messages import MESSAGES
from assessment.nomination import access
from assessment.nomination.eligibility import (
    RESOURCE,
    UNDECIDED,
    eligibility_document,
    recheck,
    standing,
)
from assessment.nomination.models import BoardVote, Nomination, NominationStatus
from assessment.nomination.schemas import (
    DecisionCreate,
    NominationCreate,
    QualitativeAssessment,
    VoteCreate,
    VoteTally,
    VoteUpdate,
)
from assessment.statuses import STATUSES
from shared import audit
from shared.audit import AuditEntryRead
from shared.auth import Principal, Role
from shared.concurrency import check_if_match
from shared.errors import Conflict, Forbidden
from shared.events.assessment import CompanyRejected, CompanySelected, NominationSubmitted
from shared.events.registry import COMPANY_STATUSES
from shared.i18n import message
from shared.messaging import outbox
from shared.pagination import Page, keyset
from shared.persistence import bump, flush_or_conflict, one_or_404, where_given


def _audited(nomination: Nomination) -> dict[str, Any]:
    """What the audit trail keeps of a nomination when it is made or decided."""
    return {
        "cohort_id": nomination.cohort_id,
        "company_id": nomination.company_id,
        "nominated_by_company_id": nomination.nominated_by_company_id,
        "round": nomination.round,
        "motivation": nomination.motivation,
        "status": nomination.status,
        "decision_comment": nomination.decision_comment,
        **standing(nomination),
    }


# --- nominating ----------------------------------------------------------------------------


async def nominate(
    *,
    session: AsyncSession,
    directory: CompanyDirectory,
    principal: Principal,
    data: NominationCreate,
    now: datetime,
) -> Nomination:
    """Nominate a published, active, in-scope local company, by the round's rules.

    The nominee is looked up before this transaction takes any lock (the registry may be
    asked over HTTP); a company the caller may not see is answered as an unknown id.
    """
    unseen = await directory.unseen_facts(data.company_id, principal=principal, field="company_id")
    if unseen is not None:
        await company_facts.apply(session=session, facts=unseen, source="registry_api", now=now)
    facts = await company_facts.get(session=session, company_id=data.company_id)
    if facts is None or not company_access.visible(principal, facts):
        raise company_access.unknown("company_id")
    _nominable(facts)
    cohort = await cohorts.get(session=session, cohort_id=data.cohort_id, lock=True)
    round_ = 1 if principal.role == Role.INTERNATIONAL_COMPANY else 2
    _round_open(cohort, round_)
    # the most specific rule first: lifting a cap would not make a duplicate nominable
    duplicate = f"{facts.display_name} is already nominated to this cohort."
    taken = await session.scalar(
        sa.select(sa.func.count()).where(
            Nomination.cohort_id == cohort.id, Nomination.company_id == facts.company_id
        )
    )
    if taken:
        raise Conflict(duplicate, rule="company_already_nominated")
    if round_ == 1:
        await _partner_has_room(session, cohort, principal)
    else:
        await _cohort_has_room(session, cohort)
    eligible, eligibility = eligibility_document(
        facts=facts, facts_version=facts.version, cohort=cohort, qualitative={}, now=now
    )
    nomination = Nomination(
        cohort_id=cohort.id,
        company_id=facts.company_id,
        nominated_by_company_id=principal.company_id if round_ == 1 else None,
        nominated_by=principal.subject,
        nominated_by_role=principal.role,
        round=round_,
        motivation=data.motivation,
        status=NominationStatus.SUBMITTED,
        eligible=eligible,
        flagged=False,
        eligibility=eligibility,
        qualitative={},
        created_at=now,
        updated_at=now,
        version=1,
    )
    session.add(nomination)
    await flush_or_conflict(session, rule="company_already_nominated", detail=duplicate)
    await outbox.add(
        session,
        NominationSubmitted(
            nomination_id=nomination.id,
            cohort_id=cohort.id,
            company_id=facts.company_id,
            round=round_,
            nominated_by_company_id=nomination.nominated_by_company_id,
            eligible=eligible,
            submitted_at=now,
        ),
    )
    await audit.record(
        session,
        principal=principal,
        resource=RESOURCE,
        record=nomination,
        action="created",
        after=_audited(nomination),
        now=now,
    )
    return nomination


def _nominable(facts: CompanyFact) -> None:
    """Only published, active, in-scope local companies are put forward.

    Eligibility checks activity and scope again while a nomination is undecided (a company
    may close after it was nominated); these refuse what could never be selected now.
    """
    if facts.kind != "local":
        raise Conflict("Only local companies are nominated.", rule="nominee_not_local")
    if facts.publication != "published":
        raise Conflict(
            "The company's profile is not published yet: programme staff review and publish "
            "it in the registry before it can be nominated.",
            rule="nominee_not_published",
        )
    if facts.status != "active":
        raise Conflict(
            f"Only active companies are nominated; this one is {facts.status}.",
            rule="nominee_not_active",
            params={"status": COMPANY_STATUSES.text(facts.status)},
        )
    if not facts.in_scope:
        raise Conflict(
            "The company's segments are outside the programme's scope (IT companies).",
            rule="nominee_not_in_scope",
        )


def _round_open(cohort: Cohort, round_: int) -> None:
    if round_ == 1:
        if cohort.status != CohortStatus.NOMINATIONS_OPEN:
            raise Conflict(
                f"The cohort takes nominations only while open; it is {cohort.status}.",
                rule="nominations_closed",
            )
        if cohort.nomination_round != 1:
            raise Conflict(
                "Round 1 is over: the programme manager and the ministry nominate in round 2.",
                rule="round_one_closed",
            )
        return
    if cohort.status not in ROUND_TWO_STATUSES:
        raise Conflict(
            f"Round 2 nominations are made while nominations are open or during selection; "
            f"the cohort is {cohort.status}.",
            rule="nominations_closed",
        )
    if cohort.nomination_round != 2:
        raise Conflict(
            "Round 2 is not open: international companies nominate in round 1.",
            rule="round_two_not_open",
        )


async def _partner_has_room(session: AsyncSession, cohort: Cohort, principal: Principal) -> None:
    made = await session.scalar(
        sa.select(sa.func.count()).where(
            Nomination.cohort_id == cohort.id,
            Nomination.nominated_by_company_id == principal.company_id,
        )
    )
    if made is not None and made >= cohort.max_nominations_per_partner:
        raise Conflict(
            f"An international company nominates at most {cohort.max_nominations_per_partner} "
            "companies per cohort.",
            rule="partner_nomination_limit",
            limit=cohort.max_nominations_per_partner,
        )


async def _cohort_has_room(session: AsyncSession, cohort: Cohort) -> None:
    selected = await cohorts.selected_count(session=session, cohort_id=cohort.id)
    if selected >= cohort.max_companies:
        raise Conflict(
            f"The cohort is full ({selected} of {cohort.max_companies} selected).",
            rule="cohort_full",
            params={"selected": selected, "max_companies": cohort.max_companies},
        )


# --- reading ---------------------------------------------------------------------------------


async def get(*, session: AsyncSession, nomination_id: uuid.UUID, lock: bool = False) -> Nomination:
    """The nomination, or 404 (no access check: for other services of this one)."""
    return await one_or_404(
        session,
        sa.select(Nomination).where(Nomination.id == nomination_id),
        what="nomination",
        lock=lock,
    )


async def _locked(session: AsyncSession, nomination_id: uuid.UUID) -> tuple[Cohort, Nomination]:
    """The nomination and its cohort, both locked, cohort first (the lock order)."""
    cohort_id = (await get(session=session, nomination_id=nomination_id)).cohort_id
    cohort = await cohorts.get(session=session, cohort_id=cohort_id, lock=True)
    return cohort, await get(session=session, nomination_id=nomination_id, lock=True)


async def read(
    *, session: AsyncSession, nomination_id: uuid.UUID, principal: Principal
) -> Nomination:
    """The nomination if the caller may read it; 404 otherwise, as for an unknown id."""
    nomination = await get(session=session, nomination_id=nomination_id)
    seats = await board_seats(session=session, principal=principal)
    access.ensure_readable(nomination=nomination, principal=principal, seats=seats)
    return nomination


async def list_nominations(
    *,
    session: AsyncSession,
    principal: Principal,
    cohort_id: uuid.UUID | None,
    company_id: uuid.UUID | None,
    status: NominationStatus | None,
    eligible: bool | None,
    flagged: bool | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Nomination], str | None]:
    """A page of the nominations the caller may see, filtered."""
    seats = await board_seats(session=session, principal=principal)
    statement = sa.select(Nomination).where(access.readable(principal=principal, seats=seats))
    statement = where_given(
        statement,
        (Nomination.cohort_id, cohort_id),
        (Nomination.company_id, company_id),
        (Nomination.status, status),
        (Nomination.eligible, eligible),
        (Nomination.flagged, flagged),
    )
    return await keyset(session, statement, model=Nomination, limit=limit, cursor=cursor)


async def board_seats(*, session: AsyncSession, principal: Principal) -> list[uuid.UUID]:
    """The cohorts on whose board the caller sits."""
    rows = await session.scalars(
        sa.select(BoardMember.cohort_id).where(
            BoardMember.subject == principal.subject, BoardMember.role == principal.role
        )
    )
    return list(rows)


async def _full_view(
    session: AsyncSession, nomination_id: uuid.UUID, principal: Principal
) -> Nomination:
    """The nomination, for callers who see its votes and history."""
    nomination = await get(session=session, nomination_id=nomination_id)
    seats = await board_seats(session=session, principal=principal)
    access.ensure_sees_everything(nomination=nomination, principal=principal, seats=seats)
    return nomination


async def history(
    *,
    session: AsyncSession,
    nomination_id: uuid.UUID,
    principal: Principal,
    limit: int,
    cursor: str | None,
) -> Page[AuditEntryRead]:
    """The nomination's changes, decision and votes included, for staff and the board."""
    await _full_view(session, nomination_id, principal)
    return await audit.history(
        session, resource=RESOURCE, resource_id=nomination_id, limit=limit, cursor=cursor
    )


async def tallies(
    *, session: AsyncSession, nomination_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, VoteTally]:
    """Approve and reject votes per nomination."""
    tally = {n: VoteTally(approve=0, reject=0) for n in nomination_ids}
    if nomination_ids:
        rows = await session.execute(
            sa.select(BoardVote.nomination_id, BoardVote.vote, sa.func.count())
            .where(col(BoardVote.nomination_id).in_(nomination_ids))
            .group_by(BoardVote.nomination_id, BoardVote.vote)
        )
        for nomination_id, vote, count in rows:
            setattr(tally[nomination_id], vote, count)
    return tally


# --- the programme team's qualitative judgement ----------------------------------------------


async def assess_qualitative(
    *,
    session: AsyncSession,
    nomination_id: uuid.UUID,
    principal: Principal,
    if_match: str | None,
    criterion: QualitativeCriterion,
    data: QualitativeAssessment,
    now: datetime,
) -> Nomination:
    """Record the programme team's yes/no on a qualitative criterion, and re-check."""
    cohort, nomination = await _locked(session, nomination_id)
    check_if_match(if_match, nomination.version)
    _undecided(nomination)
    facts = await company_facts.get(session=session, company_id=nomination.company_id)
    assert facts is not None  # a nomination's company is always in the read model
    before = {criterion: nomination.qualitative.get(criterion), **standing(nomination)}
    # a new dict, so the JSON column registers the change
    nomination.qualitative = {
        **nomination.qualitative,
        criterion: {
            "met": data.met,
            "comment": data.comment,
            "assessed_by": principal.subject,
            "assessed_at": now.isoformat(),
        },
    }
    if not recheck(nomination=nomination, cohort=cohort, facts=facts, now=now):
        bump(nomination, now)
    await audit.record(
        session,
        principal=principal,
        resource=RESOURCE,
        record=nomination,
        action="qualitative_assessed",
        before=before,
        after={criterion: nomination.qualitative[criterion], **standing(nomination)},
        now=now,
    )
    return nomination


def _undecided(nomination: Nomination) -> None:
    if nomination.status not in UNDECIDED:
        raise Conflict(
            f"The nomination is already decided ({nomination.status}).",
            rule="nomination_decided",
            params={"status": STATUSES.text("nomination", nomination.status)},
        )


# --- the board's votes -------------------------------------------------------------------------


def _votable(cohort: Cohort, nomination: Nomination) -> None:
    if cohort.status != CohortStatus.SELECTION:
        raise Conflict(
            f"The board votes while the cohort is in selection; it is {cohort.status}.",
            rule="cohort_not_in_selection",
        )
    _undecided(nomination)
    if not nomination.eligible:
        raise Conflict(
            "The board votes on eligible nominations only.", rule="nomination_ineligible"
        )


def _ballot(ballot: BoardVote) -> dict[str, Any]:
    return {
        "vote_id": ballot.id,
        "board_member_id": ballot.board_member_id,
        "vote": ballot.vote,
        "comment": ballot.comment,
        "vote_version": ballot.version,
    }


async def vote(
    *,
    session: AsyncSession,
    nomination_id: uuid.UUID,
    principal: Principal,
    data: VoteCreate,
    now: datetime,
) -> BoardVote:
    """A board member's vote on an eligible nomination of their cohort: one each."""
    cohort, nomination = await _locked(session, nomination_id)
    seats = await board_seats(session=session, principal=principal)
    access.ensure_readable(nomination=nomination, principal=principal, seats=seats)
    seat = await cohorts.seat_of(session=session, cohort_id=cohort.id, principal=principal)
    if seat is None:
        raise Forbidden(message(MESSAGES["vote_in_own_board"]))
    _votable(cohort, nomination)
    detail = "You have voted on this nomination; change your vote instead."
    taken = await session.scalar(
        sa.select(sa.func.count()).where(
            BoardVote.nomination_id == nomination.id, BoardVote.board_member_id == seat.id
        )
    )
    if taken:
        raise Conflict(detail, rule="already_voted")
    ballot = BoardVote(
        nomination_id=nomination.id,
        board_member_id=seat.id,
        vote=data.vote,
        comment=data.comment,
        created_at=now,
        updated_at=now,
        version=1,
    )
    session.add(ballot)
    await flush_or_conflict(session, rule="already_voted", detail=detail)
    await audit.record(
        session,
        principal=principal,
        resource=RESOURCE,
        record=nomination,
        action="vote_cast",
        after=_ballot(ballot),
        now=now,
    )
    return ballot


async def list_votes(
    *,
    session: AsyncSession,
    nomination_id: uuid.UUID,
    principal: Principal,
    limit: int,
    cursor: str | None,
) -> tuple[list[BoardVote], str | None]:
    """A page of the nomination's votes, for staff and the cohort's board."""
    await _full_view(session, nomination_id, principal)
    statement = sa.select(BoardVote).where(BoardVote.nomination_id == nomination_id)
    return await keyset(session, statement, model=BoardVote, limit=limit, cursor=cursor)


async def _get_vote(
    session: AsyncSession, nomination_id: uuid.UUID, vote_id: uuid.UUID, *, lock: bool = False
) -> BoardVote:
    return await one_or_404(
        session,
        sa.select(BoardVote).where(
            BoardVote.id == vote_id, BoardVote.nomination_id == nomination_id
        ),
        what="vote",
        lock=lock,
    )


async def get_vote(
    *, session: AsyncSession, nomination_id: uuid.UUID, vote_id: uuid.UUID, principal: Principal
) -> BoardVote:
    """One vote on the nomination, for staff and the cohort's board; 404 if unknown."""
    await _full_view(session, nomination_id, principal)
    return await _get_vote(session, nomination_id, vote_id)


async def member_names(
    *, session: AsyncSession, member_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, str]:
    """Names of board members, for vote lists."""
    if not member_ids:
        return {}
    rows = await session.execute(
        sa.select(BoardMember.id, BoardMember.name).where(col(BoardMember.id).in_(set(member_ids)))
    )
    return {key: value for key, value in rows}


async def change_vote(
    *,
    session: AsyncSession,
    nomination_id: uuid.UUID,
    vote_id: uuid.UUID,
    principal: Principal,
    if_match: str | None,
    data: VoteUpdate,
    now: datetime,
) -> BoardVote:
    """The member who cast a vote changes it while the nomination is undecided."""
    cohort, nomination = await _locked(session, nomination_id)
    seats = await board_seats(session=session, principal=principal)
    access.ensure_sees_everything(nomination=nomination, principal=principal, seats=seats)
    ballot = await _get_vote(session, nomination_id, vote_id, lock=True)
    seat = await cohorts.seat_of(session=session, cohort_id=cohort.id, principal=principal)
    if seat is None or seat.id != ballot.board_member_id:
        raise Forbidden(message(MESSAGES["vote_changed_by_voter"]))
    check_if_match(if_match, ballot.version)
    _votable(cohort, nomination)
    before = _ballot(ballot)
    if data.vote is not None:
        ballot.vote = data.vote
    if data.comment is not None:
        ballot.comment = data.comment
    bump(ballot, now)
    await audit.record(
        session,
        principal=principal,
        resource=RESOURCE,
        record=nomination,
        action="vote_changed",
        before=before,
        after=_ballot(ballot),
        only_changes=False,
        now=now,
    )
    return ballot


# --- the programme manager's decision ----------------------------------------------------------


async def decide(
    *,
    session: AsyncSession,
    nomination_id: uuid.UUID,
    principal: Principal,
    if_match: str | None,
    data: DecisionCreate,
    now: datetime,
) -> Nomination:
    """Record the board's decision on a nomination.

    Selecting counts the cohort's selected companies under the cohort's lock, so
    ``max_companies`` holds however many decisions race. A waitlisted company may later be
    selected or rejected; selected and rejected are final.
    """
    cohort, nomination = await _locked(session, nomination_id)
    check_if_match(if_match, nomination.version)
    if cohort.status != CohortStatus.SELECTION:
        raise Conflict(
            f"Decisions are recorded while the cohort is in selection; it is {cohort.status}.",
            rule="cohort_not_in_selection",
        )
    _undecided(nomination)
    if data.decision == nomination.status:
        raise Conflict(
            "The nomination is already waitlisted.",
            rule="nomination_decided",
            params={"status": STATUSES.text("nomination", nomination.status)},
        )
    if data.decision != NominationStatus.REJECTED and not nomination.eligible:
        raise Conflict(
            f"An ineligible nomination can only be rejected, not {data.decision}.",
            rule="nomination_ineligible",
        )
    if data.decision == NominationStatus.SELECTED:
        await _cohort_has_room(session, cohort)
    before = _audited(nomination)
    nomination.status = data.decision
    nomination.decision_comment = data.comment
    nomination.decided_by = principal.subject
    nomination.decided_at = now
    bump(nomination, now)
    if data.decision == NominationStatus.SELECTED:
        await outbox.add(
            session,
            CompanySelected(
                company_id=nomination.company_id,
                cohort_id=cohort.id,
                cohort_name=cohort.name,
                nomination_id=nomination.id,
                selected_at=now,
            ),
        )
    elif data.decision == NominationStatus.REJECTED:
        await outbox.add(
            session,
            CompanyRejected(
                company_id=nomination.company_id,
                cohort_id=cohort.id,
                cohort_name=cohort.name,
                nomination_id=nomination.id,
                rejected_at=now,
            ),
        )
    await audit.record(
        session,
        principal=principal,
        resource=RESOURCE,
        record=nomination,
        action="decided",
        before=before,
        after=_audited(nomination),
        now=now,
    )
    return nomination
