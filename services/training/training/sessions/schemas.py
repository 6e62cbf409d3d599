"""Request and response bodies of course sessions."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, Field, model_validator

from shared.errors import InvalidValue
from shared.i18n import message
from shared.inputs import Input, ProgrammeDate, not_null
from training.messages import MESSAGES
from training.vocabulary import City, Language


class SessionCreate(Input):
    course_id: uuid.UUID
    starts_on: ProgrammeDate
    ends_on: ProgrammeDate
    city: City = Field(description="online, or in person in astana or almaty")
    language: Language | None = Field(
        default=None, description="the language it is taught in (one of the course's)"
    )
    seat_limit: int = Field(ge=1, le=1000)

    @model_validator(mode="after")
    def _ends_after_start(self) -> SessionCreate:
        if self.ends_on < self.starts_on:
            raise InvalidValue(message(MESSAGES["ends_not_before_start"]))
        return self


class SessionUpdate(Input):
    """Fields to change; absent fields stay as they are."""

    starts_on: ProgrammeDate | None = None
    ends_on: ProgrammeDate | None = None
    seat_limit: int | None = Field(default=None, ge=1, le=1000)

    _required = not_null("starts_on", "ends_on", "seat_limit")


class SessionRead(BaseModel):
    id: uuid.UUID
    course_id: uuid.UUID
    starts_on: date
    ends_on: date
    city: City
    language: Language | None
    seat_limit: int
    seats_taken: int = Field(description="enrolments holding a seat (enrolled or completed)")
    seats_left: int
    created_at: datetime
    updated_at: datetime
    version: int
