"""Response bodies of commitments (they are made by events, never by a request body)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from finance.commitments.models import CommitmentStatus, SourceKind
from finance.costing import RuleRef
from finance.modules import Module
from finance.rules.split import Party
from shared.money import Money


class Source(BaseModel):
    kind: SourceKind
    id: uuid.UUID


class BasisItem(BaseModel):
    item: str = Field(description="what the amount is: list_price, expected_cost, travel, ...")
    amount: Money


LineState = Literal["committed", "invoiced", "part_paid", "paid"]


class CommitmentLineRead(BaseModel):
    id: uuid.UUID
    party: Party
    company_id: uuid.UUID | None = Field(description="the paying company, if the party is one")
    amount: Money
    in_kind: bool = Field(description="a contribution in kind (a vendor's discount)")
    invoiced: Money
    paid: Money = Field(description="paid, contributed or recognised in kind so far")
    remaining: Money
    state: LineState


class CommitmentRead(BaseModel):
    id: uuid.UUID
    source: Source
    module: Module | None = Field(description="null only while released before it was made")
    cohort_id: uuid.UUID | None
    company_id: uuid.UUID | None = Field(description="the local company it was made for")
    status: CommitmentStatus
    rule: RuleRef | None = Field(description="the rule version the split was made with")
    basis: list[BasisItem]
    vendor_discount_percent: Decimal | None
    lines: list[CommitmentLineRead]
    over_budget: bool = Field(
        description="when committed, it took its module past the approved high estimate"
    )
    committed_at: datetime | None
    released_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int
