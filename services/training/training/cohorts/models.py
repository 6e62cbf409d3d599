"""A company selected into a cohort, as ``blp.assessment.company.selected`` reported it."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from shared.db import UtcDateTime
from training.models import Base


class CohortMembership(Base, table=True):
    __tablename__ = "cohort_membership"
    __table_args__ = (sa.UniqueConstraint("company_id", "cohort_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    company_id: uuid.UUID = Field(index=True)
    cohort_id: uuid.UUID = Field(index=True)
    cohort_name: str = Field(sa_type=sa.String(200))
    nomination_id: uuid.UUID | None = None
    selected_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = Field(sa_type=UtcDateTime)


class CohortState(Base, table=True):
    """A cohort's place in its flow, as ``blp.assessment.cohort.status_changed`` last said:
    graduates are listed once it is in review. Moves only forward in time (``changed_at``)."""

    __tablename__ = "cohort_state"

    cohort_id: uuid.UUID = Field(primary_key=True)
    cohort_name: str = Field(sa_type=sa.String(200))
    status: str = Field(sa_type=sa.String(20))
    changed_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
