"""Budgets: drafted, submitted, approved by the ministry, revised as new versions.

An approved revision never changes (its rule versions are pinned); a revision is a copy
that goes through approval again, and its approval supersedes the one before. Figures
(totals, shares) are always computed from the lines, never stored. Functions never
commit; every change writes its audit entry in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from finance.budgets.models import Budget, BudgetLine, BudgetStatus
from finance.budgets.schemas import (
    BudgetCopy,
    BudgetCreate,
    BudgetDiffRead,
    BudgetStatusChange,
    BudgetUpdate,
    FigureDiff,
    LineChange,
    LineDiff,
    ModuleDiff,
)
from finance.costing import Costing, CostLineIn, Range, RuleUsed, cost
from finance.messages import MESSAGES
from finance.rules import service as rules
from finance.rules.split import Party
from finance.statuses import STATUSES
from shared import audit
from shared.auth import Principal
from shared.errors import Conflict, InvalidInput
from shared.i18n import message
from shared.money import Money
from shared.pagination import Page, keyset
from shared.persistence import bump, flush_or_conflict, one_or_404

RESOURCE = "budget"
MILLI = Decimal(1000)

NEXT: dict[tuple[BudgetStatus, str], BudgetStatus] = {
    (BudgetStatus.DRAFT, "submitted"): BudgetStatus.SUBMITTED,
    (BudgetStatus.SUBMITTED, "approved"): BudgetStatus.APPROVED,
    (BudgetStatus.SUBMITTED, "draft"): BudgetStatus.DRAFT,
}
"""The only moves: draft → submitted → approved, or submitted back to draft."""


def year_start(budget: Budget) -> date:
    """The date whose rule versions a draft follows: the programme year's first day."""
    return date(budget.programme_year, 1, 1)


def line_input(budget: Budget, line: BudgetLine) -> CostLineIn:
    """A stored line as costing takes it."""
    return CostLineIn(
        module=line.module,
        description=line.description,
        unit_cost=Money.from_minor(line.unit_cost_minor, budget.currency),
        low_quantity=Decimal(line.low_quantity_milli) / MILLI,
        high_quantity=Decimal(line.high_quantity_milli) / MILLI,
        assumptions=line.assumptions,
        rule=line.rule_code,
    )


def _new_lines(budget_id: uuid.UUID, lines: Sequence[CostLineIn]) -> list[BudgetLine]:
    return [
        BudgetLine(
            budget_id=budget_id,
            position=position,
            module=line.module,
            description=line.description,
            unit_cost_minor=line.unit_cost.minor,
            low_quantity_milli=int(line.low_quantity * MILLI),
            high_quantity_milli=int(line.high_quantity * MILLI),
            assumptions=line.assumptions,
            rule_code=line.rule,
        )
        for position, line in enumerate(lines)
    ]


async def lines_of(*, session: AsyncSession, budget_id: uuid.UUID) -> list[BudgetLine]:
    """The budget's cost lines, in their order."""
    return list(
        (
            await session.scalars(
                sa.select(BudgetLine)
                .where(BudgetLine.budget_id == budget_id)
                .order_by(BudgetLine.position)
            )
        ).all()
    )


async def costing(
    *, session: AsyncSession, budget: Budget, lines: Sequence[BudgetLine]
) -> tuple[Costing, list[RuleUsed]]:
    """What the lines come to: each by its pinned rule version once approved, else by the
    version in force at the year's start."""
    used: list[RuleUsed] = []
    cache: dict[Any, RuleUsed] = {}
    for line in lines:
        key = line.rule_id or line.rule_code
        if key not in cache:
            rule = (
                await rules.by_id(session=session, rule_id=line.rule_id)
                if line.rule_id
                else await rules.effective(
                    session=session, code=line.rule_code, on=year_start(budget)
                )
            )
            cache[key] = rules.used_rule(rule)
        used.append(cache[key])
    figures = cost(
        currency=budget.currency,
        lines=[line_input(budget, line) for line in lines],
        rules=used,
        all_modules=True,
    )
    return figures, used


def _summary(budget: Budget, lines: Sequence[BudgetLine]) -> dict[str, Any]:
    """What an audit entry records of a budget: its state and its lines in brief."""
    return {
        "title": budget.title,
        "status": budget.status,
        "lines": [
            f"{line.module}: {line.description} @ {line.unit_cost_minor} × "
            f"{line.low_quantity_milli}-{line.high_quantity_milli} milli, {line.rule_code}"
            for line in lines
        ],
    }


