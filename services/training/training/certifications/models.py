"""A trainee's certification, its evidence and the programme's review of it."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from shared.db import UtcDateTime
from training.models import Base


class Certification(Base, table=True):
    __tablename__ = "certification"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    company_id: uuid.UUID = Field(index=True)
    trainee_id: uuid.UUID = Field(foreign_key="trainee.id", index=True)
    course_id: uuid.UUID = Field(foreign_key="course.id", index=True)
    enrolment_id: uuid.UUID | None = Field(default=None, foreign_key="enrolment.id")
    renews_id: uuid.UUID | None = Field(default=None, index=True)
    """The certification this one renews: once this one is verified, that one is done. No
    foreign key: adding one would make SQLite copy the whole table; the service checks it."""
    # what was certified, copied from the course when recorded: the registry's terms
    skills_area: str = Field(sa_type=sa.String(40))
    vendor: str = Field(sa_type=sa.String(200))
    certification_name: str = Field(sa_type=sa.String(200))
    certification_code: str | None = Field(default=None, sa_type=sa.String(100))
    level: str | None = Field(default=None, sa_type=sa.String(100))
    certificate_number: str = Field(sa_type=sa.String(200))
    obtained_on: date
    expires_on: date | None = Field(default=None, index=True)
    credential_url: str | None = Field(default=None, sa_type=sa.String(2000))
    evidence_sha256: str | None = Field(default=None, sa_type=sa.String(64), index=True)
    evidence_type: str | None = Field(default=None, sa_type=sa.String(50))
    evidence_size: int | None = None
    evidence_uploaded_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    status: str = Field(sa_type=sa.String(20), index=True)
    reviewed_by: str | None = Field(default=None, sa_type=sa.String(200))
    reviewed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    review_reason: str | None = Field(default=None, sa_type=sa.Text)
    recorded_by: str = Field(sa_type=sa.String(200))
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    version: int


class CertificationReminder(Base, table=True):
    """An expiry reminder sent (or made needless by a later one) for a certification and a
    threshold: the key that makes the daily job send each reminder once, whatever runs it."""

    __tablename__ = "certification_reminder"

    certification_id: uuid.UUID = Field(foreign_key="certification.id", primary_key=True)
    threshold_days: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    event_sent: bool
    created_at: datetime = Field(sa_type=UtcDateTime)
