"""Report queries: commitments in force summed per module, party and currency in SQL.

Sums are of integer minor units (exact on both engines); no currency is converted: what is
not in the budget's currency is reported beside it.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from finance.actuals.models import SETTLING, Actual, ActualKind
from finance.budgets import service as budgets
from finance.budgets.models import Budget
from finance.commitments.access import PAYING_COMPANY_PARTIES
from finance.commitments.models import Commitment, CommitmentLine, CommitmentStatus
from finance.costing import Costing, Tally
from finance.exchange_rates import service as exchange_rates
from finance.exchange_rates.schemas import DEFAULT_SOURCE
from finance.modules import Module
from finance.rules.split import Party
from shared.errors import Conflict, InvalidInput, NotFound
from shared.money import Money

Tallies = dict[str, dict[Module, Tally]]
"""currency → module → per-party sums."""


@dataclass(frozen=True, slots=True)
class RatePolicy:
    """How commitments in other currencies are converted into the budget's: at the rate
    of each commitment's own date (``transaction_date``), or at one rate (``fixed``, on
    ``fixed_on``)."""

    policy: Literal["transaction_date", "fixed"]
    fixed_on: date | None = None
    source: str = DEFAULT_SOURCE
    rate_type: str = "official"


@dataclass(frozen=True, slots=True)
class Execution:
    budget: Budget
    figures: Costing
    committed: Tallies
    invoiced: Tallies
    paid: Tallies
    scope: str
    policy: RatePolicy | None = None
    converted: dict[Module, Tally] | None = None
    """Committed in the budget's currency, other currencies converted by ``policy``."""


async def _tally(
    session: AsyncSession, *conditions: Any, count: bool = True
) -> tuple[Tallies, int]:
    """Commitments in force matching ``conditions``, summed per currency, module and party;
    and how many commitments that was (unless not asked: a second pass over the lines)."""
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
    if not count:
        return dict(tallies), 0
    counted = await session.scalar(
        sa.select(sa.func.count(sa.distinct(Commitment.id)))
        .select_from(Commitment)
        .join(CommitmentLine, CommitmentLine.commitment_id == Commitment.id)
        .where(*in_force)
    )
    return dict(tallies), counted or 0


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


def rate_policy(
    policy: Literal["transaction_date", "fixed"] | None,
    rate_on: date | None,
    source: str,
    rate_type: str,
) -> RatePolicy | None:
    """The report's rate policy from its query, or None; ``fixed`` needs ``rate_on``."""
    if policy is None:
        if rate_on is not None:
            raise InvalidInput("rate_policy", "rate_on applies to rate_policy=fixed", where="query")
        return None
    if (policy == "fixed") != (rate_on is not None):
        raise InvalidInput("rate_on", "give rate_on with rate_policy=fixed only", where="query")
    if rate_on is not None and not date(2000, 1, 1) <= rate_on <= date(2100, 12, 31):
        raise InvalidInput("rate_on", "a date from 2000-01-01 to 2100-12-31", where="query")
    return RatePolicy(policy=policy, fixed_on=rate_on, source=source, rate_type=rate_type)


