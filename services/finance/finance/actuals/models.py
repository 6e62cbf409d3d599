"""Actuals recorded against commitment lines. Never edited: a correction is a new entry."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field

from finance.models import Base
from shared.db import UtcDateTime


class ActualKind(StrEnum):
    INVOICE = "invoice"
    """A supplier's invoice to the programme for the programme's share."""
    PAYMENT = "payment"
    """The programme paid (part of) an invoice."""
    CONTRIBUTION = "contribution"
    """A company paid (part of) its share."""
    IN_KIND = "in_kind"
    """A vendor's discount recognised on its invoice."""


SETTLING = frozenset({ActualKind.PAYMENT, ActualKind.CONTRIBUTION, ActualKind.IN_KIND})
"""What counts towards a line being paid."""


class Actual(Base, table=True):
    __tablename__ = "actual"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    commitment_id: uuid.UUID = Field(foreign_key="commitment.id", index=True)
    line_id: uuid.UUID = Field(foreign_key="commitment_line.id", index=True)
    kind: str = Field(sa_type=sa.String(20))
    amount_minor: int = Field(sa_type=sa.BigInteger)
    currency: str = Field(sa_type=sa.String(3))
    reference: str | None = Field(default=None, sa_type=sa.String(200))
    occurred_on: date
    recorded_by: str = Field(sa_type=sa.String(200))
    created_at: datetime = Field(sa_type=UtcDateTime)
