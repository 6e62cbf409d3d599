"""Company profiles and what hangs off them: segments, capabilities, products,
certifications, contacts, the search document and the change history."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from registry.models import Base
from shared.db import UtcDateTime, utcnow


class Company(Base, table=True):
    __tablename__ = "company"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    kind: str = Field(max_length=20, index=True)
    bin: str | None = Field(default=None, max_length=12, unique=True)
    foreign_registration_number: str | None = Field(default=None, max_length=100)
    country: str = Field(default="KZ", max_length=2)
    display_name: str = Field(max_length=300)
    name_kk: str | None = Field(default=None, max_length=300)
    name_ru: str | None = Field(default=None, max_length=300)
    name_en: str | None = Field(default=None, max_length=300)
    # Latin phonetic skeleton of display_name: one order for every script, on both engines
    name_key: str = Field(max_length=400, index=True)
    oked_codes: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    tags: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    in_scope: bool = Field(index=True)
    region: str | None = Field(default=None, max_length=50, index=True)
    city: str | None = Field(default=None, max_length=50)
    address: str | None = Field(default=None, max_length=500)
    website: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, max_length=5000)
    employees: int | None = Field(default=None, index=True)
    founded_on: date | None = None
    private_sector_share: int | None = None
    status: str = Field(default="active", max_length=20, index=True)
    publication: str = Field(default="draft", max_length=20, index=True)
    published_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    last_verified_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, index=True)
    version: int = Field(default=1)


class CompanySegment(Base, table=True):
    __tablename__ = "company_segment"

    company_id: uuid.UUID = Field(foreign_key="company.id", primary_key=True, ondelete="CASCADE")
    segment: str = Field(max_length=50, primary_key=True, index=True)


class CompanyCapability(Base, table=True):
    __tablename__ = "company_capability"

    company_id: uuid.UUID = Field(foreign_key="company.id", primary_key=True, ondelete="CASCADE")
    capability: str = Field(max_length=50, primary_key=True, index=True)


class CompanyProduct(Base, table=True):
    __tablename__ = "company_product"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    company_id: uuid.UUID = Field(foreign_key="company.id", index=True, ondelete="CASCADE")
    ordinal: int = 0
    name: str = Field(max_length=300)
    category: str = Field(max_length=50, index=True)
    description: str | None = Field(default=None, max_length=2000)


class CompanyCertification(Base, table=True):
    """A certification the company declares (verified ones come from training's events)."""

    __tablename__ = "company_certification"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    company_id: uuid.UUID = Field(foreign_key="company.id", index=True, ondelete="CASCADE")
    ordinal: int = 0
    kind: str = Field(max_length=30)
    vendor: str = Field(max_length=200)
    vendor_key: str = Field(max_length=200, index=True)
    name: str = Field(max_length=300)
    name_key: str = Field(max_length=300, index=True)
    level: str | None = Field(default=None, max_length=100)
    staff_count: int | None = None
    expires_on: date | None = None


class CompanyContact(Base, table=True):
    """Personal data: programme staff and the company itself see every contact; international
    companies (partners) only those the company marked ``public``."""

    __tablename__ = "company_contact"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    company_id: uuid.UUID = Field(foreign_key="company.id", index=True, ondelete="CASCADE")
    ordinal: int = 0
    name: str = Field(max_length=300)
    position: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=300)
    phone: str | None = Field(default=None, max_length=50)
    # shown to international companies (partners) on profiles and shortlists (registry_0011)
    public: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})


class CompanySearch(Base, table=True):
    """The full-text document of a company, in the transliteration skeleton.

    Indexed by FTS5 on SQLite and by a tsvector GIN index on PostgreSQL (see the migration).
    """

    __tablename__ = "company_search"

    rowid: int | None = Field(default=None, primary_key=True)
    company_id: uuid.UUID = Field(foreign_key="company.id", unique=True, ondelete="CASCADE")
    # the names in every language: a search ranks companies whose names match first
    names: str = Field(default="", sa_type=sa.Text, sa_column_kwargs={"server_default": ""})
    # everything a search matches, the names included
    document: str = Field(sa_type=sa.Text)
    # the codes the company is filed under, "capability=cloud_hosting region=astana ...":
    # PostgreSQL's relevance walk checks a search's filters on them (codes_tsv, registry_0009)
    codes: str = Field(default="", sa_type=sa.Text, sa_column_kwargs={"server_default": ""})


class CompanyListing(Base, table=True):
    """What a search result shows of a company's child rows, kept ready to read.

    ``lists`` holds the seven lists of ``service.Details`` as the database's JSON functions
    build them from the tables (``service.refresh_details``, called in the transaction of
    every change to them), so a result page reads one row per company instead of running
    seven correlated subqueries for each. A table of its own, not a column of the search
    row: rewriting that would re-index its text (FTS5 triggers, PostgreSQL's generated
    tsvectors).
    """

    __tablename__ = "company_listing"

    company_id: uuid.UUID = Field(foreign_key="company.id", primary_key=True, ondelete="CASCADE")
    lists: Any = Field(sa_type=sa.JSON)


class CompanyChange(Base, table=True):
    """One recorded change: who, when, what it was before and after."""

    __tablename__ = "company_change"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    company_id: uuid.UUID = Field(foreign_key="company.id", index=True, ondelete="CASCADE")
    version: int
    action: str = Field(max_length=50)
    actor: str = Field(max_length=200)
    actor_role: str | None = Field(default=None, max_length=50)
    request_id: str | None = Field(default=None, max_length=128)
    changed_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    before: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    after: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
