"""Co-financing rules: one row per version of a rule; a version never changes once made."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from finance.models import Base
from shared.db import UtcDateTime


class CoFinancingRule(Base, table=True):
    """A rule's version: its ordered steps and the dates it applies to.

    ``effective_to`` is kept by the service: the day before the next version starts (None
    for the current one), so versions of a rule never overlap and leave no gap.
    """

    __tablename__ = "co_financing_rule"
    __table_args__ = (sa.UniqueConstraint("code", "version"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    code: str = Field(sa_type=sa.String(50), index=True)
    version: int
    name: str = Field(sa_type=sa.String(200))
    description: str | None = Field(default=None, sa_type=sa.Text)
    steps: list[dict[str, Any]] = Field(sa_type=sa.JSON)
    effective_from: date
    effective_to: date | None = None
    created_by: str = Field(sa_type=sa.String(200))
    created_at: datetime = Field(sa_type=UtcDateTime)
