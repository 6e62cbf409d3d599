"""Commitments made and released by other services' events; and who may see which.

Every event may arrive twice (the inbox drops the very same event; a second event for the
same source is a no-op here) or out of order (a release before its creation, an older
reschedule after a newer one). Functions never commit: the consumer's transaction does,
together with the inbox row, so an event is applied exactly once.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from finance.actuals import service as actuals
from finance.budgets import service as budgets
from finance.budgets.models import Budget
from finance.commitments.access import visible
from finance.commitments.models import (
    Commitment,
    CommitmentLine,
    CommitmentStatus,
    SourceKind,
    ThresholdCrossing,
)
from finance.config import DEFAULT_THRESHOLDS
from finance.modules import Module
from finance.reports import summary
from finance.reports.models import ExecutionSummary
from finance.rules import service as rules
from finance.rules.models import CoFinancingRule
from finance.rules.split import IN_KIND_PARTIES, Party, split, split_with_discount
from shared import audit
from shared.auth import Principal
from shared.events.finance import BudgetThresholdExceeded
from shared.messaging import outbox
from shared.money import Money
from shared.pagination import Page, keyset
from shared.persistence import bump, one_or_404

RESOURCE = "commitment"


@dataclass(frozen=True, slots=True)
class Payer:
    """Which company pays a party's share, when the party is a company."""

    local_company: uuid.UUID | None = None
    host_company: uuid.UUID | None = None
    international_companies: Sequence[uuid.UUID] = ()


@dataclass(frozen=True, slots=True)
class Cost:
    """What a source costs, as the event gave it: items in one currency or several."""

    items: Sequence[tuple[str, Money]]

    def by_currency(self) -> dict[str, Money]:
        totals: dict[str, Money] = {}
        for _, money in self.items:
            totals[money.currency] = (
                totals[money.currency] + money if money.currency in totals else money
            )
        return totals


