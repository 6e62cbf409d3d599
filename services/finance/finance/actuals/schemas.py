"""Request and response bodies of actuals."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from finance.actuals.models import ActualKind
from shared.inputs import Input, ProgrammeDate
from shared.money import Money, NonNegativeMoney

Reference = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class ActualCreate(Input):
    """An invoice, payment, contribution or in-kind recognition against one line."""

    line_id: uuid.UUID = Field(description="the commitment line (one paying party) it is for")
    kind: ActualKind
    amount: NonNegativeMoney = Field(description="above zero: a correction is an entry of its own")
    reference: Reference | None = Field(default=None, description="invoice or payment number")
    occurred_on: ProgrammeDate


class ActualRead(BaseModel):
    id: uuid.UUID
    commitment_id: uuid.UUID
    line_id: uuid.UUID
    kind: ActualKind
    amount: Money = Field(description="above zero: a correction is an entry of its own")
    reference: str | None
    occurred_on: date
    recorded_by: str
    created_at: datetime
