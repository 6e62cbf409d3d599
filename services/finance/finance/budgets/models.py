"""Budgets and their cost lines. An approved budget never changes: a revision is a new row."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field

from finance.models import Base
from shared.db import UtcDateTime


class BudgetStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    SUPERSEDED = "superseded"
    """An approved revision after a later revision of the same budget was approved."""


class Budget(Base, table=True):
    """One revision of a programme year's budget. Revisions of one budget share ``root_id``
    (the first revision's id) and number from 1."""

    __tablename__ = "budget"
    __table_args__ = (sa.UniqueConstraint("root_id", "revision"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    root_id: uuid.UUID = Field(index=True)
    revision: int
    previous_id: uuid.UUID | None = Field(default=None, foreign_key="budget.id")
    programme_year: int = Field(index=True)
    cohort_id: uuid.UUID | None = Field(default=None, index=True)
    currency: str = Field(sa_type=sa.String(3))
    title: str = Field(sa_type=sa.String(200))
    status: str = Field(sa_type=sa.String(20))
    created_by: str = Field(sa_type=sa.String(200))
    submitted_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    approved_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    approved_by: str | None = Field(default=None, sa_type=sa.String(200))
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    version: int


class BudgetLine(Base, table=True):
    """A cost line. Quantities are stored in thousandths (exact: three places at most).

    ``rule_id`` is pinned when the budget is approved: later rule versions never change an
    approved budget's figures. A draft follows the rule in force at the year's start.
    """

    __tablename__ = "budget_line"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    budget_id: uuid.UUID = Field(foreign_key="budget.id", index=True)
    position: int
    module: str = Field(sa_type=sa.String(30))
    description: str = Field(sa_type=sa.String(200))
    unit_cost_minor: int = Field(sa_type=sa.BigInteger)
    low_quantity_milli: int = Field(sa_type=sa.BigInteger)
    high_quantity_milli: int = Field(sa_type=sa.BigInteger)
    assumptions: str | None = Field(default=None, sa_type=sa.Text)
    rule_code: str = Field(sa_type=sa.String(50))
    rule_id: uuid.UUID | None = Field(default=None, foreign_key="co_financing_rule.id")
