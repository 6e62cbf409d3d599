"""Request and response bodies of the company resource."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Literal, Self

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    field_validator,
    model_validator,
)

from registry import codes, reference
from registry.bin import normalize_bin
from registry.codes import CapabilityCode, CityCode, ProductCategoryCode, RegionCode, SegmentCode
from registry.messages import MESSAGES
from shared.errors import InvalidValue
from shared.events.registry import CompanyStatus
from shared.i18n import message
from shared.inputs import Input
from shared.pagination import Page

Kind = Literal["local", "international"]
Status = CompanyStatus
"""As the registry's events carry it; its labels are ``shared.events.registry.COMPANY_STATUSES``."""
Publication = Literal["draft", "published"]
CertificationKind = Literal["company_accreditation", "staff_certification"]
CertificationSource = Literal["self_declared", "programme_verified"]

Name = Annotated[str, Field(min_length=1, max_length=300)]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]
Tag = Annotated[str, Field(min_length=1, max_length=50)]
MAX_EMPLOYEES = 1_000_000
# Counts are strict integers: JSON's true is not 1, nor "12" twelve (a CSV import turns its
# cells into numbers first, bulk/csvformat.py).
Employees = Annotated[int, Field(strict=True, ge=0, le=MAX_EMPLOYEES)]
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()\-]{5,30}$")
_WEBSITE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_WEBSITE_DOCUMENTED = r"^(\s*|\s*[Hh][Tt][Tt][Pp][Ss]?://[^\s/$.?#][^\s]*\s*)$"
"""``_WEBSITE`` as the document states it: without the case flag JSON Schema lacks, and with
the blanks the service trims (a blank website is none)."""
_OKED = re.compile(r"^\d{2}\.\d{2}(\.\d)?$")


