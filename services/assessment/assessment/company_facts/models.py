"""The local read model of company facts, built from the registry's events."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from assessment.models import Base
from shared.db import UtcDateTime


class CompanyFact(Base, table=True):
    """What the registry last told us about a company; only ever moves forward by version.

    ``source`` says whether the row came from an event or, for a nominee not yet seen, from
    the registry's API; an event of the same version replaces an API row, because the API
    hides figures (the private-sector share) from callers without the right to see them.
    """

    __tablename__ = "company_fact"

    company_id: uuid.UUID = Field(primary_key=True)
    version: int
    source: str = Field(sa_type=sa.String(20))
    kind: str = Field(sa_type=sa.String(20))
    display_name: str = Field(sa_type=sa.String(300))
    bin: str | None = Field(default=None, sa_type=sa.String(12))
    region: str | None = Field(default=None, sa_type=sa.String(50))
    segments: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    in_scope: bool
    employees: int | None = None
    founded_on: date | None = None
    private_sector_share: int | None = None
    status: str = Field(sa_type=sa.String(20))
    publication: str = Field(sa_type=sa.String(20))
    updated_at: datetime = Field(sa_type=UtcDateTime)
