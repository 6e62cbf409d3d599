"""Linkages: what came of a match between a local and an international company."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from registry.models import Base
from shared.db import UtcDateTime, utcnow

# One deal is one linkage: the same local company, international company and need (or no
# need) recorded twice (once by the partner, once by the programme manager) would count
# twice in the outcomes the ministry reports. Only a linkage its recorder declares a
# separate contract may repeat them. Partial unique indexes (both engines have them) keep
# this true under concurrent requests, which a check before the insert alone cannot.
SAME_DEAL = "NOT separate_contract AND need_id IS NOT NULL"
SAME_DEAL_WITHOUT_NEED = "NOT separate_contract AND need_id IS NULL"


class Linkage(Base, table=True):
    __tablename__ = "linkage"
    __table_args__ = (
        sa.Index(
            "uq_linkage_deal",
            "local_company_id",
            "international_company_id",
            "need_id",
            unique=True,
            sqlite_where=sa.text(SAME_DEAL),
            postgresql_where=sa.text(SAME_DEAL),
        ),
        sa.Index(
            "uq_linkage_deal_without_need",
            "local_company_id",
            "international_company_id",
            unique=True,
            sqlite_where=sa.text(SAME_DEAL_WITHOUT_NEED),
            postgresql_where=sa.text(SAME_DEAL_WITHOUT_NEED),
        ),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    local_company_id: uuid.UUID = Field(foreign_key="company.id", index=True)
    international_company_id: uuid.UUID = Field(foreign_key="company.id", index=True)
    need_id: uuid.UUID | None = Field(default=None, foreign_key="partner_need.id")
    linkage_type: str = Field(max_length=20)
    stage: str = Field(max_length=20, index=True)
    # money stored exactly: integer minor units next to the ISO 4217 code
    contract_value_minor: int | None = Field(default=None, sa_type=sa.BigInteger)
    contract_currency: str | None = Field(default=None, max_length=3)
    signed_on: date | None = None
    jobs_created: int | None = None
    cohort_id: uuid.UUID | None = Field(default=None, index=True)
    notes: str | None = Field(default=None, max_length=5000)
    separate_contract: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    version: int = 1
