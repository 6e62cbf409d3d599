"""What the registry learns from the programme's other services (by their events)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field

from registry.models import Base
from shared.db import UtcDateTime


class VerifiedCertification(Base, table=True):
    """One trainee's certification verified by the programme (``blp.training.*``).

    A revocation that arrives before its verification leaves a tombstone (``revoked_at``), so
    the late verification cannot bring it back.
    """

    __tablename__ = "verified_certification"

    certification_id: uuid.UUID = Field(primary_key=True)
    company_id: uuid.UUID = Field(index=True)
    trainee_id: uuid.UUID
    skills_area: str = Field(max_length=100)
    vendor: str = Field(max_length=200)
    vendor_key: str = Field(max_length=200, index=True)
    certification: str = Field(max_length=300)
    certification_key: str = Field(max_length=300, index=True)
    level: str | None = Field(default=None, max_length=100)
    expires_on: date | None = None
    verified_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    revocation_reason: str | None = Field(default=None, max_length=1000)


# When a verified certification counts, written once for every place that asks: a revoked
# one never does; an expiring one up to and including its ``expires_on`` (the last day it is
# valid; none: it does not expire). Its renewal is a new verified certification.
_VERIFIED: sa.Table = VerifiedCertification.__table__  # type: ignore[assignment]


def not_revoked() -> sa.ColumnElement[bool]:
    """In SQL, the half of the rule that does not move with the calendar: what the listing
    (rebuilt on changes, not as days pass) keeps."""
    return _VERIFIED.c.revoked_at.is_(None)


def unexpired(expires_on: date | None, today: date) -> bool:
    """In Python, the half that does: checked when a profile or a result page is presented."""
    return expires_on is None or expires_on >= today


def valid_on(today: date) -> sa.ColumnElement[bool]:
    """In SQL, the whole rule: neither revoked nor expired on ``today`` (the search filter,
    a need's shortlist)."""
    expires_on = _VERIFIED.c.expires_on
    return sa.and_(not_revoked(), expires_on.is_(None) | (expires_on >= today))


class ProgrammeParticipation(Base, table=True):
    """A company's place in a cohort and its assessment result, as the programme reports them."""

    __tablename__ = "programme_participation"

    company_id: uuid.UUID = Field(primary_key=True)
    cohort_id: uuid.UUID = Field(primary_key=True, index=True)
    cohort_name: str | None = Field(default=None, max_length=200)
    selected_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    assessment_id: uuid.UUID | None = None
    efqm_total: Decimal | None = Field(default=None, sa_type=sa.Numeric(7, 2))
    assessment_band: str | None = Field(default=None, max_length=50)
    """The band the assessment published with the total (its methodology's bands, which the
    registry does not know); None when the event carried none (events before bands)."""
    assessed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
