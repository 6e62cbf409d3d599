"""Request and response bodies of budgets."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from finance.amounts import Currency, Quantity
from finance.budgets.models import BudgetStatus
from finance.costing import CostLineIn, ModuleCost, Range, RuleRef, Split
from finance.modules import Module
from shared.inputs import Input, Name, Text, not_null
from shared.money import Money

MAX_LINES = 1000


class BudgetCreate(Input):
    """A programme year's budget (for one cohort, or the whole year), as a draft."""

    programme_year: int = Field(ge=2000, le=2100)
    cohort_id: uuid.UUID | None = Field(default=None, description="null: the year as a whole")
    currency: Currency = Field(description="every cost line is in this currency")
    title: Name
    lines: list[CostLineIn] = Field(default_factory=list, max_length=MAX_LINES)


class BudgetUpdate(Input):
    """A draft's new title or cost lines (``lines`` replaces them all, in this order)."""

    title: Name | None = None
    lines: list[CostLineIn] | None = Field(default=None, max_length=MAX_LINES)

    _required = not_null("title", "lines")


class BudgetStatusChange(Input):
    """``submitted`` (by the programme manager), ``approved`` or back to ``draft`` (by the
    ministry; the programme manager may also take a submission back)."""

    status: Literal["submitted", "approved", "draft"]
    comment: Text | None = None


class BudgetCopy(Input):
    """Start another year's (or cohort's) budget as a draft copy of this one's lines."""

    programme_year: int = Field(ge=2000, le=2100)
    cohort_id: uuid.UUID | None = None
    title: Name | None = Field(default=None, description="default: this budget's title")


class LineChange(BaseModel):
    field: str
    before: str | None
    after: str | None


class LineDiff(BaseModel):
    """A cost line, matched across the two revisions by module and description."""

    module: Module
    description: str
    change: Literal["added", "removed", "changed"]
    fields: list[LineChange] = Field(description="for `changed`: what differs")


class FigureDiff(BaseModel):
    """``against`` minus this budget: how much higher (negative: lower) the estimates are."""

    low: Money
    high: Money
    programme_low: Money
    programme_high: Money


class ModuleDiff(FigureDiff):
    module: Module


class BudgetDiffRead(BaseModel):
    budget_id: uuid.UUID
    against_id: uuid.UUID
    lines: list[LineDiff]
    modules: list[ModuleDiff] = Field(description="modules whose figures differ")
    total: FigureDiff


class BudgetLineRead(BaseModel):
    id: uuid.UUID
    position: int
    module: Module
    description: str
    unit_cost: Money
    low_quantity: Quantity
    high_quantity: Quantity
    assumptions: str | None
    rule: RuleRef = Field(description="the rule version the figures use")
    rule_pinned: bool = Field(description="true once approved: later rule versions never apply")
    low: Split
    high: Split


class BudgetRead(BaseModel):
    id: uuid.UUID
    root_id: uuid.UUID = Field(description="the first revision's id, shared by all revisions")
    revision: int
    previous_id: uuid.UUID | None
    programme_year: int
    cohort_id: uuid.UUID | None
    currency: str
    title: str
    status: BudgetStatus
    lines: list[BudgetLineRead]
    modules: list[ModuleCost] = Field(description="all seven, in the handbook's order")
    total: Range
    created_by: str
    submitted_at: datetime | None
    approved_at: datetime | None
    approved_by: str | None
    created_at: datetime
    updated_at: datetime
    version: int
