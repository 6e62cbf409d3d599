"""Read models of exchange rates and conversions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field

from finance.exchange_rates.models import ExchangeRate
from finance.exchange_rates.schemas import ExchangeRateRead
from finance.exchange_rates.service import per_unit
from shared.money import Money


def rate_read(rate: ExchangeRate) -> ExchangeRateRead:
    return ExchangeRateRead(
        id=rate.id,
        base=rate.base,
        quote=rate.quote,
        on=rate.on,
        rate=Decimal(rate.rate),
        unit=rate.unit,
        per_unit=per_unit(rate),
        source=rate.source,
        rate_type=rate.rate_type,
        created_by=rate.created_by,
        created_at=rate.created_at,
    )


class ConversionRead(BaseModel):
    amount: Money
    converted: Money = Field(description="rounded half-even to the target's minor unit")
    on: date
    rate: ExchangeRateRead | None = Field(description="the rate used (null: same currency)")
