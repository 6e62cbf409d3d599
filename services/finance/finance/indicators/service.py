"""Finance indicators of a cohort by a time: committed and paid per module against the
approved budget's low/high estimate, and the co-financing leverage.

A commitment in force at a time was committed by then and not released by then; its lines
are its current ones (a reschedule replaces them without keeping the old figures). Actuals
are never edited, so their ``created_at`` dates them exactly.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from finance.actuals.models import SETTLING, Actual
from finance.budgets import service as budgets
from finance.budgets.models import Budget, BudgetStatus
from finance.commitments.models import Commitment, CommitmentLine
from finance.costing import Costing
from finance.modules import MODULE_ORDER
from finance.rules.split import Party
from shared.indicators import BreakdownRead, IndicatorValueRead, percent, value
from shared.money import Money

Sums = dict[tuple[str, str], int]
"""(module, currency) → minor units."""


def _in_force(cohort_id: uuid.UUID, as_of: datetime) -> tuple[sa.ColumnElement[bool], ...]:
    return (
        Commitment.cohort_id == cohort_id,
        Commitment.committed_at <= as_of,  # type: ignore[operator]
        sa.or_(Commitment.released_at.is_(None), Commitment.released_at > as_of),  # type: ignore[union-attr,operator]
    )


async def budget_as_of(
    *, session: AsyncSession, cohort_id: uuid.UUID, as_of: datetime
) -> Budget | None:
    """The cohort's budget revision in force at ``as_of``: the latest approved by then."""
    return (
        await session.scalars(
            sa.select(Budget)
            .where(
                Budget.cohort_id == cohort_id,
                col(Budget.status).in_([BudgetStatus.APPROVED, BudgetStatus.SUPERSEDED]),
                Budget.approved_at <= as_of,  # type: ignore[operator]
            )
            .order_by(Budget.revision.desc())  # type: ignore[attr-defined]
            .limit(1)
        )
    ).first()


async def compute(
    *, session: AsyncSession, cohort_id: uuid.UUID, as_of: datetime
) -> list[IndicatorValueRead]:
    """budget_committed, budget_paid (per module and currency), co_financing_leverage."""
    in_force = _in_force(cohort_id, as_of)
    committed: Sums = defaultdict(int)
    programme: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    rows = await session.execute(
        sa.select(
            Commitment.module,
            CommitmentLine.currency,
            CommitmentLine.party,
            sa.func.sum(CommitmentLine.amount_minor),
        )
        .join(Commitment, Commitment.id == CommitmentLine.commitment_id)
        .where(*in_force)
        .group_by(Commitment.module, CommitmentLine.currency, CommitmentLine.party)
    )
    for module, currency, party, minor in rows:
        committed[(module or "none", currency)] += int(minor)
        total[currency] += int(minor)
        if party == Party.PROGRAMME:
            programme[currency] += int(minor)
    paid: Sums = defaultdict(int)
    rows = await session.execute(
        sa.select(Commitment.module, Actual.currency, sa.func.sum(Actual.amount_minor))
        .join(Commitment, Commitment.id == Actual.commitment_id)
        .where(
            *in_force,
            col(Actual.kind).in_([k.value for k in SETTLING]),
            Actual.created_at <= as_of,
        )
        .group_by(Commitment.module, Actual.currency)
    )
    for module, currency, minor in rows:
        paid[(module or "none", currency)] += int(minor)
    budget = await budget_as_of(session=session, cohort_id=cohort_id, as_of=as_of)
    figures = None
    if budget is not None:
        _, _, figures = await budgets.with_figures(session=session, budget=budget)
    leverage = [
        BreakdownRead(
            dimensions={"currency": currency},
            value=percent(total[currency] - programme[currency], total[currency]) or Decimal(0),
        )
        for currency in sorted(total)
        if total[currency]
    ]
    headline = next(
        (b.value for b in leverage if budget and b.dimensions["currency"] == budget.currency),
        leverage[0].value if len(leverage) == 1 else None,
    )
    return [
        _per_module("budget_committed", committed, figures, as_of),
        _per_module("budget_paid", paid, figures, as_of),
        value("co_financing_leverage", headline, as_of, leverage),
    ]


def _per_module(
    code: str, sums: Sums, figures: Costing | None, as_of: datetime
) -> IndicatorValueRead:
    """A row per module and currency with something in it or in the budget, the budget's
    band beside its own currency's rows; the headline is the budget currency's total."""
    bands = {}
    currency = None
    if figures is not None:
        currency = figures.currency
        bands = {m.module.value: (m.low.total.amount, m.high.total.amount) for m in figures.modules}
    keys = set(sums) | {(module, currency) for module in bands if currency}
    order = {m.value: i for i, m in enumerate(MODULE_ORDER)}
    rows = []
    for module, cur in sorted(keys, key=lambda k: (order.get(k[0], 99), k[1])):
        band = bands.get(module) if cur == currency else None
        rows.append(
            BreakdownRead(
                dimensions={"module": module, "currency": cur},
                value=Money.from_minor(sums.get((module, cur), 0), cur).amount,
                low=band[0] if band else None,
                high=band[1] if band else None,
            )
        )
    headline = None
    if currency is not None:
        headline = Money.from_minor(
            sum(v for (_, cur), v in sums.items() if cur == currency), currency
        ).amount
    elif len({cur for _, cur in sums}) == 1:
        only = next(iter(sums))[1]
        headline = Money.from_minor(sum(sums.values()), only).amount
    return value(code, headline, as_of, rows)
