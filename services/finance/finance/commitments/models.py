"""Commitments and their lines, one line per paying party (and currency)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from finance.models import Base
from shared.db import UtcDateTime


class SourceKind(StrEnum):
    """What a commitment was made for; with the source's id it names the commitment."""

    ENROLMENT = "enrolment"
    INTERNSHIP = "internship"
    PROGRAMME_EVENT = "programme_event"
    ASSESSMENT = "assessment"


class CommitmentStatus(StrEnum):
    COMMITTED = "committed"
    RELEASED = "released"


class Commitment(Base, table=True):
    """One source's commitment. Its rule version is recorded, never looked up again, so a
    later rule changes nothing here.

    A release may arrive before what it releases (events from different streams, retries):
    it then leaves a released commitment without lines (``rule_id`` null), which the late
    creation fills in without reviving it.
    """

    __tablename__ = "commitment"
    __table_args__ = (sa.UniqueConstraint("source_kind", "source_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    source_kind: str = Field(sa_type=sa.String(20))
    source_id: uuid.UUID
    module: str | None = Field(default=None, sa_type=sa.String(30), index=True)
    cohort_id: uuid.UUID | None = Field(default=None, index=True)
    company_id: uuid.UUID | None = Field(default=None, index=True)
    status: str = Field(sa_type=sa.String(20))
    rule_id: uuid.UUID | None = Field(default=None, foreign_key="co_financing_rule.id")
    rule_code: str | None = Field(default=None, sa_type=sa.String(50))
    rule_version: int | None = None
    basis: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    """What was committed, as the source gave it: [{item, amount, currency}]."""
    vendor_discount_percent: str | None = Field(default=None, sa_type=sa.String(10))
    source_time: datetime | None = Field(default=None, sa_type=UtcDateTime)
    """When the source's event that set these figures happened: a reschedule replaces them
    only if it is newer."""
    over_budget: bool = False
    """When (last) committed, it took its module beyond the approved budget's high estimate."""
    committed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    released_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    version: int


class CommitmentLine(Base, table=True):
    """One paying party's share of a commitment, in one currency."""

    __tablename__ = "commitment_line"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    commitment_id: uuid.UUID = Field(foreign_key="commitment.id", index=True)
    party: str = Field(sa_type=sa.String(30))
    company_id: uuid.UUID | None = Field(default=None, index=True)
    """The paying company (the local company, the host, a sponsor), if the party is one."""
    amount_minor: int = Field(sa_type=sa.BigInteger)
    currency: str = Field(sa_type=sa.String(3))
    in_kind: bool
    position: int


class ThresholdCrossing(Base, table=True):
    """A module of an approved budget revision went past a threshold of its high estimate.

    The primary key is what makes the announcement happen once: the commitment that crosses
    it inserts the row (a concurrent one finds it taken) and stages the event.
    """

    __tablename__ = "budget_threshold_crossing"

    budget_id: uuid.UUID = Field(foreign_key="budget.id", primary_key=True)
    module: str = Field(sa_type=sa.String(30), primary_key=True)
    threshold_percent: int = Field(primary_key=True)
    commitment_id: uuid.UUID = Field(foreign_key="commitment.id")
    committed_minor: int = Field(sa_type=sa.BigInteger)
    high_minor: int = Field(sa_type=sa.BigInteger)
    crossed_at: datetime = Field(sa_type=UtcDateTime)
