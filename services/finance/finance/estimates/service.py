"""Pricing cost lines by the rules in force: the calculator programme staff negotiate with.

Functions never commit (and this one writes nothing at all).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from finance.budgets import service as budgets
from finance.costing import Costing, cost
from finance.estimates.schemas import EstimateCreate
from finance.messages import MESSAGES
from finance.rules import service as rules
from shared.errors import InvalidInput
from shared.i18n import message


async def estimate(*, session: AsyncSession, data: EstimateCreate, today: date) -> Costing:
    """What the lines (or the budget's) come to, low and high, shared by the rules in force
    on ``data.on``."""
    on = data.on or today
    given = [f for f in ("currency", "lines") if getattr(data, f) is not None]
    if data.budget_id is not None and given:
        raise InvalidInput(
            "budget_id", message(MESSAGES["budget_or_lines_not_both"], given=given[0])
        )
    if data.budget_id is None and len(given) < 2:
        raise InvalidInput("budget_id", message(MESSAGES["budget_or_lines"]))
    if data.budget_id is not None:
        budget = await budgets.get(session=session, budget_id=data.budget_id)
        stored = await budgets.lines_of(session=session, budget_id=budget.id)
        currency, lines = budget.currency, [budgets.line_input(budget, line) for line in stored]
    else:
        assert data.currency is not None and data.lines is not None  # checked above
        currency, lines = data.currency, data.lines
    used = await rules.for_lines(session=session, lines=lines, currency=currency, on=on)
    return cost(currency=currency, lines=lines, rules=used, all_modules=data.budget_id is not None)
