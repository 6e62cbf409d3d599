"""The read models nomination routes return, built from rows the service loaded.

Confidential parts (eligibility, votes, the decision's comment, the motivation) are filled
in only for callers who see everything: programme staff and the cohort's board.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from assessment.company_facts import service as company_facts
from assessment.company_facts.eligibility import qualitative_checks
from assessment.nomination import access, service
from assessment.nomination.models import BoardVote, Nomination, NominationStatus
from assessment.nomination.schemas import EligibilityRead, NominationRead, VoteRead
from shared.auth import Principal


async def nominations(
    session: AsyncSession, rows: Sequence[Nomination], *, principal: Principal
) -> list[NominationRead]:
    """Nominations as ``principal`` may see them (names and tallies in one query each)."""
    seats = await service.board_seats(session=session, principal=principal)
    names = await company_facts.names(session=session, company_ids=[n.company_id for n in rows])
    tallies = await service.tallies(session=session, nomination_ids=[n.id for n in rows])
    reads = []
    for n in rows:
        confidential = {}
        if access.sees_everything(nomination=n, principal=principal, seats=seats):
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


async def nomination(
    session: AsyncSession, row: Nomination, *, principal: Principal
) -> NominationRead:
    [read] = await nominations(session, [row], principal=principal)
    return read


async def votes(session: AsyncSession, rows: Sequence[BoardVote]) -> list[VoteRead]:
    """Votes with their members' names."""
    names = await service.member_names(
        session=session, member_ids=[b.board_member_id for b in rows]
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
        for b in rows
    ]


async def vote(session: AsyncSession, row: BoardVote) -> VoteRead:
    [read] = await votes(session, [row])
    return read
