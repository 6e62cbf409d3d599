"""Request and response bodies of nominations, eligibility, votes and decisions."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from assessment.company_facts.eligibility import CriterionCheck, QualitativeCheck
from assessment.nomination.models import NominationStatus
from shared.inputs import Input, Text, not_null

Vote = Literal["approve", "reject"]
Decision = Literal["selected", "rejected", "waitlisted"]


class NominationCreate(Input):
    cohort_id: uuid.UUID
    company_id: uuid.UUID = Field(description="the local company nominated")
    motivation: Text | None = None


class EligibilityRead(BaseModel):
    """Each automatic criterion with the value it saw, and the team's qualitative judgement."""

    eligible: bool
    flagged: bool = Field(
        description="was eligible and fell out of eligibility when the facts changed"
    )
    criteria: list[CriterionCheck]
    qualitative: list[QualitativeCheck]
    facts_version: int = Field(description="version of the company's facts checked")
    as_of: date = Field(description="years in business are counted to this date")
    checked_at: datetime


class VoteTally(BaseModel):
    approve: int
    reject: int


class NominationRead(BaseModel):
    """A nomination. Company users see its status only: the fields marked confidential are
    null for them (eligibility, votes, the decision's comment and the motivation)."""

    id: uuid.UUID
    cohort_id: uuid.UUID
    company_id: uuid.UUID
    company_name: str
    nominated_by_company_id: uuid.UUID | None
    round: int
    status: NominationStatus
    motivation: str | None = Field(default=None, description="confidential")
    eligibility: EligibilityRead | None = Field(default=None, description="confidential")
    votes: VoteTally | None = Field(default=None, description="confidential")
    decision_comment: str | None = Field(default=None, description="confidential")
    decided_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class QualitativeAssessment(Input):
    met: bool = Field(description="the programme team's judgement: yes or no")
    comment: Text = Field(min_length=1)


class VoteCreate(Input):
    vote: Vote
    comment: Text = Field(min_length=1)


class VoteUpdate(Input):
    vote: Vote | None = None
    comment: Text | None = Field(default=None, min_length=1)

    _required = not_null("vote", "comment")


class VoteRead(BaseModel):
    id: uuid.UUID
    nomination_id: uuid.UUID
    board_member_id: uuid.UUID
    member_name: str
    vote: Vote
    comment: str
    created_at: datetime
    updated_at: datetime
    version: int


class DecisionCreate(Input):
    decision: Decision
    comment: Text | None = None
