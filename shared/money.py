"""Money: exact decimal amounts with their ISO 4217 currency, and splits that add up.

Amounts are ``Decimal``; storage is integer minor units (SQLite has no exact decimal) next to
the currency code. Arithmetic never mixes currencies. Splits use the largest-remainder
method, so the shares always add up to the total to the last tiyn or cent.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from shared.errors import InvalidValue
from shared.i18n import KIT, Text, message

# minor-unit exponents of the currencies the programme deals in (ISO 4217)
MINOR_UNITS: dict[str, int] = {
    "KZT": 2,
    "USD": 2,
    "EUR": 2,
    "GBP": 2,
    "RUB": 2,
    "CNY": 2,
    "TRY": 2,
    "KRW": 0,
    "JPY": 0,
    "CHF": 2,
    "AED": 2,
    "INR": 2,
    "UZS": 2,
    "KGS": 2,
}
MAX_AMOUNT = Decimal("1e15")

DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"
"""A decimal string as the API writes it (``"1234.50"``, ``"-3"``): no exponent, no spaces.
``shared.openapi`` puts it on every Decimal field of a service's document."""
AMOUNT_PATTERN = r"^-?[0-9]{1,15}(\.[0-9]{1,2})?$"
"""A money amount: below ``MAX_AMOUNT``, at most two decimal places (none for KRW and JPY,
a rule on the currency the pattern cannot carry)."""
UNSIGNED_AMOUNT_PATTERN = AMOUNT_PATTERN.removeprefix("^-?").join(("^", ""))
"""An amount that cannot be negative (``NonNegativeMoney``): the same without the minus."""
PERCENT_PATTERN = r"^(100(\.0{1,2})?|[0-9]{1,2}(\.[0-9]{1,2})?)$"
"""A percentage from 0 to 100 with at most two decimal places (``PercentString``)."""

DecimalString = Annotated[
    Decimal,
    PlainSerializer(lambda d: f"{d:f}", return_type=str),
    WithJsonSchema({"type": "string", "pattern": DECIMAL_PATTERN}),
]


def _decimal_text(pattern: str, shape: Text) -> Any:
    """A before-validator: JSON numbers refused (a float cannot carry decimals exactly), and
    any string ``pattern`` refuses, so that the documented pattern is the whole contract."""

    def check(value: object) -> object:
        if isinstance(value, int | float):
            raise InvalidValue(message(KIT["decimal_not_number"], shape=shape))
        if isinstance(value, str) and not re.fullmatch(pattern, value):
            raise InvalidValue(message(KIT["decimal_shape"], shape=shape))
        return value

    return BeforeValidator(check)


PercentString = Annotated[
    Decimal,
    _decimal_text(PERCENT_PATTERN, message(KIT["percent_shape"])),
    Field(ge=0, le=100, decimal_places=2),
    PlainSerializer(lambda d: f"{d:f}", return_type=str),
    WithJsonSchema({"type": "string", "pattern": PERCENT_PATTERN, "examples": ["91.5"]}),
]
"""A percentage in a request or response (a score): a decimal string, never a number."""