async def create(
    *,
    session: AsyncSession,
    data: BudgetCreate,
    principal: Principal,
    now: datetime,
    copied_from: uuid.UUID | None = None,
) -> tuple[Budget, list[BudgetLine], Costing]:
    """A draft, revision 1; one budget per programme year and cohort (or whole year)."""
    taken = await session.scalar(
        sa.select(sa.func.count()).where(
            Budget.programme_year == data.programme_year,
            Budget.cohort_id == data.cohort_id if data.cohort_id else Budget.cohort_id.is_(None),  # type: ignore[union-attr]
        )
    )
    if taken:
        raise Conflict(
            f"A budget for {data.programme_year} and this cohort exists; revise it instead.",
            rule="budget_exists",
        )
    budget_id = uuid.uuid4()
    await rules.for_lines(
        session=session,
        lines=data.lines,
        currency=data.currency,
        on=date(data.programme_year, 1, 1),
    )
    budget = Budget(
        id=budget_id,
        root_id=budget_id,
        revision=1,
        programme_year=data.programme_year,
        cohort_id=data.cohort_id,
        currency=data.currency,
        title=data.title,
        status=BudgetStatus.DRAFT,
        created_by=principal.subject,
        created_at=now,
        updated_at=now,
        version=1,
    )
    session.add(budget)
    await session.flush()
    lines = _new_lines(budget.id, data.lines)
    session.add_all(lines)
    await flush_or_conflict(session, rule="budget_exists", detail="The budget exists.")
    await audit.record(
        session,
        principal=principal,
        resource=RESOURCE,
        record=budget,
        action="created" if copied_from is None else "copied",
        after=_summary(budget, lines)
        | ({} if copied_from is None else {"copied_from": str(copied_from)}),
        now=now,
    )
    return await with_figures(session=session, budget=budget)


async def get(*, session: AsyncSession, budget_id: uuid.UUID, lock: bool = False) -> Budget:
    """One budget revision, or 404."""
    return await one_or_404(
        session, sa.select(Budget).where(Budget.id == budget_id), what="budget", lock=lock
    )


async def read(
    *, session: AsyncSession, budget_id: uuid.UUID
) -> tuple[Budget, list[BudgetLine], Costing]:
    """A budget revision, its lines and what they come to."""
    budget = await get(session=session, budget_id=budget_id)
    return await with_figures(session=session, budget=budget)


async def with_figures(
    *, session: AsyncSession, budget: Budget
) -> tuple[Budget, list[BudgetLine], Costing]:
    lines = await lines_of(session=session, budget_id=budget.id)
    figures, _ = await costing(session=session, budget=budget, lines=lines)
    return budget, lines, figures


async def approved_for(*, session: AsyncSession, cohort_id: uuid.UUID) -> Budget | None:
    """The cohort's budget revision in force (approved, not superseded), if any."""
    return (
        await session.scalars(
            sa.select(Budget)
            .where(Budget.cohort_id == cohort_id, Budget.status == BudgetStatus.APPROVED)
            .order_by(Budget.revision.desc())  # type: ignore[attr-defined]
            .limit(1)
        )
    ).first()


def _must_be_draft(budget: Budget) -> None:
    if budget.status != BudgetStatus.DRAFT:
        raise Conflict(
            f"The budget is {budget.status}; only a draft changes (revise an approved one).",
            rule="budget_not_draft",
            current_status=budget.status,
            params={"current_status": STATUSES.text("budget", budget.status)},
        )


async def update(
    *,
    session: AsyncSession,
    budget: Budget,
    data: BudgetUpdate,
    principal: Principal,
    now: datetime,
) -> tuple[Budget, list[BudgetLine], Costing]:
    """A draft's new title or lines (replacing them all)."""
    _must_be_draft(budget)
    old_lines = await lines_of(session=session, budget_id=budget.id)
    before = _summary(budget, old_lines)
    if data.title is not None:
        budget.title = data.title
    lines = old_lines
    if data.lines is not None:
        await rules.for_lines(
            session=session, lines=data.lines, currency=budget.currency, on=year_start(budget)
        )
        for line in old_lines:
            await session.delete(line)
        await session.flush()
        lines = _new_lines(budget.id, data.lines)
        session.add_all(lines)
    bump(budget, now)
    await session.flush()
    await audit.record(
        session,
        principal=principal,
        resource=RESOURCE,
        record=budget,
        action="updated",
        before=before,
        after=_summary(budget, lines),
        now=now,
    )
    return await with_figures(session=session, budget=budget)


