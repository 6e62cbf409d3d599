"""Courses of the catalogue: what a trainee can enrol in, and the certification it leads to."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from shared.db import UtcDateTime
from training.models import Base


class Course(Base, table=True):
    __tablename__ = "course"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    skills_area: str = Field(sa_type=sa.String(40), index=True)
    title: str = Field(sa_type=sa.String(200))
    description: str | None = Field(default=None, sa_type=sa.Text)
    provider: str = Field(sa_type=sa.String(200))
    provider_kind: str = Field(sa_type=sa.String(20))
    certification_name: str = Field(sa_type=sa.String(200))
    certification_code: str | None = Field(default=None, sa_type=sa.String(100))
    certification_level: str | None = Field(default=None, sa_type=sa.String(100))
    languages: list[str] = Field(sa_type=sa.JSON)
    delivery: list[str] = Field(sa_type=sa.JSON)
    duration_hours: int
    # money stored exactly: integer minor units next to the ISO 4217 code
    list_price_minor: int = Field(sa_type=sa.BigInteger)
    currency: str = Field(sa_type=sa.String(3))
    # hundredths of a percent (7500 = 75 %), exact on both engines
    vendor_discount_bp: int
    validity_months: int | None = None
    verification_method: str = Field(sa_type=sa.String(30))
    status: str = Field(sa_type=sa.String(20), index=True)
    proposed_by: str = Field(sa_type=sa.String(200))
    proposed_by_company_id: uuid.UUID | None = None
    decided_by: str | None = Field(default=None, sa_type=sa.String(200))
    decided_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    decision_note: str | None = Field(default=None, sa_type=sa.Text)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    version: int
