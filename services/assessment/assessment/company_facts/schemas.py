"""Response body of the company-facts read model."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field


class CompanyFactRead(BaseModel):
    """What this service knows about a company, and from which version of its profile."""

    model_config = ConfigDict(from_attributes=True)

    company_id: uuid.UUID
    version: int
    source: str = Field(description="event, or registry_api for a nominee not yet announced")
    kind: str
    display_name: str
    segments: list[str]
    in_scope: bool
    employees: int | None
    founded_on: date | None
    private_sector_share: int | None
    status: str
    publication: str
    updated_at: datetime