async def change_status(
    *,
    session: AsyncSession,
    budget: Budget,
    data: BudgetStatusChange,
    principal: Principal,
    now: datetime,
) -> tuple[Budget, list[BudgetLine], Costing]:
    """Submit, approve or send back. Approval pins each line's rule version and supersedes
    the revision approved before."""
    current = BudgetStatus(budget.status)
    target = NEXT.get((current, data.status))
    if target is None:
        raise Conflict(
            f"A {current} budget cannot move to {data.status}.",
            rule="illegal_status_transition",
            params={
                "current_status": STATUSES.text("budget", current),
                "target": STATUSES.text("budget", data.status),
            },
            current_status=current,
        )
    lines = await lines_of(session=session, budget_id=budget.id)
    if target == BudgetStatus.SUBMITTED:
        if not lines:
            raise Conflict("A budget without cost lines cannot be submitted.", rule="budget_empty")
        budget.submitted_at = now
    if target == BudgetStatus.APPROVED:
        _, used = await costing(session=session, budget=budget, lines=lines)
        for line, rule in zip(lines, used, strict=True):
            line.rule_id = rule.id
        budget.approved_at = now
        budget.approved_by = principal.subject
        await _supersede(session, budget, principal, now)
    budget.status = target
    bump(budget, now)
    await session.flush()
    await audit.record(
        session,
        principal=principal,
        resource=RESOURCE,
        record=budget,
        action="status_changed",
        before={"status": current},
        after={"status": target, "comment": data.comment},
        now=now,
    )
    return await with_figures(session=session, budget=budget)


async def _supersede(
    session: AsyncSession, budget: Budget, principal: Principal, now: datetime
) -> None:
    earlier = await session.scalars(
        sa.select(Budget)
        .where(
            Budget.root_id == budget.root_id,
            Budget.status == BudgetStatus.APPROVED,
            Budget.id != budget.id,
        )
        .with_for_update()
    )
    for old in earlier:
        old.status = BudgetStatus.SUPERSEDED
        bump(old, now)
        await audit.record(
            session,
            principal=principal,
            resource=RESOURCE,
            record=old,
            action="superseded",
            before={"status": BudgetStatus.APPROVED},
            after={"status": BudgetStatus.SUPERSEDED, "by": str(budget.id)},
            now=now,
        )


async def revise(
    *, session: AsyncSession, budget: Budget, principal: Principal, now: datetime
) -> tuple[Budget, list[BudgetLine], Costing]:
    """A new draft revision copying an approved one's lines (rules unpinned again: the
    revision is priced by the rules in force until it is approved in its turn)."""
    if budget.status != BudgetStatus.APPROVED:
        raise Conflict(
            "Only the approved revision is revised.",
            rule="budget_not_approved",
            current_status=budget.status,
            params={"current_status": STATUSES.text("budget", budget.status)},
        )
    open_revision = await session.scalar(
        sa.select(sa.func.count()).where(
            Budget.root_id == budget.root_id,
            Budget.status.in_([BudgetStatus.DRAFT, BudgetStatus.SUBMITTED]),  # type: ignore[attr-defined]
        )
    )
    if open_revision:
        raise Conflict("A revision of this budget is already open.", rule="revision_open")
    latest = await session.scalar(
        sa.select(sa.func.max(Budget.revision)).where(Budget.root_id == budget.root_id)
    )
    revision = Budget(
        root_id=budget.root_id,
        revision=(latest or 0) + 1,
        previous_id=budget.id,
        programme_year=budget.programme_year,
        cohort_id=budget.cohort_id,
        currency=budget.currency,
        title=budget.title,
        status=BudgetStatus.DRAFT,
        created_by=principal.subject,
        created_at=now,
        updated_at=now,
        version=1,
    )
    session.add(revision)
    await session.flush()
    old_lines = await lines_of(session=session, budget_id=budget.id)
    lines = _new_lines(revision.id, [line_input(budget, line) for line in old_lines])
    session.add_all(lines)
    await flush_or_conflict(
        session, rule="revision_open", detail="A revision of this budget is already open."
    )
    await audit.record(
        session,
        principal=principal,
        resource=RESOURCE,
        record=revision,
        action="revised",
        after={**_summary(revision, lines), "revises": str(budget.id)},
        now=now,
    )
    return await with_figures(session=session, budget=revision)


async def copy(
    *,
    session: AsyncSession,
    budget: Budget,
    data: BudgetCopy,
    principal: Principal,
    now: datetime,
) -> tuple[Budget, list[BudgetLine], Costing]:
    """A new draft (revision 1) for another year or cohort with this budget's lines; its
    rules follow the versions in force at the new year's start."""
    lines = await lines_of(session=session, budget_id=budget.id)
    return await create(
        session=session,
        data=BudgetCreate(
            programme_year=data.programme_year,
            cohort_id=data.cohort_id,
            currency=budget.currency,
            title=data.title or budget.title,
            lines=[line_input(budget, line) for line in lines],
        ),
        principal=principal,
        now=now,
        copied_from=budget.id,
    )


