"""Request and response bodies of linkages and programme outcomes."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from shared.inputs import Input, not_null
from shared.money import Money, NonNegativeMoney

LinkageType = Literal["backward", "forward", "horizontal"]
Stage = Literal["contacted", "negotiating", "agreement", "contract_signed", "dropped"]
GroupBy = Literal["cohort", "segment", "region"]


class LinkageCreate(Input):
    """``backward``: the local company supplies the international one (sourcing);
    ``forward``: it distributes the international one's products; ``horizontal``: co-operation."""

    local_company_id: uuid.UUID
    international_company_id: uuid.UUID
    need_id: uuid.UUID | None = None
    linkage_type: LinkageType
    stage: Stage = "contacted"
    contract_value: NonNegativeMoney | None = None
    signed_on: date | None = None
    jobs_created: int | None = Field(default=None, ge=0, le=1_000_000)
    notes: str | None = Field(default=None, max_length=5000)
    separate_contract: bool = Field(
        default=False,
        description="true: another contract between the same companies for the same need, "
        "counted on its own; otherwise such a linkage is a duplicate (409 linkage_duplicate)",
    )


class LinkageUpdate(Input):
    stage: Stage | None = None
    contract_value: NonNegativeMoney | None = None
    signed_on: date | None = None
    jobs_created: int | None = Field(default=None, ge=0, le=1_000_000)
    notes: str | None = Field(default=None, max_length=5000)

    _present = not_null("stage")


class LinkageRead(BaseModel):
    id: uuid.UUID
    version: int
    local_company_id: uuid.UUID
    international_company_id: uuid.UUID
    need_id: uuid.UUID | None
    linkage_type: LinkageType
    stage: Stage
    contract_value: Money | None
    signed_on: date | None
    jobs_created: int | None
    cohort_id: uuid.UUID | None
    notes: str | None
    separate_contract: bool
    created_at: datetime
    updated_at: datetime


class OutcomeRow(BaseModel):
    """Outcomes of one group: signed contracts count, their value per currency, jobs."""

    group: str | None = Field(description="cohort id, segment code or region code")
    label: str | None = Field(
        description="what a person reads: the cohort's name (as the assessment service "
        "announced it), the segment's or region's name in the Accept-Language's language"
    )
    linkages: int
    contracts_signed: int
    contract_value: list[Money] = Field(description="one total per currency, never converted")
    jobs_created: int


class Outcomes(BaseModel):
    group_by: GroupBy
    period_from: date | None = Field(description="the period's first day, if one was asked")
    period_to: date | None = Field(description="the period's last day, if one was asked")
    cohort_id: uuid.UUID | None = Field(description="the one cohort asked for, if any")
    rows: list[OutcomeRow]
    total: OutcomeRow
