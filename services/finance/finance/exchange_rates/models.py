"""Exchange rates. A rate is kept as the exact decimal text it was published as."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from finance.models import Base
from shared.db import UtcDateTime


class ExchangeRate(Base, table=True):
    """``unit`` units of ``base`` cost ``rate`` ``quote`` on ``on`` (e.g. the National Bank
    of Kazakhstan quotes 100 JPY = 326.94 KZT: base JPY, quote KZT, unit 100)."""

    __tablename__ = "exchange_rate"
    __table_args__ = (sa.UniqueConstraint("base", "quote", "on", "source", "rate_type"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    base: str = Field(sa_type=sa.String(3))
    quote: str = Field(sa_type=sa.String(3))
    on: date = Field(index=True)
    rate: str = Field(sa_type=sa.String(40))
    unit: int
    source: str = Field(sa_type=sa.String(50))
    rate_type: str = Field(sa_type=sa.String(20))
    created_by: str = Field(sa_type=sa.String(200))
    created_at: datetime = Field(sa_type=UtcDateTime)
