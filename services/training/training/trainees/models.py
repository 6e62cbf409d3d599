"""Trainees: staff of local companies. Personal data: it never leaves this service."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from shared.db import UtcDateTime
from training.models import Base


class Trainee(Base, table=True):
    __tablename__ = "trainee"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    company_id: uuid.UUID = Field(index=True)
    name: str = Field(sa_type=sa.String(200))
    function: str | None = Field(default=None, sa_type=sa.String(200))
    languages: list[str] = Field(sa_type=sa.JSON)
    email: str | None = Field(default=None, sa_type=sa.String(320))
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    version: int