class Money(BaseModel):
    """``{"amount": "1234.50", "currency": "USD"}``: a decimal string, never a float."""

    model_config = ConfigDict(frozen=True)
    amount_pattern: ClassVar[str] = AMOUNT_PATTERN

    amount: DecimalString = Field(
        description='decimal string, e.g. "1234.50"',
        json_schema_extra={"pattern": AMOUNT_PATTERN, "examples": ["1234.50"]},
    )
    currency: str = Field(
        description="ISO 4217 code",
        examples=["KZT", "USD"],
        json_schema_extra={"enum": sorted(MINOR_UNITS)},
    )

    @field_validator("amount", mode="before")
    @classmethod
    def _decimal_string(cls, value: object) -> object:
        """JSON numbers are refused (a float cannot carry cents exactly), and so is any string
        the documented pattern refuses, so the document and the service agree."""
        if isinstance(value, int | float):
            raise InvalidValue(message(KIT["amount_not_number"]))
        if isinstance(value, str) and not re.fullmatch(cls.amount_pattern, value):
            if value.startswith("-") and cls.amount_pattern == UNSIGNED_AMOUNT_PATTERN:
                raise InvalidValue(message(KIT["amount_negative"]))
            raise InvalidValue(message(KIT["amount_shape"]))
        return value

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
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

    @field_validator("amount")
    @classmethod
    def _sane_amount(cls, value: Decimal) -> Decimal:
        if not value.is_finite() or abs(value) >= MAX_AMOUNT:
            raise InvalidValue(message(KIT["amount_out_of_range"]))
        return value

    @model_validator(mode="after")
    def _fits_minor_unit(self) -> Money:
        exponent = MINOR_UNITS[self.currency]
        if self.amount != self.amount.quantize(Decimal(1).scaleb(-exponent)):
            raise InvalidValue(
                message(KIT["currency_decimals"], currency=self.currency, exponent=exponent)
            )
        return self

    @classmethod
    def of(cls, amount: str | int | Decimal, currency: str) -> Money:
        try:
            return cls(amount=Decimal(str(amount)), currency=currency)
        except InvalidOperation as exc:
            raise ValueError(f"not a decimal amount: {amount!r}") from exc

    @property
    def minor(self) -> int:
        """The amount in minor units (tiyn, cents), exact."""
        return int(self.amount.scaleb(MINOR_UNITS[self.currency]))

    @classmethod
    def from_minor(cls, minor: int, currency: str) -> Money:
        exponent = MINOR_UNITS[currency.upper()]
        return cls(
            amount=Decimal(minor).scaleb(-exponent).quantize(Decimal(1).scaleb(-exponent)),
            currency=currency,
        )

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money.from_minor(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money.from_minor(self.minor - other.minor, self.currency)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"cannot combine {self.currency} with {other.currency}")

    def split(self, weights: list[Decimal]) -> list[Money]:
        """Shares in proportion to ``weights`` that add up to exactly this amount."""
        return [Money.from_minor(m, self.currency) for m in split_minor(self.minor, weights)]

    def times(self, factor: Decimal) -> Money:
        """This amount scaled, rounded half-even to the currency's minor unit."""
        exponent = MINOR_UNITS[self.currency]
        scaled = (self.amount * factor).quantize(Decimal(1).scaleb(-exponent), ROUND_HALF_EVEN)
        return Money(amount=scaled, currency=self.currency)


class NonNegativeMoney(Money):
    """Money that cannot be below zero (a price, a cost, a payment): its document pattern has
    no minus sign, so a client learns the rule from the schema, not from a 422."""

    amount_pattern: ClassVar[str] = UNSIGNED_AMOUNT_PATTERN
    amount: DecimalString = Field(
        description='decimal string, zero or more, e.g. "1234.50"',
        json_schema_extra={"pattern": UNSIGNED_AMOUNT_PATTERN, "examples": ["1234.50"]},
    )

    @field_validator("amount")
    @classmethod
    def _not_negative(cls, value: Decimal) -> Decimal:
        if value < 0:  # a Decimal the code passed in, which the pattern did not see
            raise InvalidValue(message(KIT["amount_negative"]))
        return value

    @model_validator(mode="before")
    @classmethod
    def _from_money(cls, value: object) -> object:
        """A ``Money`` the code built (``Money.from_minor``) is checked like a request's."""
        if isinstance(value, Money) and not isinstance(value, NonNegativeMoney):
            return {"amount": value.amount, "currency": value.currency}
        return value


def split_minor(total: int, weights: list[Decimal]) -> list[int]:
    """Largest-remainder apportionment of ``total`` minor units; ties go to the earlier share."""
    if not weights or any(w < 0 for w in weights) or sum(weights) == 0:
        raise ValueError("weights must be non-negative and not all zero")
    weight_sum = sum(weights)
    sign = -1 if total < 0 else 1
    exact = [Decimal(abs(total)) * w / weight_sum for w in weights]
    floors = [int(e) for e in exact]
    short = abs(total) - sum(floors)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for index in by_remainder[:short]:
        floors[index] += 1
    return [sign * f for f in floors]
