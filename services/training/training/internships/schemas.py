"""Request and response bodies of internships."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from shared.errors import InvalidValue
from shared.i18n import message
from shared.inputs import Input, Name, ProgrammeDate, Text, not_null
from shared.money import Money
from training.messages import MESSAGES
from training.vocabulary import Price


class InternshipStatus(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


InternshipKind = Literal["short", "long"]
CostItemKind = Literal["travel", "stay", "other"]


class CostItemInput(Input):
    item: CostItemKind
    amount: Price


class InternshipCreate(Input):
    company_id: uuid.UUID
    cohort_id: uuid.UUID
    trainee_id: uuid.UUID | None = None
    kind: InternshipKind = Field(
        description="short: top managers, 10 days to 4 weeks; long: IT specialists, 3 to 6 "
        "months at an international company"
    )
    host_company_id: uuid.UUID | None = Field(
        default=None, description="the international company that hosts (required for long)"
    )
    host_name: Name | None = None
    purpose: Text = Field(min_length=1)
    starts_on: ProgrammeDate | None = None
    ends_on: ProgrammeDate | None = None
    estimated_cost: list[CostItemInput] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _ends_after_start(self) -> InternshipCreate:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise InvalidValue(message(MESSAGES["ends_not_before_start"]))
        return self


class InternshipUpdate(Input):
    """Details filled in while the internship is proposed; absent fields stay."""

    trainee_id: uuid.UUID | None = None
    host_company_id: uuid.UUID | None = None
    host_name: Name | None = None
    purpose: Text | None = Field(default=None, min_length=1)
    starts_on: ProgrammeDate | None = None
    ends_on: ProgrammeDate | None = None
    estimated_cost: list[CostItemInput] | None = Field(default=None, max_length=20)

    _required = not_null("purpose", "estimated_cost")


class InternshipReport(Input):
    """What was learned, and by whom: the completion's record."""

    learned: Text = Field(min_length=1)
    written_by: Name


class InternshipStatusChange(Input):
    status: Literal["approved", "in_progress", "completed", "cancelled"]
    report: InternshipReport | None = Field(default=None, description="required to complete")
    reason: Text | None = Field(default=None, description="why it is cancelled")


class CostItemRead(BaseModel):
    item: CostItemKind
    amount: Money


class InternshipRead(BaseModel):
    id: uuid.UUID
    company_id: uuid.UUID
    cohort_id: uuid.UUID
    need_id: uuid.UUID | None
    trainee_id: uuid.UUID | None
    staff_member: str | None = Field(
        description="as the development plan named them, only for plans approved before "
        "events stopped carrying names; newer ones have staff_member_id"
    )
    staff_member_id: uuid.UUID | None = Field(
        description="the development plan's id of the staff member"
    )
    kind: InternshipKind
    host_company_id: uuid.UUID | None
    host_name: str | None
    purpose: str
    starts_on: date | None
    ends_on: date | None
    estimated_cost: list[CostItemRead]
    status: InternshipStatus
    report: InternshipReport | None
    decided_by: str | None
    approved_at: datetime | None
    cancelled_at: datetime | None
    cancellation_reason: str | None
    created_at: datetime
    updated_at: datetime
    version: int
