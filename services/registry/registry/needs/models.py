"""Partner needs international companies record, to be matched with local companies."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from registry.models import Base
from shared.db import UtcDateTime, utcnow


class PartnerNeed(Base, table=True):
    __tablename__ = "partner_need"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    international_company_id: uuid.UUID = Field(foreign_key="company.id", index=True)
    title: str = Field(max_length=300)
    capabilities: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    certifications: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    segments: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    region: str | None = Field(default=None, max_length=50)
    min_employees: int | None = None
    text: str | None = Field(default=None, max_length=5000)
    status: str = Field(default="open", max_length=20)
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    version: int = 1