async def _converted(
    session: AsyncSession,
    budget: Budget,
    ours: dict[Module, Tally],
    policy: RatePolicy,
    condition: Any,
) -> dict[Module, Tally]:
    """The budget currency's committed figures plus every other currency's commitment
    lines, each converted at the policy's rate (half-even); a missing rate is a 409 naming
    the currency and the date."""
    converted = {m: Tally(budget.currency) for m in Module}
    for module, tally in ours.items():
        for party, minor in tally.shares.items():
            converted[module].add_minor(party, minor)
    rows = await session.execute(
        sa.select(
            Commitment.module,
            CommitmentLine.party,
            CommitmentLine.currency,
            CommitmentLine.amount_minor,
            Commitment.source_time,
            Commitment.committed_at,
        )
        .join(Commitment, Commitment.id == CommitmentLine.commitment_id)
        .where(
            Commitment.status == CommitmentStatus.COMMITTED,
            CommitmentLine.currency != budget.currency,
            condition,
        )
    )
    for module, party, currency, minor, source_time, committed_at in rows:
        on = policy.fixed_on or (source_time or committed_at).date()
        try:
            money, _ = await exchange_rates.convert(
                session=session,
                money=Money.from_minor(minor, currency),
                to=budget.currency,
                on=on,
                source=policy.source,
                rate_type=policy.rate_type,
            )
        except NotFound:
            raise Conflict(
                f"No {policy.source} {policy.rate_type} rate between {currency} and "
                f"{budget.currency} on {on} (or in the week before): enter it, then report.",
                rule="rate_missing",
                currency=currency,
                on=on.isoformat(),
            ) from None
        converted[Module(module)].add_minor(Party(party), money.minor)
    return {m: t for m, t in converted.items() if t.shares}


def _scope(budget: Budget) -> tuple[Any, str]:
    """Which commitments count against a budget: its cohort's, or for a whole-year budget
    those committed in its programme year (UTC); and that in words."""
    if budget.cohort_id is not None:
        return (
            Commitment.cohort_id == budget.cohort_id,
            f"commitments in force of cohort {budget.cohort_id}",
        )
    return (
        sa.and_(
            Commitment.committed_at >= datetime(budget.programme_year, 1, 1, tzinfo=UTC),
            Commitment.committed_at < datetime(budget.programme_year + 1, 1, 1, tzinfo=UTC),
        ),
        f"commitments in force committed in {budget.programme_year} (UTC)",
    )


LineRow = tuple[datetime | None, str, uuid.UUID, str, str, uuid.UUID | None, bool, int, str]
"""committed_at, source kind, source id, module, party, company id, in kind, minor, currency."""


async def execution_lines(
    *, session: AsyncSession, budget: Budget, batch: int = 5000
) -> AsyncIterator[list[LineRow]]:
    """The commitment lines counted against a budget, in batches, streamed from the
    database (100,000 lines are never all in memory), oldest commitment first."""
    condition, _ = _scope(budget)
    result = await session.stream(
        sa.select(
            Commitment.committed_at,
            Commitment.source_kind,
            Commitment.source_id,
            Commitment.module,
            CommitmentLine.party,
            CommitmentLine.company_id,
            CommitmentLine.in_kind,
            CommitmentLine.amount_minor,
            CommitmentLine.currency,
        )
        .join(Commitment, Commitment.id == CommitmentLine.commitment_id)
        .where(Commitment.status == CommitmentStatus.COMMITTED, condition)
        .order_by(Commitment.committed_at, Commitment.id, CommitmentLine.position)
        .execution_options(yield_per=batch)
    )
    async for rows in result.partitions(batch):
        yield [tuple(row) for row in rows]  # type: ignore[misc]


async def execution(
    *, session: AsyncSession, budget_id: uuid.UUID, policy: RatePolicy | None = None
) -> Execution:
    """A budget revision's figures beside the commitments that count against it: those of
    its cohort, or for a whole-year budget those committed in its programme year; with a
    rate ``policy``, also every currency's commitments converted into the budget's."""
    budget, _, figures = await budgets.read(session=session, budget_id=budget_id)
    condition, scope = _scope(budget)
    committed, _ = await _tally(session, condition, count=False)
    invoiced = await _actuals(session, [ActualKind.INVOICE], condition)
    paid = await _actuals(session, list(SETTLING), condition)
    converted = None
    if policy is not None:
        ours = committed.get(budget.currency, {})
        converted = await _converted(session, budget, ours, policy, condition)
    return Execution(
        budget=budget,
        figures=figures,
        committed=committed,
        invoiced=invoiced,
        paid=paid,
        scope=scope,
        policy=policy,
        converted=converted,
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
