"""Request and response bodies of trainees."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from shared.inputs import Input, Name, not_null
from training.vocabulary import Language, unique

Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
]
"""An address with one @ and a dotted domain; whether it delivers is the company's affair."""

Languages = Annotated[list[Language], Field(min_length=1, max_length=3), AfterValidator(unique)]


class TraineeCreate(Input):
    company_id: uuid.UUID | None = Field(
        default=None, description="staff must name the company; a company user's is its own"
    )
    name: Name
    function: Name | None = Field(default=None, examples=["Сетевой инженер"])
    languages: Languages = Field(description="languages the trainee can study in")
    email: Email | None = None


class TraineeUpdate(Input):
    """Fields to change; absent fields stay as they are."""

    name: Name | None = None
    function: Name | None = None
    languages: Languages | None = None
    email: Email | None = None

    _required = not_null("name", "languages")


class TraineeRead(BaseModel):
    id: uuid.UUID
    company_id: uuid.UUID
    name: str
    function: str | None
    languages: list[Language]
    email: str | None
    created_at: datetime
    updated_at: datetime
    version: int
