"""Exact numbers in request bodies: percentages and quantities as decimals, never floats.

A JSON number with a fraction reaches Python as a float, which has already lost exactness
(0.1 is not 0.1); like ``shared.money.Money``, these types take integers or decimal strings
and refuse floats with a message saying so.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, WithJsonSchema

from finance.messages import MESSAGES
from shared.errors import InvalidValue
from shared.i18n import KIT, message
from shared.money import MINOR_UNITS


def _no_float(value: Any) -> Any:
    if isinstance(value, float):
        raise InvalidValue(message(MESSAGES["decimal_not_float"]))
    return value


Percent = Annotated[
    Decimal,
    BeforeValidator(_no_float),
    Field(ge=0, le=100, max_digits=5, decimal_places=2),
    PlainSerializer(lambda d: f"{d:f}", return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^(100(\.0{1,2})?|[0-9]{1,2}(\.[0-9]{1,2})?)$",
            "examples": ["22.5"],
        }
    ),
]
"""A share in percent, 0-100 with at most two decimal places."""

Quantity = Annotated[
    Decimal,
    BeforeValidator(_no_float),
    Field(ge=0, lt=Decimal("1e9"), decimal_places=3),
    PlainSerializer(lambda d: f"{d:f}", return_type=str),
    WithJsonSchema(
        {"type": "string", "pattern": r"^[0-9]{1,9}(\.[0-9]{1,3})?$", "examples": ["2.4"]}
    ),
]
"""How many units (trainees, days, months of 20 % of a person): at most three places."""


def _known_currency(value: str) -> str:
    code = value.upper()
    if code not in MINOR_UNITS:
        raise InvalidValue(
            message(
                KIT["currency_unsupported"],
                currency=repr(value),
                currencies=str(sorted(MINOR_UNITS)),
            )
        )
    return code


DecimalText = Annotated[Decimal, PlainSerializer(lambda d: f"{d:f}", return_type=str)]
"""A decimal in a response: its exact text, never a float."""

Currency = Annotated[
    str,
    AfterValidator(_known_currency),
    WithJsonSchema({"type": "string", "enum": sorted(MINOR_UNITS), "examples": ["USD", "KZT"]}),
]
"""An ISO 4217 code the programme deals in (``shared.money.MINOR_UNITS``)."""