def _strip(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


class Trimmed(Input):
    """``Input`` (unknown fields refused, no NUL anywhere) with surrounding blanks trimmed:
    a profile's or a need's text is often pasted from a spreadsheet. (A model's own fields
    only: a nested model trims if it is ``Trimmed`` too.)"""

    model_config = ConfigDict(str_strip_whitespace=True)


class ProductIn(Trimmed):
    name: Name
    category: ProductCategoryCode = Field(
        description="a product category code (/reference/product-categories)"
    )
    description: str | None = Field(default=None, max_length=2000)

    _category = codes.checked("product-categories", "category")


class CertificationIn(Trimmed):
    """A certification the company declares; only the programme can mark one verified.

    A profile's list is sent back as read: programme-verified entries (``source``
    ``programme_verified``) may come back unchanged or be left out, and stay either way."""

    kind: CertificationKind
    vendor: ShortText
    name: Name
    level: str | None = Field(default=None, max_length=100)
    staff_count: int | None = Field(
        default=None,
        strict=True,
        ge=1,
        le=MAX_EMPLOYEES,
        description="staff holding it (staff certifications)",
    )
    expires_on: date | None = None
    source: CertificationSource = Field(
        default="self_declared",
        description="as a profile reads it; only the programme verifies (training's events)",
    )


class ContactIn(Trimmed):
    name: Name
    position: str | None = Field(default=None, max_length=200)
    email: str | None = Field(
        default=None, max_length=300, json_schema_extra={"pattern": _EMAIL.pattern}
    )
    phone: str | None = Field(
        default=None, max_length=50, json_schema_extra={"pattern": _PHONE.pattern}
    )
    public: StrictBool = Field(
        default=False,
        description="shown to international companies (partners) on the profile and on "
        "shortlists; otherwise only programme staff and the company see it",
    )

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL.match(value):
            raise InvalidValue(message(MESSAGES["not_an_email"]))
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is not None and not _PHONE.match(value):
            raise InvalidValue(message(MESSAGES["not_a_phone"]))
        return value


class CompanyFields(Trimmed):
    """Fields a create sets and an update may change (all validated the same way)."""

    display_name: Name | None = None
    name_kk: str | None = Field(default=None, max_length=300)
    name_ru: str | None = Field(default=None, max_length=300)
    name_en: str | None = Field(default=None, max_length=300)
    segments: list[SegmentCode] | None = Field(default=None, min_length=1, max_length=8)
    oked_codes: list[str] | None = Field(default=None, max_length=20)
    region: RegionCode | None = None
    city: CityCode | None = None
    address: str | None = Field(default=None, max_length=500)
    website: str | None = Field(
        default=None,
        max_length=300,
        description="an http(s) URL; blank means none",
        json_schema_extra={"pattern": _WEBSITE_DOCUMENTED},
    )
    description: str | None = Field(default=None, max_length=5000)
    employees: Employees | None = None
    founded_on: date | None = None
    private_sector_share: int | None = Field(
        default=None,
        strict=True,
        ge=0,
        le=100,
        description="share of revenue from private clients, %",
    )
    capabilities: list[CapabilityCode] | None = Field(default=None, max_length=50)
    tags: list[Tag] | None = Field(default=None, max_length=30)
    products: list[ProductIn] | None = Field(default=None, max_length=100)
    certifications: list[CertificationIn] | None = Field(default=None, max_length=100)
    contacts: list[ContactIn] | None = Field(default=None, max_length=20)

    @field_validator("name_kk", "name_ru", "name_en", "address", "description", "website")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return _strip(value)

    @field_validator("segments")
    @classmethod
    def _segments(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        codes.check("segments", value)
        return list(dict.fromkeys(value))

    @field_validator("capabilities")
    @classmethod
    def _capabilities(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        codes.check("capabilities", value, hint=message(MESSAGES["free_words_in_tags"]))
        return list(dict.fromkeys(value))

    @field_validator("oked_codes")
    @classmethod
    def _oked(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        bad = [c for c in value if not _OKED.match(c)]
        if bad:
            raise InvalidValue(message(MESSAGES["oked_format"], codes=str(bad)))
        return list(dict.fromkeys(value))

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else list(dict.fromkeys(value))

    _region = codes.checked("regions", "region")
    _city = codes.checked("cities", "city")

    @field_validator("website")
    @classmethod
    def _website(cls, value: str | None) -> str | None:
        if value is not None and not _WEBSITE.match(value):
            raise InvalidValue(message(MESSAGES["website_url"]))
        return value

    @field_validator("founded_on")
    @classmethod
    def _founded(cls, value: date | None) -> date | None:
        if value is not None and not date(1900, 1, 1) <= value <= datetime.now(UTC).date():
            raise InvalidValue(message(MESSAGES["founded_range"]))
        return value

    @model_validator(mode="after")
    def _city_in_region(self) -> Self:
        if self.city is not None:
            if self.region is None and "region" in self.model_fields_set:
                raise InvalidValue(message(MESSAGES["city_needs_region"]))
            if self.region is not None and not reference.city_in_region(self.region, self.city):
                raise InvalidValue(
                    message(
                        MESSAGES["city_not_in_region"],
                        city=repr(self.city),
                        region=repr(self.region),
                    )
                )
        return self


class CompanyCreate(CompanyFields):
    kind: Kind
    bin: str | None = Field(default=None, description="12-digit BIN (required for local)")
    foreign_registration_number: str | None = Field(default=None, max_length=100)
    country: str = Field(default="KZ", pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")
    display_name: Name
    segments: list[SegmentCode] = Field(min_length=1, max_length=8)
    status: Status = "active"

    @field_validator("bin")
    @classmethod
    def _bin(cls, value: str | None) -> str | None:
        return None if _strip(value) is None else normalize_bin(value)  # type: ignore[arg-type]

    @field_validator("certifications")
    @classmethod
    def _declared_only(cls, value: list[CertificationIn] | None) -> list[CertificationIn] | None:
        if value is not None and any(c.source != "self_declared" for c in value):
            raise InvalidValue(message(MESSAGES["new_company_declares"]))
        return value

    @model_validator(mode="after")
    def _identity(self) -> Self:
        if self.kind == "local":
            if self.bin is None:
                raise InvalidValue(message(MESSAGES["local_needs_bin"]))
            if self.country != "KZ":
                raise InvalidValue(message(MESSAGES["local_in_kz"]))
        elif self.bin is None and not _strip(self.foreign_registration_number):
            raise InvalidValue(message(MESSAGES["international_identity"]))
        return self


class CompanyImport(CompanyCreate):
    """A row of a bulk import: a create payload, and the date the profile was last verified
    as an export of the registry writes it (kept, so an export re-imports as it was)."""

    last_verified_at: AwareDatetime | None = None

    @field_validator("last_verified_at")
    @classmethod
    def _not_in_the_future(cls, value: datetime | None) -> datetime | None:
        if value is not None and value > datetime.now(UTC):
            raise InvalidValue(message(MESSAGES["verified_in_future"]))
        return value


class CompanyUpdate(CompanyFields):
    """A partial update: fields sent replace the stored ones (lists replace whole lists)."""

    display_name: Name | None = None


class StatusChange(Trimmed):
    status: Status
    reason: str | None = Field(default=None, max_length=1000)


class ProductRead(BaseModel):
    name: str
    category: str
    description: str | None


class CertificationRead(BaseModel):
    kind: CertificationKind
    vendor: str
    name: str
    level: str | None
    staff_count: int | None
    source: CertificationSource
    expires_on: date | None


class ContactRead(BaseModel):
    name: str
    position: str | None
    email: str | None
    phone: str | None
    public: bool = Field(description="shown to international companies (partners)")


class ParticipationRead(BaseModel):
    cohort_id: uuid.UUID
    cohort_name: str | None
    selected_at: datetime | None
    efqm_total: str | None = Field(description="EFQM points out of 1000, decimal string")
    assessment_band: str | None = Field(
        description="the band of its methodology the assessment published with the total; "
        "null if it published none",
        examples=["advanced"],
    )


class CompanyRead(BaseModel):
    """A company profile. ``private_sector_share`` and ``programme`` appear only for programme
    staff and the company's own users; ``contacts`` for them (every contact) and for
    international companies (the contacts marked ``public``). ``stale``: published and not
    re-verified for 12 months (a draft is never stale)."""

    id: uuid.UUID
    version: int
    kind: Kind
    bin: str | None
    foreign_registration_number: str | None
    country: str
    display_name: str
    name_kk: str | None
    name_ru: str | None
    name_en: str | None
    segments: list[str]
    in_scope: bool
    oked_codes: list[str]
    region: str | None
    city: str | None
    address: str | None
    website: str | None
    description: str | None
    employees: int | None
    founded_on: date | None
    years_in_business: int | None
    capabilities: list[str]
    tags: list[str]
    products: list[ProductRead]
    certifications: list[CertificationRead]
    status: Status
    publication: Publication
    published_at: datetime | None
    last_verified_at: datetime | None
    stale: bool
    created_at: datetime
    updated_at: datetime
    private_sector_share: int | None = None
    contacts: list[ContactRead] | None = None
    programme: list[ParticipationRead] | None = None


class CompanyChangeRead(BaseModel):
    version: int
    action: str
    actor: str
    actor_role: str | None
    request_id: str | None
    changed_at: datetime
    before: dict[str, object] | None
    after: dict[str, object] | None


class FacetCount(BaseModel):
    value: str | bool = Field(description="a code, a kind or status, or in_scope's true/false")
    count: int = Field(description="matching companies with it")


class CompanyPage(Page[CompanyRead]):
    """A page of companies, the number of all that match, and facet counts when asked for."""

    total: int = Field(description="companies matching the search, on every page")
    total_is_exact: bool = Field(
        description="true: `total` was counted; false: an estimate, given above "
        "1,000 matches, or where the words `q` alone match over 2,000 companies"
    )
    facets: dict[str, list[FacetCount]] | None = Field(
        None, description="per facet asked for, most frequent value first"
    )
