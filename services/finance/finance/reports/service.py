"""Report queries: commitments in force summed per module, party and currency in SQL.

Sums are of integer minor units (exact on both engines); no currency is converted: what is
not in the budget's currency is reported beside it.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from finance.actuals.models import SETTLING, Actual, ActualKind
from finance.budgets import service as budgets
from finance.budgets.models import Budget
from finance.commitments.access import PAYING_COMPANY_PARTIES
from finance.commitments.models import Commitment, CommitmentLine, CommitmentStatus
from finance.costing import Costing, Tally
from finance.modules import Module
from finance.rules.split import Party

Tallies = dict[str, dict[Module, Tally]]
"""currency → module → per-party sums."""


@dataclass(frozen=True, slots=True)
class Execution:
    budget: Budget
    figures: Costing
    committed: Tallies
    invoiced: Tallies
    paid: Tallies
    scope: str


async def _tally(session: AsyncSession, *conditions: Any) -> tuple[Tallies, int]:
    """Commitments in force matching ``conditions``, summed per currency, module and party;
    and how many commitments that was."""
    in_force = (Commitment.status == CommitmentStatus.COMMITTED, *conditions)
    rows = await session.execute(
        sa.select(
            CommitmentLine.currency,
            Commitment.module,
            CommitmentLine.party,
            sa.func.sum(CommitmentLine.amount_minor),
        )
        .join(Commitment, Commitment.id == CommitmentLine.commitment_id)
        .where(*in_force)
        .group_by(CommitmentLine.currency, Commitment.module, CommitmentLine.party)
    )
    tallies: Tallies = defaultdict(dict)
    for currency, module, party, minor in rows:
        by_module = tallies[currency]
        tally = by_module.setdefault(Module(module), Tally(currency))
        tally.add_minor(Party(party), int(minor))
    count = await session.scalar(
        sa.select(sa.func.count(sa.distinct(Commitment.id)))
        .select_from(Commitment)
        .join(CommitmentLine, CommitmentLine.commitment_id == Commitment.id)
        .where(*in_force)
    )
    return dict(tallies), count or 0


async def _actuals(session: AsyncSession, kinds: list[ActualKind], *conditions: Any) -> Tallies:
    """Actuals of these kinds on commitments in force matching ``conditions``, summed per
    currency, module and party."""
    rows = await session.execute(
        sa.select(
            Actual.currency,
            Commitment.module,
            CommitmentLine.party,
            sa.func.sum(Actual.amount_minor),
        )
        .join(Commitment, Commitment.id == Actual.commitment_id)
        .join(CommitmentLine, CommitmentLine.id == Actual.line_id)
        .where(
            Commitment.status == CommitmentStatus.COMMITTED,
            col(Actual.kind).in_([k.value for k in kinds]),
            *conditions,
        )
        .group_by(Actual.currency, Commitment.module, CommitmentLine.party)
    )
    tallies: Tallies = defaultdict(dict)
    for currency, module, party, minor in rows:
        tally = tallies[currency].setdefault(Module(module), Tally(currency))
        tally.add_minor(Party(party), int(minor))
    return dict(tallies)


async def execution(*, session: AsyncSession, budget_id: uuid.UUID) -> Execution:
    """A budget revision's figures beside the commitments that count against it: those of
    its cohort, or for a whole-year budget those committed in its programme year."""
    budget, _, figures = await budgets.read(session=session, budget_id=budget_id)
    if budget.cohort_id is not None:
        condition = Commitment.cohort_id == budget.cohort_id
        scope = f"commitments in force of cohort {budget.cohort_id}"
    else:
        condition = sa.and_(
            Commitment.committed_at >= datetime(budget.programme_year, 1, 1, tzinfo=UTC),
            Commitment.committed_at < datetime(budget.programme_year + 1, 1, 1, tzinfo=UTC),
        )
        scope = f"commitments in force committed in {budget.programme_year} (UTC)"
    committed, _ = await _tally(session, condition)
    invoiced = await _actuals(session, [ActualKind.INVOICE], condition)
    paid = await _actuals(session, list(SETTLING), condition)
    return Execution(
        budget=budget,
        figures=figures,
        committed=committed,
        invoiced=invoiced,
        paid=paid,
        scope=scope,
    )


async def company_statement(
    *, session: AsyncSession, company_id: uuid.UUID, cohort_id: uuid.UUID | None
) -> tuple[Tallies, int]:
    """The commitments in force made for a local company (of one cohort, if given)."""
    conditions: list[Any] = [Commitment.company_id == company_id]
    if cohort_id is not None:
        conditions.append(Commitment.cohort_id == cohort_id)
    return await _tally(session, *conditions)


async def partner_statement(
    *, session: AsyncSession, company_id: uuid.UUID, cohort_id: uuid.UUID | None
) -> tuple[Tallies, Tallies, int]:
    """What an international company committed to (as sponsor, partner or host) and has
    contributed so far, on commitments in force; and how many commitments that was."""
    conditions: list[Any] = [
        CommitmentLine.company_id == company_id,
        col(CommitmentLine.party).in_([p.value for p in PAYING_COMPANY_PARTIES]),
    ]
    if cohort_id is not None:
        conditions.append(Commitment.cohort_id == cohort_id)
    committed, count = await _tally(session, *conditions)
    paid = await _actuals(session, list(SETTLING), *conditions)
    return committed, paid, count
