"""What request bodies are made of: strict models and bounded, NUL-free strings.

Every service's request bodies derive from ``Input``. PostgreSQL refuses NUL in text, so a
NUL must be a 422 naming the field at the edge rather than a failed INSERT halfway through a
request; SQLite would store it and the engines would then disagree. Cyrillic, Kazakh
letters and emoji are ordinary text and round-trip untouched.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from shared.errors import InvalidValue
from shared.i18n import KIT, message
from shared.text import no_nul

Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=r"\S"),
    AfterValidator(no_nul),
]
"""A name or a label: 1-200 characters after trimming. The pattern tells the OpenAPI
document what trimming means: a name of only spaces (or U+0085) is no name."""

Text = Annotated[str, StringConstraints(max_length=20_000), AfterValidator(no_nul)]
"""Free text: notes, comments, report sections."""

Subject = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=r"\S"),
    AfterValidator(no_nul),
]
"""A token subject: the API client id of a person or system (board member, assessor)."""

ProgrammeDate = Annotated[date, Field(ge=date(2000, 1, 1), le=date(2100, 12, 31))]
"""A date in the programme's calendar: cohorts, reviews, visits (2000-2100)."""

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _written_iso(value: Any) -> Any:
    """Pydantic also reads a number ("0") as a Unix time; the OpenAPI document says a date
    (time) is ISO 8601, and a query saying otherwise is a 422, not 1970."""
    if isinstance(value, str) and not _ISO_DAY.match(value):
        raise InvalidValue(message(KIT["iso_date"]))
    return value


IsoDate = Annotated[date, BeforeValidator(_written_iso)]
"""A date in a query (``?from=2027-01-01``): ISO 8601 only."""

IsoDateTime = Annotated[datetime, BeforeValidator(_written_iso)]
"""A time in a query (``?as_of=2027-03-31T23:59:59+05:00``): ISO 8601 only."""


def _refuse_nul(value: Any) -> None:
    if isinstance(value, str):
        no_nul(value)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _refuse_nul(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(key)
            _refuse_nul(item)


class Input(BaseModel):
    """The base of every request body.

    Unknown fields are refused (a misspelt field is a 422, not silently lost), and no text
    anywhere in the body, lists and mappings included, may hold a NUL. Nested models are
    ``Input`` too, so they check their own fields.
    """

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        _refuse_nul(value)
        return value


def not_null(*fields: str) -> Any:
    """A validator for a PATCH body: these fields may be left out, but not sent as null
    (which would mean clearing something that must have a value)."""

    def refuse_null(cls: type[BaseModel], value: Any) -> Any:
        if value is None:
            raise InvalidValue(message(KIT["not_null"]))
        return value

    return field_validator(*fields, mode="before")(refuse_null)
