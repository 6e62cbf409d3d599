"""Request and response bodies of programme events."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

from shared.inputs import Input, Name, ProgrammeDate, Text, not_null
from shared.money import Money
from training.vocabulary import Price


class ProgrammeEventStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


ProgrammeEventKind = Literal["graduation", "networking"]


def _distinct(ids: list[uuid.UUID]) -> list[uuid.UUID]:
    return list(dict.fromkeys(ids))


CompanyIds = Annotated[list[uuid.UUID], Field(max_length=500), AfterValidator(_distinct)]


class ProgrammeEventCreate(Input):
    cohort_id: uuid.UUID | None = Field(default=None, description="the cohort it is for, if one")
    kind: ProgrammeEventKind
    title: Name
    held_on: ProgrammeDate
    place: Name
    estimated_cost: Price
    sponsor_company_ids: CompanyIds = Field(
        default_factory=list,
        description="international companies co-financing it (20 % of the annual event)",
    )
    invited_company_ids: CompanyIds = Field(default_factory=list)


class ProgrammeEventUpdate(Input):
    """Fields to change; a change of date, cost or sponsors reschedules it for finance."""

    title: Name | None = None
    held_on: ProgrammeDate | None = None
    place: Name | None = None
    estimated_cost: Price | None = None
    sponsor_company_ids: CompanyIds | None = None
    invited_company_ids: CompanyIds | None = None
    attending_company_ids: CompanyIds | None = None

    _required = not_null(
        "title",
        "held_on",
        "place",
        "estimated_cost",
        "sponsor_company_ids",
        "invited_company_ids",
        "attending_company_ids",
    )


class ProgrammeEventCancellation(Input):
    reason: Text | None = None


class ProgrammeEventRead(BaseModel):
    id: uuid.UUID
    cohort_id: uuid.UUID | None
    kind: ProgrammeEventKind
    title: str
    held_on: date
    place: str
    estimated_cost: Money
    sponsor_company_ids: list[uuid.UUID]
    invited_company_ids: list[uuid.UUID]
    attending_company_ids: list[uuid.UUID]
    status: ProgrammeEventStatus
    cancelled_at: datetime | None
    cancellation_reason: str | None
    created_at: datetime
    updated_at: datetime
    version: int
