"""An internship abroad: proposed (from a development plan, or by the programme manager),
approved, in progress, completed with a report, or cancelled."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from shared.db import UtcDateTime
from training.models import Base


class Internship(Base, table=True):
    __tablename__ = "internship"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    company_id: uuid.UUID = Field(index=True)
    cohort_id: uuid.UUID = Field(index=True)
    need_id: uuid.UUID | None = Field(default=None, foreign_key="training_need.id", unique=True)
    """The development plan's item it comes from; one internship per item."""
    trainee_id: uuid.UUID | None = Field(default=None, foreign_key="trainee.id")
    staff_member: str | None = Field(default=None, sa_type=sa.String(200))
    staff_member_id: uuid.UUID | None = None
    kind: str = Field(sa_type=sa.String(10))
    host_company_id: uuid.UUID | None = Field(default=None, index=True)
    host_name: str | None = Field(default=None, sa_type=sa.String(200))
    purpose: str = Field(sa_type=sa.Text)
    starts_on: date | None = None
    ends_on: date | None = None
    # [{"item": "travel", "amount_minor": 120000, "currency": "USD"}, ...]
    estimated_cost: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    status: str = Field(sa_type=sa.String(20), index=True)
    report: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    decided_by: str | None = Field(default=None, sa_type=sa.String(200))
    approved_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    cancelled_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    cancellation_reason: str | None = Field(default=None, sa_type=sa.Text)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    version: int
