"""Request and response bodies of exchange rates."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)

from finance.amounts import Currency, DecimalText, _no_float
from finance.messages import MESSAGES
from shared.errors import InvalidValue
from shared.i18n import message
from shared.inputs import Input, ProgrammeDate

RateType = Literal["official", "market", "budget"]
Source = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,49}$", min_length=2, max_length=50)
]
Rate = Annotated[
    Decimal,
    BeforeValidator(_no_float),
    Field(ge=0, max_digits=18, decimal_places=6, description='e.g. "478.53"'),
    WithJsonSchema(
        {"type": "string", "pattern": r"^[0-9]{1,12}(\.[0-9]{1,6})?$", "examples": ["478.53"]}
    ),
]
"""Above zero (checked by the service: a pattern cannot say it), at most six places."""
DEFAULT_SOURCE = "nbk"
"""The National Bank of Kazakhstan's official rates: the default source."""
QUOTING_UNITS = (1, 10, 100, 1000)


class ExchangeRateCreate(Input):
    """``unit`` units of ``base`` cost ``rate`` ``quote`` on the date ``on``."""

    base: Currency
    quote: Currency
    on: ProgrammeDate
    rate: Rate
    unit: int = Field(
        default=1,
        description="how many units of base the rate is quoted for (NBK: 1, 10, 100)",
        json_schema_extra={"enum": list(QUOTING_UNITS)},
    )
    source: Source = DEFAULT_SOURCE
    rate_type: RateType = "official"

    @field_validator("unit")
    @classmethod
    def _quoting_unit(cls, unit: int) -> int:
        if unit not in QUOTING_UNITS:
            units = ", ".join(map(str, QUOTING_UNITS))
            raise InvalidValue(message(MESSAGES["quoting_unit"], units=units))
        return unit


class ExchangeRateRead(BaseModel):
    id: uuid.UUID
    base: str
    quote: str
    on: date
    rate: DecimalText
    unit: int
    per_unit: DecimalText = Field(description="rate / unit: one unit of base in quote")
    source: str
    rate_type: RateType
    created_by: str
    created_at: datetime


class ImportRead(BaseModel):
    imported: int = Field(description="rates recorded")
    unchanged: int = Field(description="rows equal to a rate already stored: left alone")
