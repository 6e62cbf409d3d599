"""Training needs: the items of an approved development plan, one row per item."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from shared.db import UtcDateTime
from training.models import Base


class TrainingNeed(Base, table=True):
    __tablename__ = "training_need"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    item_id: uuid.UUID = Field(unique=True)
    """The plan item's id: the same item delivered twice is still one need."""
    assessment_id: uuid.UUID = Field(index=True)
    company_id: uuid.UUID = Field(index=True)
    cohort_id: uuid.UUID = Field(index=True)
    kind: str = Field(sa_type=sa.String(20))
    skills_area: str | None = Field(default=None, sa_type=sa.String(40))
    staff_member: str | None = Field(default=None, sa_type=sa.String(200))
    """The name, from plans published before names left the event (``approved`` v1)."""
    staff_member_id: uuid.UUID | None = None
    """The plan's id of the staff member (``approved_v2``): the assessment's report names them."""
    function: str | None = Field(default=None, sa_type=sa.String(200))
    recommendation: str = Field(sa_type=sa.Text)
    language: str | None = Field(default=None, sa_type=sa.String(2))
    """``kk`` or ``ru`` by the plan item's words (``needs/language.py``); None: unspecified."""
    internship_kind: str | None = Field(default=None, sa_type=sa.String(10))
    host_company_id: uuid.UUID | None = None
    estimated_cost_minor: int | None = Field(default=None, sa_type=sa.BigInteger)
    estimated_cost_currency: str | None = Field(default=None, sa_type=sa.String(3))
    status: str = Field(sa_type=sa.String(20), index=True)
    plan_approved_at: datetime = Field(sa_type=UtcDateTime)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    version: int
