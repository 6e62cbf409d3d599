"""Pricing cost lines by the rules in force: the calculator programme staff negotiate with.

Functions never commit (and this one writes nothing at all).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from finance.costing import Costing, cost
from finance.estimates.schemas import EstimateCreate
from finance.rules import service as rules


async def estimate(*, session: AsyncSession, data: EstimateCreate, today: date) -> Costing:
    """What the lines come to, low and high, shared by the rules in force on ``data.on``."""
    on = data.on or today
    used = await rules.for_lines(session=session, lines=data.lines, currency=data.currency, on=on)
    return cost(currency=data.currency, lines=data.lines, rules=used)
