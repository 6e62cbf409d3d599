"""Events the registry service publishes (``blp.registry.*``).

Payloads only grow (new optional fields); a breaking change is a new type ending ``_v2``.
Company events carry the company's ``version``: consumers keep a read model only ever
moving forward, so a late or duplicate event can never roll a company back.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from shared.events.base import Event
from shared.money import Money
from shared.statuses import declare

CompanyKind = Literal["local", "international"]
CompanyStatus = Literal["active", "inactive", "out_of_business"]
COMPANY_STATUSES = declare(
    "company",
    "status",
    CompanyStatus,
    {
        "active": {"en": "active", "ru": "действующая", "kk": "жұмыс істеп тұр"},
        "inactive": {
            "en": "inactive",
            "ru": "деятельность приостановлена",
            "kk": "қызметі тоқтатылған",
        },
        "out_of_business": {
            "en": "out of business",
            "ru": "прекратила деятельность",
            "kk": "қызметін тоқтатты",
        },
    },
)
"""A company's status as a person reads it: the registry owns it and lists it among its
statuses; the assessment names it when it refuses an inactive nominee."""
Publication = Literal["draft", "published"]


class CompanyFacts(BaseModel):
    """What other services may know about a company (no contacts, no personal data)."""

    company_id: uuid.UUID
    version: int = Field(ge=1)
    kind: CompanyKind
    bin: str | None = None
    display_name: str
    segments: list[str] = Field(default_factory=list)
    in_scope: bool
    region: str | None = None
    city: str | None = None
    employees: int | None = None
    founded_on: date | None = None
    private_sector_share: int | None = Field(default=None, ge=0, le=100)
    status: CompanyStatus
    publication: Publication


class CompanyRegistered(Event):
    """A company profile was created."""

    event_type = "blp.registry.company.registered"
    subject_field = "company_id"

    company_id: uuid.UUID
    company: CompanyFacts


class CompanyUpdated(Event):
    """A company profile changed; ``changed_fields`` names what changed."""

    event_type = "blp.registry.company.updated"
    subject_field = "company_id"

    company_id: uuid.UUID
    company: CompanyFacts
    changed_fields: list[str] = Field(default_factory=list)


class CompanyPublished(Event):
    """Programme staff reviewed the profile and made it public."""

    event_type = "blp.registry.company.published"
    subject_field = "company_id"

    company_id: uuid.UUID
    company: CompanyFacts
    published_at: datetime


class CompanyStatusChanged(Event):
    """A company became active, inactive or went out of business."""

    event_type = "blp.registry.company.status_changed"
    subject_field = "company_id"

    company_id: uuid.UUID
    company: CompanyFacts
    previous_status: CompanyStatus


class LinkageRecorded(Event):
    """A linkage between a local and an international company was recorded or moved on."""

    event_type = "blp.registry.linkage.recorded"
    subject_field = "linkage_id"

    linkage_id: uuid.UUID
    local_company_id: uuid.UUID
    international_company_id: uuid.UUID
    linkage_type: Literal["backward", "forward", "horizontal"]
    stage: Literal["contacted", "negotiating", "agreement", "contract_signed", "dropped"]
    contract_value: Money | None = None
    signed_on: date | None = None
    jobs_created: int | None = None
    cohort_id: uuid.UUID | None = None
