"""Nominations of local companies to a cohort, and the selection board's votes on them."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from assessment.models import Base
from shared.db import UtcDateTime


class NominationStatus(StrEnum):
    SUBMITTED = "submitted"
    WAITLISTED = "waitlisted"
    SELECTED = "selected"
    REJECTED = "rejected"


class Nomination(Base, table=True):
    """A local company put forward for a cohort, its eligibility and the board's decision.

    ``eligibility`` holds each automatic criterion with the value it saw; ``qualitative``
    the programme team's yes/no judgements; ``flagged`` marks a nomination that was eligible
    and fell out of eligibility when the company's facts changed.
    """

    __tablename__ = "nomination"
    __table_args__ = (
        # a company at most once per cohort
        sa.UniqueConstraint("cohort_id", "company_id"),
        sa.Index("ix_nomination_cohort_id_status", "cohort_id", "status"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    cohort_id: uuid.UUID = Field(foreign_key="cohort.id")
    company_id: uuid.UUID = Field(foreign_key="company_fact.company_id", index=True)
    nominated_by_company_id: uuid.UUID | None = Field(default=None, index=True)
    nominated_by: str = Field(sa_type=sa.String(200))
    nominated_by_role: str = Field(sa_type=sa.String(40))
    round: int
    motivation: str | None = Field(default=None, sa_type=sa.Text)
    status: str = Field(sa_type=sa.String(20))
    eligible: bool
    flagged: bool
    eligibility: dict[str, Any] = Field(sa_type=sa.JSON)
    qualitative: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    decision_comment: str | None = Field(default=None, sa_type=sa.Text)
    decided_by: str | None = Field(default=None, sa_type=sa.String(200))
    decided_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    version: int


class BoardVote(Base, table=True):
    """One board member's vote on one nomination (one vote each; changeable until decided)."""

    __tablename__ = "board_vote"
    __table_args__ = (sa.UniqueConstraint("nomination_id", "board_member_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    nomination_id: uuid.UUID = Field(foreign_key="nomination.id", index=True)
    board_member_id: uuid.UUID = Field(foreign_key="board_member.id", index=True)
    vote: str = Field(sa_type=sa.String(10))
    comment: str = Field(sa_type=sa.Text)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    version: int
