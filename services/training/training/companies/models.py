"""A registry company as its latest event described it."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from shared.db import UtcDateTime
from training.models import Base


class CompanyFact(Base, table=True):
    __tablename__ = "company_fact"

    company_id: uuid.UUID = Field(primary_key=True)
    version: int
    kind: str = Field(sa_type=sa.String(20))
    status: str = Field(sa_type=sa.String(20))
    bin: str | None = Field(default=None, sa_type=sa.String(12))
    display_name: str | None = Field(default=None, sa_type=sa.String(300))
    region: str | None = Field(default=None, sa_type=sa.String(100))
    city: str | None = Field(default=None, sa_type=sa.String(100))
    updated_at: datetime = Field(sa_type=UtcDateTime)
