"""Nomination rules: rounds, caps, eligibility and its re-checks, votes and decisions.

Every rule that counts (nominations per partner, companies selected) reads its count with
the cohort row locked: FOR UPDATE on PostgreSQL, the write lock BEGIN IMMEDIATE takes on
SQLite. Two racing requests therefore count one after the other, and a cap holds however
many race. Lock order is always cohort, then nomination, so no two requests deadlock.
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
from assessment.cohort.models import BoardMember, Cohort
from assessment.cohort.schemas import CohortStatus
from assessment.company_facts import service as company_facts
from assessment.company_facts.eligibility import (
    CompanyFactsLike,
    check_automatic,
    is_eligible,
    qualitative_checks,
)
from assessment.company_facts.models import CompanyFact
from assessment.nomination.models import BoardVote, Nomination, NominationStatus
from assessment.nomination.schemas import (
    DecisionCreate,
    NominationCreate,
    QualitativeAssessment,
    VoteCreate,
    VoteTally,
    VoteUpdate,
)
from shared.auth import Principal, Role
from shared.errors import Conflict, NotFound
from shared.events.assessment import CompanyRejected, CompanySelected, NominationSubmitted
from shared.messaging import outbox
from shared.persistence import bump, flush_or_conflict, one_or_404

UNDECIDED = frozenset({NominationStatus.SUBMITTED, NominationStatus.WAITLISTED})
ROUND_TWO_NOMINATORS = frozenset({Role.PROGRAMME_MANAGER, Role.MINISTRY})


def eligibility_document(
    *,
    facts: CompanyFactsLike,
    facts_version: int,
    cohort: Cohort,
    qualitative: dict[str, Any],
    now: datetime,
) -> tuple[bool, dict[str, Any]]:
    """Whether the nominee is eligible, and the record of why (stored on the nomination)."""
    automatic = check_automatic(facts, cohorts.thresholds_of(cohort), as_of=cohort.starts_on)
    eligible = is_eligible(automatic, qualitative_checks(qualitative))
    return eligible, {
        "criteria": [c.model_dump(mode="json") for c in automatic],
        "facts_version": facts_version,
        "as_of": cohort.starts_on.isoformat(),
        "checked_at": now.isoformat(),
    }


async def nominate(
    *, session: AsyncSession, principal: Principal, data: NominationCreate, now: datetime
) -> Nomination:
    """Nominate a local company whose facts the read model holds, by the round's rules."""
    cohort = await cohorts.get(session=session, cohort_id=data.cohort_id, lock=True)
    facts = await company_facts.get(session=session, company_id=data.company_id)
    if facts is None:  # the route fills the read model from the registry first
        raise NotFound("No such company.")
    if facts.kind != "local":
        raise Conflict("Only local companies are nominated.", rule="nominee_not_local")
    if principal.role == Role.INTERNATIONAL_COMPANY:
        await _round_one_allows(session, cohort, principal)
        round_ = 1
    else:
        await _round_two_allows(session, cohort)
        round_ = 2
    duplicate = f"{facts.display_name} is already nominated to this cohort."
    taken = await session.scalar(
        sa.select(sa.func.count()).where(
            Nomination.cohort_id == cohort.id, Nomination.company_id == facts.company_id
        )
    )
    if taken:
        raise Conflict(duplicate, rule="company_already_nominated")
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
    return nomination


async def _round_one_allows(session: AsyncSession, cohort: Cohort, principal: Principal) -> None:
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


async def _round_two_allows(session: AsyncSession, cohort: Cohort) -> None:
    if cohort.status not in cohorts.ROUND_TWO_STATUSES:
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
    selected = await cohorts.selected_count(session=session, cohort_id=cohort.id)
    if selected >= cohort.max_companies:
        raise Conflict(
            f"The cohort is full ({selected} of {cohort.max_companies} selected).",
            rule="cohort_full",
        )


async def get(*, session: AsyncSession, nomination_id: uuid.UUID, lock: bool = False) -> Nomination:
    """The nomination, or 404."""
    return await one_or_404(
        session,
        sa.select(Nomination).where(Nomination.id == nomination_id),
        what="nomination",
        lock=lock,
    )


