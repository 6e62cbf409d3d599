"""Report queries: commitments in force summed per module, party and currency in SQL.

The budget execution reads the execution summary (``reports.summary``: a few rows per
cohort, kept in the transaction of every change); the statements, one company's, sum its
lines. Sums are of integer minor units (exact on both engines). Only a rate policy converts
a currency, line by line and actual by actual (``Converter``); otherwise what is not in the
budget's currency is reported beside it.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
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
from finance.messages import MESSAGES
from finance.modules import Module
from finance.reports import summary
from finance.reports.models import ExecutionSummary
from finance.rules.split import Party
from shared.errors import Conflict, InvalidInput, NotFound
from shared.i18n import message
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
    converted: Converted | None = None
    """Every currency's figures in the budget's, the others converted by ``policy``."""


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


async def summed(session: AsyncSession, budget: Budget) -> tuple[Tallies, Tallies, Tallies]:
    """Committed, invoiced and paid on the commitments in force that count against a
    budget, per currency, module and party, from the execution summary: the same figures
    as ``_tally`` and ``_actuals`` over the lines, without reading every line."""
    rows = await session.execute(
        sa.select(
            ExecutionSummary.currency,
            ExecutionSummary.module,
            ExecutionSummary.party,
            *(sa.func.sum(getattr(ExecutionSummary, f)) for f in summary.FIGURES),
        )
        .where(summary.in_scope(budget.cohort_id, budget.programme_year))
        .group_by(ExecutionSummary.currency, ExecutionSummary.module, ExecutionSummary.party)
    )
    found: tuple[Tallies, ...] = (defaultdict(dict), defaultdict(dict), defaultdict(dict))
    for currency, module, party, *sums in rows:
        committed, invoiced, paid, lines, invoices, settlements = (int(n) for n in sums)
        for tallies, minor, count in zip(
            found, (committed, invoiced, paid), (lines, invoices, settlements), strict=True
        ):
            if count:
                tally = tallies[currency].setdefault(Module(module), Tally(currency))
                tally.add_minor(Party(party), minor)
    return dict(found[0]), dict(found[1]), dict(found[2])


def rate_policy(
    policy: Literal["transaction_date", "fixed"] | None,
    rate_on: date | None,
    source: str,
    rate_type: str,
) -> RatePolicy | None:
    """The report's rate policy from its query, or None; ``fixed`` needs ``rate_on``."""
    if policy is None:
        if rate_on is not None:
            raise InvalidInput(
                "rate_policy", message(MESSAGES["rate_on_fixed_only"]), where="query"
            )
        return None
    if (policy == "fixed") != (rate_on is not None):
        raise InvalidInput("rate_on", message(MESSAGES["rate_on_with_fixed"]), where="query")
    if rate_on is not None and not date(2000, 1, 1) <= rate_on <= date(2100, 12, 31):
        raise InvalidInput(
            "rate_on",
            message(MESSAGES["date_in_calendar"], first="2000-01-01", last="2100-12-31"),
            where="query",
        )
    return RatePolicy(policy=policy, fixed_on=rate_on, source=source, rate_type=rate_type)


class Converter:
    """Amounts into one currency by a rate policy, each half-even to its minor unit; each
    currency's rate on each date is looked up once (a report converts thousands of lines).
    A missing rate is a 409 ``rate_missing`` naming the currency and the date."""

    def __init__(self, session: AsyncSession, to: str, policy: RatePolicy) -> None:
        self.session, self.to, self.policy = session, to, policy
        self._factors: dict[tuple[str, date], Decimal] = {}

    async def minor(self, minor: int, currency: str, on: date) -> int:
        """``minor`` units of ``currency`` in the target's minor units, at the rate of
        ``on`` (its transaction's date), or of the policy's fixed date."""
        if currency == self.to:
            return minor
        on = self.policy.fixed_on or on
        factor = self._factors.get((currency, on))
        if factor is None:
            try:
                factor, _ = await exchange_rates.rate_factor(
                    session=self.session,
                    base=currency,
                    to=self.to,
                    on=on,
                    source=self.policy.source,
                    rate_type=self.policy.rate_type,
                )
            except NotFound:
                raise Conflict(
                    f"No {self.policy.source} {self.policy.rate_type} rate between {currency} "
                    f"and {self.to} on {on} (or in the week before): enter it, then report.",
                    rule="rate_missing",
                    currency=currency,
                    on=on.isoformat(),
                ) from None
            self._factors[(currency, on)] = factor
        money = Money.from_minor(minor, currency)
        return exchange_rates.at_factor(money, factor, self.to).minor


@dataclass(frozen=True, slots=True)
class Converted:
    """Committed, invoiced and paid in one currency, every other converted by a policy."""

    committed: dict[Module, Tally]
    invoiced: dict[Module, Tally]
    paid: dict[Module, Tally]