def _line_fields(budget: Budget, line: BudgetLine) -> dict[str, str | None]:
    return {
        "unit_cost": f"{Money.from_minor(line.unit_cost_minor, budget.currency).amount}",
        "low_quantity": f"{(Decimal(line.low_quantity_milli) / MILLI).normalize():f}",
        "high_quantity": f"{(Decimal(line.high_quantity_milli) / MILLI).normalize():f}",
        "assumptions": line.assumptions,
        "rule": line.rule_code,
    }


async def diff(
    *, session: AsyncSession, budget_id: uuid.UUID, against_id: uuid.UUID
) -> BudgetDiffRead:
    """What changed from one budget (revision) to another: lines added, removed or changed
    (matched by module and description) and how every figure moved."""
    old, old_lines, old_figures = await read(session=session, budget_id=budget_id)
    new, new_lines, new_figures = await read(session=session, budget_id=against_id)
    if old.currency != new.currency:
        raise InvalidInput(
            "against",
            message(MESSAGES["never_converted"], currency=new.currency, other=old.currency),
        )
    before = {(line.module, line.description): line for line in old_lines}
    after = {(line.module, line.description): line for line in new_lines}
    lines: list[LineDiff] = []
    for key, line in after.items():
        if key not in before:
            lines.append(LineDiff(module=key[0], description=key[1], change="added", fields=[]))
            continue
        was, now_ = _line_fields(old, before[key]), _line_fields(new, line)
        changes = [
            LineChange(field=f, before=was[f], after=now_[f]) for f in was if was[f] != now_[f]
        ]
        if changes:
            lines.append(
                LineDiff(module=key[0], description=key[1], change="changed", fields=changes)
            )
    lines += [
        LineDiff(module=key[0], description=key[1], change="removed", fields=[])
        for key in before
        if key not in after
    ]

    def delta(a: Range, b: Range) -> FigureDiff:
        zero = Money.from_minor(0, old.currency)
        return FigureDiff(
            low=b.low.total - a.low.total,
            high=b.high.total - a.high.total,
            programme_low=b.low.shares.get(Party.PROGRAMME, zero)
            - a.low.shares.get(Party.PROGRAMME, zero),
            programme_high=b.high.shares.get(Party.PROGRAMME, zero)
            - a.high.shares.get(Party.PROGRAMME, zero),
        )

    modules = []
    for a, b in zip(old_figures.modules, new_figures.modules, strict=True):
        moved = delta(Range(low=a.low, high=a.high), Range(low=b.low, high=b.high))
        figures = (moved.low, moved.high, moved.programme_low, moved.programme_high)
        if any(m.minor for m in figures):
            modules.append(ModuleDiff(module=a.module, **dict(moved)))
    return BudgetDiffRead(
        budget_id=old.id,
        against_id=new.id,
        lines=lines,
        modules=modules,
        total=delta(old_figures.total, new_figures.total),
    )


def listing(
    *,
    programme_year: int | None,
    cohort_id: uuid.UUID | None,
    status: BudgetStatus | None,
) -> sa.Select[tuple[Budget]]:
    """Budget revisions, filtered (a statement, for paging)."""
    statement = sa.select(Budget)
    if programme_year is not None:
        statement = statement.where(Budget.programme_year == programme_year)
    if cohort_id is not None:
        statement = statement.where(Budget.cohort_id == cohort_id)
    if status is not None:
        statement = statement.where(Budget.status == status)
    return statement


async def page(
    *,
    session: AsyncSession,
    programme_year: int | None,
    cohort_id: uuid.UUID | None,
    status: BudgetStatus | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[tuple[Budget, list[BudgetLine], Costing]], str | None]:
    """A page of budget revisions with their figures, and the next cursor."""
    rows, next_cursor = await keyset(
        session,
        listing(programme_year=programme_year, cohort_id=cohort_id, status=status),
        model=Budget,
        limit=limit,
        cursor=cursor,
    )
    return [await with_figures(session=session, budget=b) for b in rows], next_cursor


async def history(
    *, session: AsyncSession, budget_id: uuid.UUID, limit: int, cursor: str | None
) -> Page[audit.AuditEntryRead]:
    """Who created, changed, submitted, approved and revised the budget revision."""
    await get(session=session, budget_id=budget_id)
    return await audit.history(
        session, resource=RESOURCE, resource_id=budget_id, limit=limit, cursor=cursor
    )