async def _get_for_source(
    session: AsyncSession, kind: SourceKind, source_id: uuid.UUID
) -> Commitment | None:
    return (
        await session.scalars(
            sa.select(Commitment)
            .where(Commitment.source_kind == kind, Commitment.source_id == source_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).first()


def _snapshot(commitment: Commitment, lines: Sequence[CommitmentLine]) -> dict[str, Any]:
    return {
        "status": commitment.status,
        "module": commitment.module,
        "rule": f"{commitment.rule_code} v{commitment.rule_version}"
        if commitment.rule_code
        else None,
        "basis": commitment.basis,
        "lines": [
            {
                "party": line.party,
                "company_id": str(line.company_id) if line.company_id else None,
                "amount": str(Money.from_minor(line.amount_minor, line.currency).amount),
                "currency": line.currency,
            }
            for line in lines
        ],
    }


async def lines_of(
    *, session: AsyncSession, commitment_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[CommitmentLine]]:
    """The lines of each commitment, in their order."""
    found: dict[uuid.UUID, list[CommitmentLine]] = defaultdict(list)
    if commitment_ids:
        rows = await session.scalars(
            sa.select(CommitmentLine)
            .where(col(CommitmentLine.commitment_id).in_(commitment_ids))
            .order_by(CommitmentLine.commitment_id, CommitmentLine.position)
        )
        for line in rows:
            found[line.commitment_id].append(line)
    return found


def _lines(
    commitment_id: uuid.UUID,
    cost: Cost,
    rule: CoFinancingRule,
    payer: Payer,
    discount_percent: Decimal | None,
) -> list[CommitmentLine]:
    """A line per paying party and currency; a share of several sponsors is split among
    them (largest remainder again, so their lines add up to it exactly)."""
    steps = rules.steps_of(rule)
    lines: list[CommitmentLine] = []
    for total in cost.by_currency().values():
        parts = (
            split(total, steps)
            if discount_percent is None
            else split_with_discount(total, steps, discount_percent)
        )
        for party, money in parts:
            for company_id, share in _payers(party, money, payer):
                lines.append(
                    CommitmentLine(
                        commitment_id=commitment_id,
                        party=party,
                        company_id=company_id,
                        amount_minor=share.minor,
                        currency=share.currency,
                        in_kind=party in IN_KIND_PARTIES,
                        position=len(lines),
                    )
                )
    return lines


def _payers(party: Party, money: Money, payer: Payer) -> list[tuple[uuid.UUID | None, Money]]:
    if party is Party.LOCAL_COMPANY:
        return [(payer.local_company, money)]
    if party is Party.HOST_COMPANY:
        return [(payer.host_company, money)]
    if party is Party.INTERNATIONAL_COMPANY and payer.international_companies:
        sponsors = list(payer.international_companies)
        return list(zip(sponsors, money.split([Decimal(1)] * len(sponsors)), strict=True))
    return [(None, money)]


def _merge(old: Sequence[CommitmentLine], new: Sequence[CommitmentLine]) -> list[CommitmentLine]:
    """New figures onto existing lines, matched by party, company and currency, so that what
    was already invoiced or paid against a line stays attached to it; a line the new figures
    no longer have is kept at zero (its actuals then show as overpaid)."""
    existing = {(line.party, line.company_id, line.currency): line for line in old}
    merged: list[CommitmentLine] = []
    for line in new:
        kept = existing.pop((line.party, line.company_id, line.currency), None)
        if kept is None:
            merged.append(line)
            continue
        kept.amount_minor, kept.in_kind, kept.position = (
            line.amount_minor,
            line.in_kind,
            line.position,
        )
        merged.append(kept)
    for position, line in enumerate(existing.values(), start=len(merged)):
        line.amount_minor, line.position = 0, position
        merged.append(line)
    return merged


async def commit(
    *,
    session: AsyncSession,
    kind: SourceKind,
    source_id: uuid.UUID,
    module: Module,
    rule_code: str,
    on: date,
    cost: Cost,
    payer: Payer,
    cohort_id: uuid.UUID | None,
    source_time: datetime,
    now: datetime,
    discount_percent: Decimal | None = None,
    replaces: bool = False,
    thresholds: Sequence[int] = DEFAULT_THRESHOLDS,
) -> Commitment:
    """Commit ``cost`` for a source, split by the version of ``rule_code`` in force ``on``.

    A second creation for the same source changes nothing, unless ``replaces`` (a
    reschedule: the latest ``source_time`` holds). A commitment already released stays
    released: a late creation only fills in its figures. Each of ``thresholds`` (percent of
    the module's approved high estimate) is announced the first time it is gone past.
    """
    commitment = await _get_for_source(session, kind, source_id)
    if commitment is not None and commitment.rule_id is not None:
        newer = commitment.source_time is None or source_time > commitment.source_time
        if not (replaces and newer) or commitment.status == CommitmentStatus.RELEASED:
            return commitment
    rule = await rules.effective(session=session, code=rule_code, on=on)
    action = "committed"
    old_lines: list[CommitmentLine] = []
    counted: summary.Deltas = {}  # what the commitment adds to the summary before the change
    done: dict[uuid.UUID, tuple[int, int, int, int]] = {}
    if commitment is None:
        commitment = Commitment(
            source_kind=kind,
            source_id=source_id,
            status=CommitmentStatus.COMMITTED,
            created_at=now,
            updated_at=now,
            version=1,
        )
        session.add(commitment)
        before = None
    else:
        old_lines = (await lines_of(session=session, commitment_ids=[commitment.id]))[commitment.id]
        before = _snapshot(commitment, old_lines)
        if commitment.status == CommitmentStatus.COMMITTED:  # a reschedule: out with the old
            done = await actuals.per_line(session=session, line_ids=[x.id for x in old_lines])
            counted = summary.contribution(commitment, old_lines, done)
        action = "committed_after_release" if commitment.rule_id is None else "replaced"
        bump(commitment, now)
    commitment.module = module
    commitment.cohort_id = cohort_id
    commitment.company_id = payer.local_company
    commitment.rule_id = rule.id
    commitment.rule_code = rule.code
    commitment.rule_version = rule.version
    commitment.basis = [
        {"item": item, "amount": f"{money.amount}", "currency": money.currency}
        for item, money in cost.items
    ]
    commitment.vendor_discount_percent = None if discount_percent is None else f"{discount_percent}"
    commitment.source_time = source_time
    commitment.committed_at = commitment.committed_at or now
    await session.flush()  # the commitment first, whole (one INSERT): its lines refer to it
    new_lines = _merge(old_lines, _lines(commitment.id, cost, rule, payer, discount_percent))
    session.add_all(new_lines)
    await session.flush()
    if commitment.status == CommitmentStatus.COMMITTED:
        now_counted = summary.contribution(commitment, new_lines, done)
        await summary.apply(session, summary.difference(now_counted, counted))
    commitment.over_budget = await _against_budget(session, commitment, thresholds, now)
    await audit.record(
        session,
        principal=None,
        resource=RESOURCE,
        record=commitment,
        action=action,
        before=before,
        after=_snapshot(commitment, new_lines),
        now=now,
    )
    return commitment


THRESHOLD_EVENTS = uuid.UUID("6b1d3c52-9f0e-4e5a-8a43-2f1c7d0b9e11")
"""The namespace the threshold events' ids are derived in (UUID 5 of budget, module, threshold)."""


def threshold_event_id(budget_id: uuid.UUID, module: str, threshold: int) -> str:
    """The id of the one event announcing this crossing, the same on every replica."""
    return str(uuid.uuid5(THRESHOLD_EVENTS, f"{budget_id}/{module}/{threshold}"))


async def _against_budget(
    session: AsyncSession, commitment: Commitment, thresholds: Sequence[int], now: datetime
) -> bool:
    """Whether the commitments in force of this one's cohort and module now exceed the
    approved budget's high estimate for that module (in the budget's currency); and each
    threshold they went past for the first time is recorded and announced.

    The commitment is recorded all the same: it comes from something that already happened.
    Without an approved budget for the cohort there is nothing to exceed. A crossing row's
    primary key (budget, module, threshold) makes the announcement happen once even when two
    replicas cross together: the second insert does nothing (on PostgreSQL it waits for the
    first transaction), and the event id is derived from the same three.
    """
    if commitment.cohort_id is None or commitment.module is None:
        return False
    budget = await budgets.approved_for(session=session, cohort_id=commitment.cohort_id)
    if budget is None:
        return False
    _, _, figures = await budgets.with_figures(session=session, budget=budget)
    [high] = [m.high.total for m in figures.modules if m.module == commitment.module]
    committed = int(
        await session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(ExecutionSummary.committed_minor), 0)).where(
                ExecutionSummary.cohort_id == commitment.cohort_id,
                ExecutionSummary.module == commitment.module,
                ExecutionSummary.currency == budget.currency,
            )
        )
        or 0
    )
    for threshold in thresholds:
        if committed * 100 > high.minor * threshold:
            await _announce(session, budget, commitment, threshold, committed, high, now)
    return committed > high.minor


