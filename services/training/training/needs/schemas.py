"""Response bodies of training needs and plan implementation (needs come from events only)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from shared.money import Money


class NeedStatus(StrEnum):
    OPEN = "open"
    ENROLLED = "enrolled"
    FULFILLED = "fulfilled"


NeedKind = Literal["training", "internship"]


class NeedRead(BaseModel):
    id: uuid.UUID
    item_id: uuid.UUID = Field(description="the development plan item it comes from")
    assessment_id: uuid.UUID
    company_id: uuid.UUID
    cohort_id: uuid.UUID
    kind: NeedKind
    skills_area: str | None
    staff_member: str | None = Field(
        description="the staff member's name, only on needs from plans approved before "
        "events stopped carrying names; newer ones have staff_member_id"
    )
    staff_member_id: uuid.UUID | None = Field(
        description="the development plan's id of the staff member (the assessment's report "
        "shows the name beside it)"
    )
    function: str | None
    recommendation: str
    language: Literal["ru", "kk"] | None = Field(
        description="the language the plan item is written in (Kazakh letters: kk, other "
        "Cyrillic: ru); None when its words do not say (Latin only, or recorded before)"
    )
    internship_kind: Literal["short", "long"] | None
    host_company_id: uuid.UUID | None
    estimated_cost: Money | None
    status: NeedStatus = Field(
        description="open; enrolled (a trainee is enrolled for it); fulfilled (passed)"
    )
    plan_approved_at: datetime
    created_at: datetime
    updated_at: datetime
    version: int


class PlanImplementation(BaseModel):
    """A company's development plan in one cohort: training needs fulfilled / planned."""

    company_id: uuid.UUID
    cohort_id: uuid.UUID
    planned: int = Field(description="training needs in the approved plan")
    enrolled: int = Field(description="needs with a trainee enrolled now")
    fulfilled: int = Field(description="needs whose trainee completed the course and passed")
    percent: Decimal = Field(description="fulfilled / planned in percent, one decimal")
    internships_planned: int


class ImplementationReport(BaseModel):
    items: list[PlanImplementation]


class Seats(BaseModel):
    online: int
    astana: int
    almaty: int


class SeatsByLanguage(BaseModel):
    ru: int
    kk: int
    en: int
    unspecified: int = Field(description="sessions that name no language")


class NeedsByLanguage(BaseModel):
    """The language each open need's plan item is written in (``needs/language.py``)."""

    ru: int
    kk: int
    unspecified: int = Field(description="plan items in Latin letters only, or older needs")


class NeedsByCity(BaseModel):
    """Where the needing companies are, as the registry records them."""

    astana: int
    almaty: int
    elsewhere: int
    unknown: int = Field(description="companies the registry has not told this service of")


class AreaDemand(BaseModel):
    """One skills area: open training needs against the seats left in upcoming sessions."""

    skills_area: str
    kind: str
    open_needs: int
    open_needs_by_city: NeedsByCity
    open_needs_by_language: NeedsByLanguage
    seats_left: int = Field(description="in upcoming sessions of approved courses")
    seats_by_city: Seats
    seats_by_language: SeatsByLanguage
    shortfall: int = Field(description="open needs beyond the seats left (0 when covered)")


class DemandReport(BaseModel):
    as_of: date
    areas: list[AreaDemand]
    open_needs: int
    seats_left: int
