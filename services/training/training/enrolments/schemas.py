"""Request and response bodies of enrolments."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, Field, model_validator

from shared.errors import InvalidValue
from shared.events.training import TrainingModule
from shared.i18n import message
from shared.inputs import Input, Text
from shared.money import Money
from training.messages import MESSAGES


class EnrolmentStatus(StrEnum):
    ENROLLED = "enrolled"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"


class EnrolmentCreate(Input):
    need_id: uuid.UUID = Field(description="the open training need this enrolment fulfils")
    trainee_id: uuid.UUID
    course_id: uuid.UUID | None = Field(
        default=None, description="the approved course (may be left out when a session is given)"
    )
    session_id: uuid.UUID | None = Field(default=None, description="a dated session of the course")

    @model_validator(mode="after")
    def _course_or_session(self) -> EnrolmentCreate:
        if self.course_id is None and self.session_id is None:
            raise InvalidValue(message(MESSAGES["course_or_session"]))
        return self


class EnrolmentCompletion(Input):
    passed: bool


class EnrolmentWithdrawal(Input):
    reason: Text | None = None


class EnrolmentRead(BaseModel):
    id: uuid.UUID
    company_id: uuid.UUID
    cohort_id: uuid.UUID
    trainee_id: uuid.UUID
    course_id: uuid.UUID
    session_id: uuid.UUID | None
    need_id: uuid.UUID
    status: EnrolmentStatus
    passed: bool | None
    warnings: list[str] = Field(
        description="accepted but worth a look, e.g. `language_mismatch`: the course is not "
        "taught in a language the trainee speaks"
    )
    module: TrainingModule
    list_price: Money = Field(description="the course's list price when enrolled")
    vendor_discount_percent: Decimal
    enrolled_by: str
    enrolled_at: datetime
    completed_at: datetime | None
    withdrawn_at: datetime | None
    withdrawal_reason: str | None
    created_at: datetime
    updated_at: datetime
    version: int
