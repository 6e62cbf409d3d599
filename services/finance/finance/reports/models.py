"""The execution summary: what the reports read instead of every commitment line.

A whole-year budget counts every commitment line of its year (100,000 at a hundred cohorts);
summing them on each read took seconds. The summary keeps the same sums per budget scope
(programme year and cohort), module, paying party and currency, updated in the transaction of
every change that moves a figure, so a report reads a few hundred rows at most.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlmodel import Field

from finance.models import Base

NO_COHORT = uuid.UUID(int=0)
"""The cohort key of commitments without a cohort (a key column is never null, so that the
upsert's ``ON CONFLICT`` matches them: nulls never conflict)."""


class ExecutionSummary(Base, table=True):
    """Sums over the commitments in force with this key; the counts tell a party with lines
    (or actuals) that add up to zero from one that has none, as the line aggregate does."""

    __tablename__ = "execution_summary"

    programme_year: int = Field(primary_key=True)
    """The UTC year the commitment was first committed in (a whole-year budget's scope)."""
    cohort_id: uuid.UUID = Field(primary_key=True, index=True)
    """A cohort budget's scope (across years); ``NO_COHORT`` for none."""
    module: str = Field(sa_type=sa.String(30), primary_key=True)
    party: str = Field(sa_type=sa.String(30), primary_key=True)
    currency: str = Field(sa_type=sa.String(3), primary_key=True)
    committed_minor: int = Field(default=0, sa_type=sa.BigInteger)
    invoiced_minor: int = Field(default=0, sa_type=sa.BigInteger)
    paid_minor: int = Field(default=0, sa_type=sa.BigInteger)
    """Payments, contributions and in kind (``actuals.models.SETTLING``)."""
    lines: int = 0
    invoices: int = 0
    settlements: int = 0
