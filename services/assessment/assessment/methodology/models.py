"""Assessment methodologies as data: criteria, their groups and their weights."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from assessment.models import Base
from shared.db import UtcDateTime


class Methodology(Base, table=True):
    """A scoring model (EFQM's 9 criteria by default), with the labels its report prints and
    the bands its totals fall in. Immutable once created: assessments scored against it must
    keep meaning what they meant; a revision is a new key."""

    __tablename__ = "methodology"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    key: str = Field(sa_type=sa.String(50), unique=True)
    name: str = Field(sa_type=sa.String(200))
    name_ru: str | None = Field(default=None, sa_type=sa.String(200))
    name_kk: str | None = Field(default=None, sa_type=sa.String(200))
    description: str | None = Field(default=None, sa_type=sa.Text)
    criteria: list[dict[str, Any]] = Field(sa_type=sa.JSON)
    groups: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    bands: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    created_at: datetime = Field(sa_type=UtcDateTime)
