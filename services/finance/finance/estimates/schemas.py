"""Request and response bodies of the estimate calculator."""

from __future__ import annotations

import uuid

from pydantic import Field

from finance.amounts import Currency
from finance.costing import Costing, CostLineIn
from shared.inputs import Input, ProgrammeDate

MAX_LINES = 1000


class EstimateCreate(Input):
    """Cost lines to price, or a budget's (a what-if: its lines under the rule versions in
    force on ``on``, pinned or not); nothing is stored."""

    currency: Currency | None = Field(
        default=None, description="every line's unit cost is in this currency"
    )
    on: ProgrammeDate | None = Field(
        default=None, description="apply the rule versions in force on this date (default: today)"
    )
    lines: list[CostLineIn] | None = Field(default=None, min_length=1, max_length=MAX_LINES)
    budget_id: uuid.UUID | None = Field(
        default=None,
        description="instead of currency and lines: price this budget's lines",
    )


class EstimateRead(Costing):
    """Low and high, per line, per module and in total: each party's share and the
    programme's share in percent. Shares always add up to their total exactly."""
