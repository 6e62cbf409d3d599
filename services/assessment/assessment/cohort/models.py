"""Cohorts (the programme's 12-month classes), their selection boards and quarterly reviews."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from assessment.models import Base
from shared.db import UtcDateTime


class Cohort(Base, table=True):
    __tablename__ = "cohort"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    name: str = Field(sa_type=sa.String(200), unique=True)
    description: str | None = Field(default=None, sa_type=sa.Text)
    starts_on: date
    ends_on: date
    max_companies: int
    max_nominations_per_partner: int
    min_employees: int
    min_years_in_business: int
    min_private_sector_share: int
    status: str = Field(sa_type=sa.String(20), index=True)
    nomination_round: int
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    version: int


class BoardMember(Base, table=True):
    """A seat on one cohort's selection board, held by an API client (token subject)."""

    __tablename__ = "board_member"
    __table_args__ = (sa.UniqueConstraint("cohort_id", "subject"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    cohort_id: uuid.UUID = Field(foreign_key="cohort.id", index=True)
    subject: str = Field(sa_type=sa.String(200))
    role: str = Field(sa_type=sa.String(40))
    name: str = Field(sa_type=sa.String(200))
    organisation: str | None = Field(default=None, sa_type=sa.String(200))
    created_at: datetime = Field(sa_type=UtcDateTime)


class CohortReview(Base, table=True):
    """A quarterly review: a dated note and the decisions taken."""

    __tablename__ = "cohort_review"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    cohort_id: uuid.UUID = Field(foreign_key="cohort.id", index=True)
    held_on: date
    notes: str = Field(sa_type=sa.Text)
    decisions: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    recorded_by: str = Field(sa_type=sa.String(200))
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    version: int