def listing(
    *,
    principal: Principal,
    seats: Sequence[uuid.UUID],
    cohort_id: uuid.UUID | None,
    company_id: uuid.UUID | None,
    status: NominationStatus | None,
    eligible: bool | None,
    flagged: bool | None,
) -> sa.Select[tuple[Nomination]]:
    """The nominations the caller may see, filtered; ``seats``: cohorts of the caller's board."""
    statement = sa.select(Nomination)
    if not principal.is_staff:
        visible = [col(Nomination.cohort_id).in_(seats)]
        if principal.role == Role.LOCAL_COMPANY:
            visible.append(Nomination.company_id == principal.company_id)
        if principal.role == Role.INTERNATIONAL_COMPANY:
            visible.append(Nomination.nominated_by_company_id == principal.company_id)
        statement = statement.where(sa.or_(*visible))
    for column, value in (
        (Nomination.cohort_id, cohort_id),
        (Nomination.company_id, company_id),
        (Nomination.status, status),
        (Nomination.eligible, eligible),
        (Nomination.flagged, flagged),
    ):
        if value is not None:
            statement = statement.where(column == value)
    return statement


async def board_seats(*, session: AsyncSession, principal: Principal) -> list[uuid.UUID]:
    """The cohorts on whose board the caller sits."""
    rows = await session.scalars(
        sa.select(BoardMember.cohort_id).where(
            BoardMember.subject == principal.subject, BoardMember.role == principal.role
        )
    )
    return list(rows)


def may_read(*, nomination: Nomination, principal: Principal, seats: Sequence[uuid.UUID]) -> bool:
    """Staff, the cohort's board, the nominated company and the company that nominated."""
    return (
        principal.is_staff
        or nomination.cohort_id in seats
        or (principal.role == Role.LOCAL_COMPANY and principal.acts_for(nomination.company_id))
        or (
            principal.role == Role.INTERNATIONAL_COMPANY
            and principal.acts_for(nomination.nominated_by_company_id)
        )
    )


def sees_everything(
    *, nomination: Nomination, principal: Principal, seats: Sequence[uuid.UUID]
) -> bool:
    """Staff and the cohort's board; the companies involved see the status only.

    The eligibility record holds figures the registry shows only to programme staff and the
    company itself (the private-sector share), and votes and comments are the board's own.
    """
    return principal.is_staff or nomination.cohort_id in seats


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


# --- eligibility re-checks -------------------------------------------------------------------


def recheck(*, nomination: Nomination, cohort: Cohort, facts: CompanyFact, now: datetime) -> bool:
    """Recompute a locked, undecided nomination's eligibility; True if anything changed.

    A nomination that was eligible and is no longer is flagged, never dropped: it stays in
    the list for the board and the programme team to see, with the criterion that failed.
    """
    eligible, document = eligibility_document(
        facts=facts,
        facts_version=facts.version,
        cohort=cohort,
        qualitative=nomination.qualitative,
        now=now,
    )
    if eligible == nomination.eligible and document["criteria"] == nomination.eligibility.get(
        "criteria"
    ):
        return False
    nomination.flagged = not eligible and (nomination.eligible or nomination.flagged)
    nomination.eligible = eligible
    nomination.eligibility = document
    bump(nomination, now)
    return True


async def recheck_company(*, session: AsyncSession, company_id: uuid.UUID, now: datetime) -> int:
    """Re-check the company's nominations whose selection is not decided; how many changed."""
    facts = await company_facts.get(session=session, company_id=company_id)
    if facts is None:
        return 0
    rows = await session.execute(
        sa.select(Nomination, Cohort)
        .join(Cohort, col(Cohort.id) == Nomination.cohort_id)
        .where(
            Nomination.company_id == company_id,
            col(Nomination.status).in_(UNDECIDED),
            col(Cohort.status).in_(cohorts.SELECTION_UNDECIDED),
        )
        .with_for_update(of=Nomination)
        .execution_options(populate_existing=True)
    )
    changed = 0
    for nomination, cohort in rows:
        changed += recheck(nomination=nomination, cohort=cohort, facts=facts, now=now)
    return changed


async def recheck_cohort(*, session: AsyncSession, cohort: Cohort, now: datetime) -> int:
    """Re-check a locked cohort's undecided nominations after its thresholds changed."""
    rows = await session.execute(
        sa.select(Nomination, CompanyFact)
        .join(CompanyFact, col(CompanyFact.company_id) == Nomination.company_id)
        .where(Nomination.cohort_id == cohort.id, col(Nomination.status).in_(UNDECIDED))
        .with_for_update(of=Nomination)
        .execution_options(populate_existing=True)
    )
    changed = 0
    for nomination, facts in rows:
        changed += recheck(nomination=nomination, cohort=cohort, facts=facts, now=now)
    return changed


