"""What the graduates list and the certificate are made of."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field


class VerifiedCertificationRead(BaseModel):
    vendor: str
    certification: str
    level: str | None
    staff_count: int = Field(description="trainees holding it, verified and not expired")
    expires_on: date | None = Field(description="the earliest expiry among them")


class GraduateRead(BaseModel):
    company_id: uuid.UUID
    bin: str | None = Field(description="as the registry's company events said (None: unknown)")
    name: str | None = Field(description="the company's display name in the registry")
    planned: int
    fulfilled: int
    percent: Decimal = Field(description="training needs fulfilled / planned, one decimal")
    verified_certifications: list[VerifiedCertificationRead]


class GraduatesRead(BaseModel):
    cohort_id: uuid.UUID
    cohort_name: str
    cohort_status: str
    threshold_percent: Decimal = Field(
        description="the plan implementation a company must reach (training's setting)"
    )
    items: list[GraduateRead]
