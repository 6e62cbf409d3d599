"""Request and response bodies of cohorts, board members and quarterly reviews."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from assessment.company_facts.eligibility import Thresholds
from assessment.messages import MESSAGES
from shared.errors import InvalidValue
from shared.events.assessment import CohortStatus
from shared.i18n import message
from shared.inputs import Input, Name, ProgrammeDate, Subject, Text, not_null


class CohortCreate(Input):
    name: Name
    description: Text | None = None
    starts_on: ProgrammeDate
    ends_on: ProgrammeDate | None = Field(
        default=None, description="default: 12 months after starts_on, minus one day"
    )
    max_companies: int = Field(default=20, ge=1, le=1000)
    max_nominations_per_partner: int = Field(default=4, ge=1, le=100)
    thresholds: Thresholds = Field(default_factory=Thresholds)

    @field_validator("ends_on")
    @classmethod
    def _ends_after_start(cls, ends_on: date | None, info: ValidationInfo) -> date | None:
        starts_on = info.data.get("starts_on")
        if ends_on is not None and starts_on is not None and ends_on <= starts_on:
            raise InvalidValue(message(MESSAGES["ends_after_start"]))
        return ends_on


class CohortUpdate(Input):
    """Fields to change; absent fields stay as they are."""

    name: Name | None = None
    description: Text | None = None
    starts_on: ProgrammeDate | None = None
    ends_on: ProgrammeDate | None = None
    max_companies: int | None = Field(default=None, ge=1, le=1000)
    max_nominations_per_partner: int | None = Field(default=None, ge=1, le=100)
    thresholds: Thresholds | None = None

    _required = not_null(
        "name", "starts_on", "ends_on", "max_companies", "max_nominations_per_partner", "thresholds"
    )


class CohortRead(BaseModel):
    id: uuid.UUID
    name: str
    description: str | None
    starts_on: date
    ends_on: date
    max_companies: int
    max_nominations_per_partner: int
    thresholds: Thresholds
    status: CohortStatus
    nomination_round: int = Field(
        description="1: international companies nominate; 2: programme manager and ministry"
    )
    selected_count: int = Field(description="companies selected so far")
    created_at: datetime
    updated_at: datetime
    version: int


class CohortStatusChange(Input):
    status: CohortStatus


class NominationRoundChange(Input):
    round: Literal[2] = Field(description="only ever forward, to round 2")


BoardRole = Literal["selection_board", "international_company", "ministry", "programme_manager"]


class BoardMemberCreate(Input):
    subject: Subject = Field(description="the member's API client id (token subject)")
    role: BoardRole = Field(description="the role the member's token carries")
    name: Name
    organisation: Name | None = None


class BoardMemberRead(BaseModel):
    id: uuid.UUID
    cohort_id: uuid.UUID
    subject: str
    role: BoardRole
    name: str
    organisation: str | None
    created_at: datetime


class ReviewDecision(Input):
    text: Text = Field(min_length=1)
    owner: Name | None = None
    due_on: ProgrammeDate | None = None


class ReviewCreate(Input):
    held_on: ProgrammeDate
    notes: Text
    decisions: list[ReviewDecision] = Field(default_factory=list, max_length=100)


class ReviewUpdate(Input):
    held_on: ProgrammeDate | None = None
    notes: Text | None = None
    decisions: list[ReviewDecision] | None = Field(default=None, max_length=100)

    _required = not_null("held_on", "notes", "decisions")


class ReviewRead(BaseModel):
    id: uuid.UUID
    cohort_id: uuid.UUID
    held_on: date
    quarter: int = Field(
        description="the cohort quarter the review falls in: 1 for its first three months"
    )
    notes: str
    decisions: list[ReviewDecision]
    recorded_by: str
    created_at: datetime
    updated_at: datetime
    version: int