async def assess_qualitative(
    *,
    session: AsyncSession,
    nomination: Nomination,
    criterion: str,
    data: QualitativeAssessment,
    by: str,
    now: datetime,
) -> Nomination:
    """Record the programme team's yes/no on a qualitative criterion, and re-check."""
    _undecided(nomination)
    cohort = await cohorts.get(session=session, cohort_id=nomination.cohort_id)
    facts = await company_facts.get(session=session, company_id=nomination.company_id)
    assert facts is not None  # a nomination's company is always in the read model
    # a new dict, so the JSON column registers the change
    nomination.qualitative = {
        **nomination.qualitative,
        criterion: {
            "met": data.met,
            "comment": data.comment,
            "assessed_by": by,
            "assessed_at": now.isoformat(),
        },
    }
    if not recheck(nomination=nomination, cohort=cohort, facts=facts, now=now):
        bump(nomination, now)
    return nomination


def _undecided(nomination: Nomination) -> None:
    if nomination.status not in UNDECIDED:
        raise Conflict(
            f"The nomination is already decided ({nomination.status}).", rule="nomination_decided"
        )


# --- the board's votes -------------------------------------------------------------------------


async def _votable(session: AsyncSession, nomination: Nomination) -> None:
    cohort = await cohorts.get(session=session, cohort_id=nomination.cohort_id)
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


async def vote(
    *,
    session: AsyncSession,
    nomination: Nomination,
    seat: BoardMember,
    data: VoteCreate,
    now: datetime,
) -> BoardVote:
    """A board member's vote on an eligible nomination: one each."""
    await _votable(session, nomination)
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
    return ballot


def votes(*, nomination_id: uuid.UUID) -> sa.Select[tuple[BoardVote]]:
    """The nomination's votes (a statement, for paging)."""
    return sa.select(BoardVote).where(BoardVote.nomination_id == nomination_id)


async def get_vote(
    *, session: AsyncSession, nomination_id: uuid.UUID, vote_id: uuid.UUID, lock: bool = False
) -> BoardVote:
    """One vote on the nomination, or 404."""
    return await one_or_404(
        session,
        sa.select(BoardVote).where(
            BoardVote.id == vote_id, BoardVote.nomination_id == nomination_id
        ),
        what="vote",
        lock=lock,
    )


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
    nomination: Nomination,
    ballot: BoardVote,
    data: VoteUpdate,
    now: datetime,
) -> BoardVote:
    """A member changes their vote while the nomination is undecided."""
    await _votable(session, nomination)
    if data.vote is not None:
        ballot.vote = data.vote
    if data.comment is not None:
        ballot.comment = data.comment
    bump(ballot, now)
    return ballot


# --- the programme manager's decision ----------------------------------------------------------


async def decide(
    *,
    session: AsyncSession,
    cohort: Cohort,
    nomination: Nomination,
    data: DecisionCreate,
    by: str,
    now: datetime,
) -> Nomination:
    """Record the board's decision on a nomination; ``cohort`` must be locked.

    Selecting counts the cohort's selected companies under that lock, so ``max_companies``
    holds however many decisions race. A waitlisted company may later be selected or
    rejected; selected and rejected are final.
    """
    if cohort.status != CohortStatus.SELECTION:
        raise Conflict(
            f"Decisions are recorded while the cohort is in selection; it is {cohort.status}.",
            rule="cohort_not_in_selection",
        )
    _undecided(nomination)
    if data.decision == nomination.status:
        raise Conflict("The nomination is already waitlisted.", rule="nomination_decided")
    if data.decision != NominationStatus.REJECTED and not nomination.eligible:
        raise Conflict(
            f"An ineligible nomination can only be rejected, not {data.decision}.",
            rule="nomination_ineligible",
        )
    if data.decision == NominationStatus.SELECTED:
        selected = await cohorts.selected_count(session=session, cohort_id=cohort.id)
        if selected >= cohort.max_companies:
            raise Conflict(
                f"The cohort is full ({selected} of {cohort.max_companies} selected).",
                rule="cohort_full",
            )
    nomination.status = data.decision
    nomination.decision_comment = data.comment
    nomination.decided_by = by
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
    return nomination
