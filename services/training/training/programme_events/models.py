"""A programme event: date, place, cost estimate, sponsors, invited and attending companies."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from shared.db import UtcDateTime
from training.models import Base


class ProgrammeEvent(Base, table=True):
    __tablename__ = "programme_event"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    cohort_id: uuid.UUID | None = Field(default=None, index=True)
    kind: str = Field(sa_type=sa.String(20))
    title: str = Field(sa_type=sa.String(200))
    held_on: date
    place: str = Field(sa_type=sa.String(200))
    estimated_cost_minor: int = Field(sa_type=sa.BigInteger)
    currency: str = Field(sa_type=sa.String(3))
    sponsor_company_ids: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    invited_company_ids: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    attending_company_ids: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    status: str = Field(sa_type=sa.String(20), index=True)
    cancelled_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    cancellation_reason: str | None = Field(default=None, sa_type=sa.Text)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    version: int
