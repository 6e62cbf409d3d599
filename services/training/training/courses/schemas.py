"""Request and response bodies of the course catalogue."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

from shared.events.training import TrainingModule
from shared.inputs import Input, Name, Text, not_null
from shared.money import Money
from shared.skills import SkillsAreaCode, SkillsKind
from training.vocabulary import Delivery, Language, Price, unique


class CourseStatus(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    RETIRED = "retired"


ProviderKind = Literal["vendor", "open_source"]
VerificationMethod = Literal["credential_url", "certificate_number", "transcript", "manual_review"]
"""How a certificate of this provider is checked: a badge platform's credential URL, a
certificate number on the vendor's site, a transcript link, or a person's review."""

DEFAULT_DISCOUNT: dict[str, Decimal] = {"vendor": Decimal(75), "open_source": Decimal(0)}
"""The handbook's working hypothesis: vendors discount 75 % of list price, open source none."""

Languages = Annotated[list[Language], Field(min_length=1, max_length=3), AfterValidator(unique)]
Deliveries = Annotated[list[Delivery], Field(min_length=1, max_length=3), AfterValidator(unique)]
Percent = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]


class Certification(Input):
    """The certification a course leads to."""

    name: Name = Field(examples=["Cisco Certified Network Associate"])
    code: Name | None = Field(default=None, examples=["CCNA 200-301"])
    level: Name | None = Field(default=None, examples=["Associate"])


class CourseCreate(Input):
    skills_area: SkillsAreaCode
    title: Name
    description: Text | None = None
    provider: Name = Field(examples=["Cisco Networking Academy"])
    provider_kind: ProviderKind
    certification: Certification
    languages: Languages
    delivery: Deliveries
    duration_hours: int = Field(ge=1, le=5000)
    list_price: Price
    vendor_discount_percent: Percent | None = Field(
        default=None, description="default: 75 for vendor courses, 0 for open-source ones"
    )
    validity_months: int | None = Field(
        default=None, ge=1, le=240, description="null: the certification does not expire"
    )
    verification_method: VerificationMethod


class CourseUpdate(Input):
    """Fields to change; absent fields stay as they are."""

    skills_area: SkillsAreaCode | None = None
    title: Name | None = None
    description: Text | None = None
    provider: Name | None = None
    provider_kind: ProviderKind | None = None
    certification: Certification | None = None
    languages: Languages | None = None
    delivery: Deliveries | None = None
    duration_hours: int | None = Field(default=None, ge=1, le=5000)
    list_price: Price | None = None
    vendor_discount_percent: Percent | None = None
    validity_months: int | None = Field(default=None, ge=1, le=240)
    verification_method: VerificationMethod | None = None

    _required = not_null(
        "skills_area",
        "title",
        "provider",
        "provider_kind",
        "certification",
        "languages",
        "delivery",
        "duration_hours",
        "list_price",
        "vendor_discount_percent",
        "verification_method",
    )


class CourseDecision(Input):
    """The programme manager's decision on a course: approve it, or retire it (a proposal
    retired was rejected)."""

    status: Literal["approved", "retired"]
    note: Text | None = None


class CertificationRead(BaseModel):
    name: str
    code: str | None
    level: str | None


class CourseRead(BaseModel):
    id: uuid.UUID
    skills_area: SkillsAreaCode
    kind: SkillsKind = Field(description="the skills area's kind: technical or business")
    module: TrainingModule = Field(description="the budget module enrolments are paid from")
    title: str
    description: str | None
    provider: str
    provider_kind: ProviderKind
    certification: CertificationRead
    languages: list[Language]
    delivery: list[Delivery]
    duration_hours: int
    list_price: Money
    vendor_discount_percent: Decimal
    validity_months: int | None
    verification_method: VerificationMethod
    status: CourseStatus
    proposed_by: str
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class AreaHealth(BaseModel):
    """One skills area of the catalogue against the handbook's targets."""

    skills_area: SkillsAreaCode
    name_en: str
    name_ru: str
    name_kk: str
    kind: SkillsKind
    min_courses: int
    max_courses: int
    approved_courses: int
    target: Literal["below", "within", "above"] = Field(
        description="approved courses against the handbook's range for the area"
    )
    russian_option: bool = Field(description="an approved course is offered in Russian")
    in_person_astana: bool
    in_person_almaty: bool
    gaps: list[str] = Field(description="what the area lacks, in words a report can show")


class CatalogueHealth(BaseModel):
    areas: list[AreaHealth]
    areas_below_target: int


class CourseImportRead(BaseModel):
    imported: int = Field(description="courses proposed")
    unchanged: int = Field(
        description="rows that say exactly what a course of the catalogue says: left alone"
    )
    items: list[CourseRead] = Field(description="the courses proposed")