async def _announce(
    session: AsyncSession,
    budget: Budget,
    commitment: Commitment,
    threshold: int,
    committed: int,
    high: Money,
    now: datetime,
) -> None:
    """Record the crossing and stage its event, unless it was crossed before."""
    assert commitment.module is not None
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else postgresql_insert
    recorded = await session.execute(
        insert(ThresholdCrossing)
        .values(
            budget_id=budget.id,
            module=commitment.module,
            threshold_percent=threshold,
            commitment_id=commitment.id,
            committed_minor=committed,
            high_minor=high.minor,
            crossed_at=now,
        )
        .on_conflict_do_nothing()
        .returning(ThresholdCrossing.budget_id)
    )
    if recorded.first() is None:
        return
    await outbox.add(
        session,
        BudgetThresholdExceeded(
            budget_id=budget.id,
            programme_year=budget.programme_year,
            cohort_id=budget.cohort_id,
            module=commitment.module,
            threshold_percent=threshold,
            high_estimate=high,
            committed=Money.from_minor(committed, budget.currency),
            commitment_id=commitment.id,
            exceeded_at=now,
        ),
        event_id=threshold_event_id(budget.id, commitment.module, threshold),
    )


async def release(
    *,
    session: AsyncSession,
    kind: SourceKind,
    source_id: uuid.UUID,
    cohort_id: uuid.UUID | None,
    company_id: uuid.UUID | None,
    released_at: datetime,
    now: datetime,
) -> Commitment:
    """Release a source's commitment (withdrawn, cancelled); first come, first kept.

    Released before it was made (the creation is still on its way): a released commitment
    without figures is left for the creation to fill in, so it can never be revived.
    """
    commitment = await _get_for_source(session, kind, source_id)
    if commitment is None:
        commitment = Commitment(
            source_kind=kind,
            source_id=source_id,
            cohort_id=cohort_id,
            company_id=company_id,
            status=CommitmentStatus.RELEASED,
            released_at=released_at,
            created_at=now,
            updated_at=now,
            version=1,
        )
        session.add(commitment)
        await session.flush()
        await audit.record(
            session,
            principal=None,
            resource=RESOURCE,
            record=commitment,
            action="released_before_committed",
            after={"status": commitment.status},
            now=now,
        )
        return commitment
    if commitment.status == CommitmentStatus.RELEASED:
        return commitment
    lines = (await lines_of(session=session, commitment_ids=[commitment.id]))[commitment.id]
    done = await actuals.per_line(session=session, line_ids=[line.id for line in lines])
    counted = summary.contribution(commitment, lines, done)
    await summary.apply(session, {at: -delta for at, delta in counted.items()})
    commitment.status = CommitmentStatus.RELEASED
    commitment.released_at = released_at
    bump(commitment, now)
    await audit.record(
        session,
        principal=None,
        resource=RESOURCE,
        record=commitment,
        action="released",
        before={"status": CommitmentStatus.COMMITTED},
        after={"status": commitment.status},
        now=now,
    )
    return commitment


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Filters:
    """A listing's filters, each a column of ``Commitment`` (None: any)."""

    cohort_id: uuid.UUID | None = None
    module: Module | None = None
    company_id: uuid.UUID | None = None
    status: CommitmentStatus | None = None
    source_kind: SourceKind | None = None
    source_id: uuid.UUID | None = None
    over_budget: bool | None = None


