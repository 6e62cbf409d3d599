"""Request and response bodies of certifications."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, HttpUrl, model_validator

from shared.errors import InvalidValue
from shared.i18n import message
from shared.inputs import Input, Name, ProgrammeDate, Text
from training.messages import MESSAGES


class CertificationStatus(StrEnum):
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    REJECTED = "rejected"
    REVOKED = "revoked"


CredentialUrl = Annotated[HttpUrl, Field(max_length=2000)]


class CertificationCreate(Input):
    trainee_id: uuid.UUID
    course_id: uuid.UUID = Field(description="the catalogue course whose certification this is")
    enrolment_id: uuid.UUID | None = Field(
        default=None, description="the trainee's enrolment in that course, if there was one"
    )
    renews_id: uuid.UUID | None = Field(
        default=None, description="the trainee's verified certification this one renews"
    )
    certificate_number: Name
    obtained_on: ProgrammeDate
    expires_on: ProgrammeDate | None = Field(
        default=None,
        description="default: obtained_on plus the course's validity months (none: no expiry)",
    )
    credential_url: CredentialUrl | None = Field(
        default=None, description="a badge platform's credential page, or a transcript link"
    )

    @model_validator(mode="after")
    def _expires_after_obtained(self) -> CertificationCreate:
        if self.expires_on is not None and self.expires_on <= self.obtained_on:
            raise InvalidValue(message(MESSAGES["expires_after_obtained"]))
        return self


class CertificationReview(Input):
    """Programme staff's decision on the evidence; a rejection says why."""

    decision: Literal["verified", "rejected"]
    reason: Text | None = None

    @model_validator(mode="after")
    def _rejection_has_reason(self) -> CertificationReview:
        if self.decision == "rejected" and not (self.reason or "").strip():
            raise InvalidValue(message(MESSAGES["rejection_needs_reason"]))
        return self


class CertificationRevocation(Input):
    reason: Text = Field(min_length=1)


class EvidenceRead(BaseModel):
    sha256: str
    content_type: str
    size: int
    uploaded_at: datetime


class CertificationRead(BaseModel):
    id: uuid.UUID
    company_id: uuid.UUID
    trainee_id: uuid.UUID
    course_id: uuid.UUID
    enrolment_id: uuid.UUID | None
    renews_id: uuid.UUID | None
    skills_area: str
    vendor: str
    certification: str
    certification_code: str | None
    level: str | None
    certificate_number: str
    obtained_on: date
    expires_on: date | None
    credential_url: str | None
    evidence: EvidenceRead | None
    duplicate_evidence: bool = Field(
        description="the same file (same SHA-256) was offered for another trainee: look closer"
    )
    status: CertificationStatus
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_reason: str | None
    recorded_by: str
    created_at: datetime
    updated_at: datetime
    version: int


class BadgeRead(BaseModel):
    """An Open Badges 3.0 achievement credential, as data and as the signed ``vc+jwt``."""

    credential: dict[str, Any]
    jwt: str = Field(description="the credential signed by the platform (EdDSA, vc+jwt)")


class BadgeKeyRead(BaseModel):
    """The public key badges are verified with, offline."""

    issuer: str
    kid: str
    alg: str
    public_key_pem: str
    jwk: dict[str, str]
