"""Read models of budgets: the lines as entered, each with its figures, and the totals."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from finance.budgets.models import Budget, BudgetLine
from finance.budgets.schemas import BudgetLineRead, BudgetRead
from finance.costing import Costing
from shared.money import Money

MILLI = Decimal(1000)


def budget_read(budget: Budget, lines: Sequence[BudgetLine], figures: Costing) -> BudgetRead:
    return BudgetRead(
        id=budget.id,
        root_id=budget.root_id,
        revision=budget.revision,
        previous_id=budget.previous_id,
        programme_year=budget.programme_year,
        cohort_id=budget.cohort_id,
        currency=budget.currency,
        title=budget.title,
        status=budget.status,
        lines=[
            BudgetLineRead(
                id=line.id,
                position=line.position,
                module=line.module,
                description=line.description,
                unit_cost=Money.from_minor(line.unit_cost_minor, budget.currency),
                low_quantity=(Decimal(line.low_quantity_milli) / MILLI).normalize(),
                high_quantity=(Decimal(line.high_quantity_milli) / MILLI).normalize(),
                assumptions=line.assumptions,
                rule=cost.rule,
                rule_pinned=line.rule_id is not None,
                low=cost.low,
                high=cost.high,
            )
            for line, cost in zip(lines, figures.lines, strict=True)
        ],
        modules=figures.modules,
        total=figures.total,
        created_by=budget.created_by,
        submitted_at=budget.submitted_at,
        approved_at=budget.approved_at,
        approved_by=budget.approved_by,
        created_at=budget.created_at,
        updated_at=budget.updated_at,
        version=budget.version,
    )
