"""Assessments of selected companies: assessors, EFQM scores, skills gaps and the report."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from assessment.models import Base
from shared.db import UtcDateTime


class AssessmentStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"


class Assessment(Base, table=True):
    """One selected company's assessment and its report.

    The report's narrative sections, the team's gap order and the development plan are one
    document (``report``) edited as a whole; scores and skills are rows, being what is
    queried and summed. The expected cost is stored exactly, in minor units.
    """

    __tablename__ = "assessment"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    nomination_id: uuid.UUID = Field(foreign_key="nomination.id", unique=True)
    cohort_id: uuid.UUID = Field(foreign_key="cohort.id", index=True)
    company_id: uuid.UUID = Field(foreign_key="company_fact.company_id", index=True)
    methodology_id: uuid.UUID = Field(foreign_key="methodology.id")
    status: str = Field(sa_type=sa.String(20), index=True)
    starts_on: date | None = None
    ends_on: date | None = None
    expected_cost_minor: int | None = Field(default=None, sa_type=sa.BigInteger)
    expected_cost_currency: str | None = Field(default=None, sa_type=sa.String(3))
    report: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    submitted_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    approved_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    approved_by: str | None = Field(default=None, sa_type=sa.String(200))
    approved_by_name: str | None = Field(default=None, sa_type=sa.String(200))
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    version: int


class AssessmentAssessor(Base, table=True):
    """An assessor assigned to an assessment: they alone (and the manager) see and edit it."""

    __tablename__ = "assessment_assessor"

    assessment_id: uuid.UUID = Field(foreign_key="assessment.id", primary_key=True)
    subject: str = Field(sa_type=sa.String(200), primary_key=True, index=True)
    name: str = Field(sa_type=sa.String(200))


class CriterionScore(Base, table=True):
    """One methodology criterion scored 0-100 %, with strengths and areas for improvement."""

    __tablename__ = "criterion_score"
    __table_args__ = (sa.UniqueConstraint("assessment_id", "criterion"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    assessment_id: uuid.UUID = Field(foreign_key="assessment.id", index=True)
    criterion: str = Field(sa_type=sa.String(50))
    score_percent: Decimal = Field(sa_type=sa.Numeric(5, 2))
    strengths: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    areas_for_improvement: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class SkillAssessment(Base, table=True):
    """The technical assessment of one skills area: current and target level (0-5)."""

    __tablename__ = "skill_assessment"
    __table_args__ = (sa.UniqueConstraint("assessment_id", "skills_area"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    assessment_id: uuid.UUID = Field(foreign_key="assessment.id", index=True)
    skills_area: str = Field(sa_type=sa.String(50))
    current_level: int
    target_level: int
    comment: str | None = Field(default=None, sa_type=sa.Text)
    updated_at: datetime = Field(sa_type=UtcDateTime)