async def _convert(
    session: AsyncSession,
    rates: Converter,
    *conditions: Any,
    seed: tuple[Tallies, Tallies, Tallies] | None = None,
) -> Converted:
    """The commitment lines and actuals on commitments in force matching ``conditions``,
    each converted by ``rates`` (a line at its commitment's date, an actual at the date it
    occurred, under ``transaction_date``). With ``seed`` (committed, invoiced, paid already
    summed), the target currency's figures are taken from it and only the other currencies'
    rows are read."""
    to = rates.to
    converted = Converted({}, {}, {})

    def add(into: dict[Module, Tally], module: str, party: str, minor: int) -> None:
        into.setdefault(Module(module), Tally(to)).add_minor(Party(party), minor)

    others: list[Any] = []
    if seed is not None:
        for into, tallies in zip(
            (converted.committed, converted.invoiced, converted.paid), seed, strict=True
        ):
            for module, tally in tallies.get(to, {}).items():
                for party, minor in tally.shares.items():
                    add(into, module, party, minor)
        others = [CommitmentLine.currency != to]
    in_force = (Commitment.status == CommitmentStatus.COMMITTED, *conditions, *others)
    lines = await session.execute(
        sa.select(
            Commitment.module,
            CommitmentLine.party,
            CommitmentLine.currency,
            CommitmentLine.amount_minor,
            Commitment.source_time,
            Commitment.committed_at,
        )
        .join(Commitment, Commitment.id == CommitmentLine.commitment_id)
        .where(*in_force)
    )
    for module, party, currency, minor, source_time, committed_at in lines:
        on = (source_time or committed_at).date()
        add(converted.committed, module, party, await rates.minor(minor, currency, on))
    done = await session.execute(
        sa.select(
            Commitment.module,
            CommitmentLine.party,
            Actual.kind,
            Actual.currency,
            Actual.amount_minor,
            Actual.occurred_on,
        )
        .join(Commitment, Commitment.id == Actual.commitment_id)
        .join(CommitmentLine, CommitmentLine.id == Actual.line_id)
        .where(*in_force)
    )
    for module, party, kind, currency, minor, occurred_on in done:
        into = converted.invoiced if kind == ActualKind.INVOICE else converted.paid
        add(into, module, party, await rates.minor(minor, currency, occurred_on))
    return converted


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
    committed, invoiced, paid = await summed(session, budget)
    converted = None
    if policy is not None:
        rates = Converter(session, budget.currency, policy)
        converted = await _convert(session, rates, condition, seed=(committed, invoiced, paid))
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


def statement_rates(
    session: AsyncSession, policy: RatePolicy | None, currency: str | None
) -> Converter | None:
    """A statement's conversion: a rate policy and the currency to convert into, both or
    neither (a statement has no currency of its own to default to)."""
    if (policy is None) != (currency is None):
        raise InvalidInput("currency", message(MESSAGES["currency_with_policy"]), where="query")
    return None if policy is None or currency is None else Converter(session, currency, policy)


async def company_statement(
    *,
    session: AsyncSession,
    company_id: uuid.UUID,
    cohort_id: uuid.UUID | None,
    rates: Converter | None = None,
) -> tuple[Tallies, Tallies, int, Converted | None]:
    """The commitments in force made for a local company (of one cohort, if given) and what
    was paid on them; how many; with ``rates``, every currency's also converted into one."""
    conditions: list[Any] = [Commitment.company_id == company_id]
    if cohort_id is not None:
        conditions.append(Commitment.cohort_id == cohort_id)
    tallies, count = await _tally(session, *conditions)
    paid = await _actuals(session, list(SETTLING), *conditions)
    converted = None if rates is None else await _convert(session, rates, *conditions)
    return tallies, paid, count, converted


async def partner_statement(
    *,
    session: AsyncSession,
    company_id: uuid.UUID,
    cohort_id: uuid.UUID | None,
    rates: Converter | None = None,
) -> tuple[Tallies, Tallies, int, Converted | None]:
    """What an international company committed to (as sponsor, partner or host) and has
    contributed so far, on commitments in force; how many commitments that was; with
    ``rates``, every currency's also converted into one."""
    conditions: list[Any] = [
        CommitmentLine.company_id == company_id,
        col(CommitmentLine.party).in_([p.value for p in PAYING_COMPANY_PARTIES]),
    ]
    if cohort_id is not None:
        conditions.append(Commitment.cohort_id == cohort_id)
    committed, count = await _tally(session, *conditions)
    paid = await _actuals(session, list(SETTLING), *conditions)
    converted = None if rates is None else await _convert(session, rates, *conditions)
    return committed, paid, count, converted