def listing(*, principal: Principal, filters: Filters) -> sa.Select[tuple[Commitment]]:
    """Commitments the caller may see, filtered (a statement, for paging)."""
    statement = visible(sa.select(Commitment), principal)
    for column, value in asdict(filters).items():
        if value is not None:
            statement = statement.where(getattr(Commitment, column) == value)
    return statement


async def get(
    *, session: AsyncSession, commitment_id: uuid.UUID, principal: Principal
) -> Commitment:
    """One commitment the caller may see, or 404 (never 403: ids are not probed)."""
    statement = visible(sa.select(Commitment), principal).where(Commitment.id == commitment_id)
    return await one_or_404(session, statement, what="commitment")


Sums = dict[uuid.UUID, tuple[int, int]]


async def page(
    *,
    session: AsyncSession,
    principal: Principal,
    filters: Filters,
    limit: int,
    cursor: str | None,
) -> tuple[list[Commitment], dict[uuid.UUID, list[CommitmentLine]], Sums, str | None]:
    """A page of the commitments the caller may see, their lines, what was invoiced and
    settled on each line, and the next cursor."""
    statement = listing(principal=principal, filters=filters)
    rows, next_cursor = await keyset(
        session, statement, model=Commitment, limit=limit, cursor=cursor
    )
    lines = await lines_of(session=session, commitment_ids=[c.id for c in rows])
    line_ids = [line.id for found in lines.values() for line in found]
    return rows, lines, await actuals.sums(session=session, line_ids=line_ids), next_cursor


async def get_with_lines(
    *, session: AsyncSession, commitment_id: uuid.UUID, principal: Principal
) -> tuple[Commitment, list[CommitmentLine], Sums]:
    """One commitment the caller may see, its lines and their actuals' sums, or 404."""
    commitment = await get(session=session, commitment_id=commitment_id, principal=principal)
    lines = (await lines_of(session=session, commitment_ids=[commitment.id]))[commitment.id]
    sums = await actuals.sums(session=session, line_ids=[line.id for line in lines])
    return commitment, lines, sums


async def history(
    *,
    session: AsyncSession,
    commitment_id: uuid.UUID,
    principal: Principal,
    limit: int,
    cursor: str | None,
) -> Page[audit.AuditEntryRead]:
    """How a commitment the caller may see was made, replaced and released."""
    await get(session=session, commitment_id=commitment_id, principal=principal)
    return await audit.history(
        session, resource=RESOURCE, resource_id=commitment_id, limit=limit, cursor=cursor
    )
