"""Request and response bodies of partner needs and their shortlists."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from registry import codes
from registry.codes import CapabilityCode, RegionCode, SegmentCode
from registry.company.schemas import Trimmed
from shared.inputs import Input, not_null


class WantedCertification(Input):
    vendor: str = Field(min_length=1, max_length=200)
    name: str | None = Field(default=None, max_length=300)


class NeedFields(Trimmed):
    title: str | None = Field(default=None, min_length=1, max_length=300)
    capabilities: list[CapabilityCode] | None = Field(default=None, max_length=30)
    certifications: list[WantedCertification] | None = Field(default=None, max_length=20)
    segments: list[SegmentCode] | None = Field(default=None, max_length=8)
    region: RegionCode | None = None
    min_employees: int | None = Field(default=None, ge=0, le=1_000_000)
    text: str | None = Field(default=None, max_length=5000)

    _capabilities = codes.checked("capabilities", "capabilities")
    _segments = codes.checked("segments", "segments")
    _region = codes.checked("regions", "region")


NeedStatus = Literal["open", "closed"]


class NeedCreate(NeedFields):
    international_company_id: uuid.UUID
    title: str = Field(min_length=1, max_length=300)


class NeedUpdate(NeedFields):
    status: NeedStatus | None = None

    _present = not_null("title", "status")


class NeedRead(BaseModel):
    id: uuid.UUID
    version: int
    international_company_id: uuid.UUID
    title: str
    capabilities: list[str]
    certifications: list[WantedCertification]
    segments: list[str]
    region: str | None
    min_employees: int | None
    text: str | None
    status: NeedStatus
    created_at: datetime
    updated_at: datetime


class CriterionScore(BaseModel):
    """One line of the explanation: what was wanted, what the company has, points earned."""

    criterion: Literal["capabilities", "certifications", "segments", "region", "size", "text"]
    weight: int = Field(description="points this criterion is worth")
    score: float = Field(ge=0, le=1, description="share of the criterion met")
    points: float
    detail: str


class ShortlistEntry(BaseModel):
    company_id: uuid.UUID
    display_name: str
    region: str | None
    employees: int | None
    total: float = Field(description="points out of the sum of the weights that applied")
    max_total: int
    breakdown: list[CriterionScore]


class Shortlist(BaseModel):
    need_id: uuid.UUID
    items: list[ShortlistEntry]
