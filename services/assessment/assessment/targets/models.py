"""A cohort's target for one indicator, set by the programme manager, approved by the ministry;
and a quarterly report as issued, frozen."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from assessment.models import Base
from shared.db import UtcDateTime


class IndicatorTarget(Base, table=True):
    __tablename__ = "indicator_target"
    __table_args__ = (sa.UniqueConstraint("cohort_id", "indicator"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    cohort_id: uuid.UUID = Field(foreign_key="cohort.id", index=True)
    indicator: str = Field(sa_type=sa.String(50))
    baseline: Decimal = Field(sa_type=sa.Numeric(20, 4))
    target: Decimal = Field(sa_type=sa.Numeric(20, 4))
    milestones: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    """[{"due_on": "2027-03-31", "value": "5"}, ...], in date order."""
    on_track_percent: Decimal = Field(sa_type=sa.Numeric(5, 2))
    at_risk_percent: Decimal = Field(sa_type=sa.Numeric(5, 2))
    status: str = Field(sa_type=sa.String(20))
    set_by: str = Field(sa_type=sa.String(200))
    approved_by: str | None = Field(default=None, sa_type=sa.String(200))
    approved_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    version: int


class FrameworkSnapshot(Base, table=True):
    """The whole framework of a cohort as issued to the ministry for a period: never edited,
    so what was reported can be shown again exactly after later corrections."""

    __tablename__ = "framework_snapshot"
    __table_args__ = (sa.UniqueConstraint("cohort_id", "period"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    cohort_id: uuid.UUID = Field(foreign_key="cohort.id", index=True)
    period: str = Field(sa_type=sa.String(20))
    as_of: datetime = Field(sa_type=UtcDateTime)
    framework: dict[str, Any] = Field(sa_type=sa.JSON)
    issued_by: str = Field(sa_type=sa.String(200))
    created_at: datetime = Field(sa_type=UtcDateTime)
