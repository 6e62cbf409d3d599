"""Pricing cost lines by the rules in force: the calculator programme staff negotiate with.

Functions never commit (and this one writes nothing at all).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from finance.costing import Costing, CostLineIn, RuleUsed, cost
from finance.estimates.schemas import EstimateCreate
from finance.rules import service as rules
from shared.errors import InvalidInput


async def rules_for(
    *, session: AsyncSession, lines: Sequence[CostLineIn], currency: str, on: date
) -> list[RuleUsed]:
    """Each line's rule, the version in force ``on``; a 422 naming the line's field for an
    unknown rule or a unit cost in another currency (no arithmetic across currencies)."""
    found: dict[str, RuleUsed] = {}
    used = []
    for index, line in enumerate(lines):
        if line.unit_cost.currency != currency:
            raise InvalidInput(
                f"lines.{index}.unit_cost",
                f"in {line.unit_cost.currency}; every line is in {currency}",
            )
        if line.rule not in found:
            rule = await rules.effective(
                session=session, code=line.rule, on=on, field=f"lines.{index}.rule"
            )
            found[line.rule] = RuleUsed(rule.id, rule.code, rule.version, rules.steps_of(rule))
        used.append(found[line.rule])
    return used


async def estimate(*, session: AsyncSession, data: EstimateCreate, today: date) -> Costing:
    """What the lines come to, low and high, shared by the rules in force on ``data.on``."""
    on = data.on or today
    used = await rules_for(session=session, lines=data.lines, currency=data.currency, on=on)
    return cost(currency=data.currency, lines=data.lines, rules=used)
