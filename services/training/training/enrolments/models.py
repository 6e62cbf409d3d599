"""Enrolments: a trainee in a course (or a session of it), fulfilling a training need."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from shared.db import UtcDateTime
from training.models import Base


class Enrolment(Base, table=True):
    __tablename__ = "enrolment"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    company_id: uuid.UUID = Field(index=True)
    cohort_id: uuid.UUID
    trainee_id: uuid.UUID = Field(foreign_key="trainee.id", index=True)
    course_id: uuid.UUID = Field(foreign_key="course.id", index=True)
    session_id: uuid.UUID | None = Field(default=None, foreign_key="course_session.id", index=True)
    need_id: uuid.UUID = Field(foreign_key="training_need.id", index=True)
    status: str = Field(sa_type=sa.String(20), index=True)
    passed: bool | None = None
    warnings: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    # what finance was told at enrolment: the course's terms then, not as later edited
    module: str = Field(sa_type=sa.String(30))
    list_price_minor: int = Field(sa_type=sa.BigInteger)
    currency: str = Field(sa_type=sa.String(3))
    vendor_discount_bp: int
    enrolled_by: str = Field(sa_type=sa.String(200))
    enrolled_at: datetime = Field(sa_type=UtcDateTime)
    completed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    withdrawn_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    withdrawal_reason: str | None = Field(default=None, sa_type=sa.Text)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    version: int
