"""Request and response bodies of assessments, their scores, skills, report and plan."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from assessment.evaluation.gaps import GapKind
from assessment.evaluation.models import AssessmentStatus
from assessment.skills import SkillsArea
from shared.inputs import Input, Name, ProgrammeDate, Subject, Text, not_null
from shared.money import Money
from shared.pagination import Page

Bullets = list[Text]


def _not_negative(cost: Money) -> Money:
    if cost.amount < 0:
        raise ValueError("a cost is not negative")
    return cost


Cost = Annotated[Money, AfterValidator(_not_negative)]
GapKey = Annotated[str, StringConstraints(pattern=r"^(business|technical):[a-z0-9_]{1,50}$")]


class AssessorInput(Input):
    subject: Subject = Field(description="the assessor's API client id (token subject)")
    name: Name


def _unique_assessors(assessors: list[AssessorInput]) -> list[AssessorInput]:
    subjects = [a.subject for a in assessors]
    if len(set(subjects)) != len(subjects):
        raise ValueError("an assessor is listed once")
    return assessors


class AssessmentCreate(Input):
    nomination_id: uuid.UUID = Field(description="a selected nomination")
    methodology: str = Field(default="efqm-9", max_length=50, description="methodology key")
    assessors: list[AssessorInput] = Field(default_factory=list, max_length=20)

    @field_validator("assessors")
    @classmethod
    def _unique(cls, assessors: list[AssessorInput]) -> list[AssessorInput]:
        return _unique_assessors(assessors)


class AssessmentUpdate(Input):
    assessors: list[AssessorInput] | None = Field(default=None, max_length=20)

    _required = not_null("assessors")

    @field_validator("assessors")
    @classmethod
    def _unique(cls, assessors: list[AssessorInput] | None) -> list[AssessorInput] | None:
        return None if assessors is None else _unique_assessors(assessors)


class ScheduleInput(Input):
    starts_on: ProgrammeDate
    ends_on: ProgrammeDate
    expected_cost: Cost

    @field_validator("ends_on")
    @classmethod
    def _not_before_start(cls, ends_on: date, info: ValidationInfo) -> date:
        starts_on = info.data.get("starts_on")
        if starts_on is not None and ends_on < starts_on:
            raise ValueError("ends_on must not be before starts_on")
        return ends_on


class ScoreInput(Input):
    score_percent: Decimal = Field(ge=0, le=100, decimal_places=2)
    strengths: Bullets = Field(default_factory=list, max_length=50)
    areas_for_improvement: Bullets = Field(default_factory=list, max_length=50)


class SkillInput(Input):
    current_level: int = Field(ge=0, le=5, description="0 none ... 5 expert")
    target_level: int = Field(ge=0, le=5)
    comment: Text | None = None


class TrainingItem(Input):
    """Training for a staff member or a function (one of the two at least)."""

    id: uuid.UUID | None = Field(default=None, description="assigned when absent")
    staff_member: Name | None = None
    function: Name | None = None
    skills_area: SkillsArea
    recommendation: Text = Field(min_length=1)
    estimated_cost: Cost | None = None

    @model_validator(mode="after")
    def _for_someone(self) -> TrainingItem:
        if self.staff_member is None and self.function is None:
            raise ValueError("name a staff member or a function")
        return self


class InternshipItem(Input):
    """An internship: short (top management study trip) or long (IT specialist placement)."""

    id: uuid.UUID | None = Field(default=None, description="assigned when absent")
    staff_member: Name
    kind: Literal["short", "long"]
    purpose: Text = Field(min_length=1)
    host_company_id: uuid.UUID | None = None
    estimated_cost: Cost | None = None


class OtherMeasureItem(Input):
    id: uuid.UUID | None = Field(default=None, description="assigned when absent")
    description: Text = Field(min_length=1)
    estimated_cost: Cost | None = None


class DevelopmentPlan(Input):
    training: list[TrainingItem] = Field(default_factory=list, max_length=200)
    internships: list[InternshipItem] = Field(default_factory=list, max_length=200)
    other_measures: list[OtherMeasureItem] = Field(default_factory=list, max_length=200)


SECTIONS = (
    "business_objective",
    "corresponding_needs",
    "existing_situation",
    "technical_skills",
    "management_skills",
    "business_processes",
)


class ReportUpdate(Input):
    """Report fields to change; absent fields stay as they are."""

    business_objective: Text | None = None
    corresponding_needs: Text | None = None
    existing_situation: Text | None = None
    technical_skills: Text | None = Field(default=None, description="technical skills available")
    management_skills: Text | None = Field(
        default=None, description="management and business skills available"
    )
    business_processes: Text | None = Field(default=None, description="current business processes")
    gap_order: list[GapKey] | None = Field(
        default=None,
        max_length=100,
        description="gap keys in the team's order; they come before the default order",
    )
    development_plan: DevelopmentPlan | None = None

    _required = not_null("gap_order", "development_plan")


class ReportSections(BaseModel):
    business_objective: str | None = None
    corresponding_needs: str | None = None
    existing_situation: str | None = None
    technical_skills: str | None = None
    management_skills: str | None = None
    business_processes: str | None = None


class AssessorRead(BaseModel):
    subject: str
    name: str


class ScheduleRead(BaseModel):
    starts_on: date
    ends_on: date
    expected_cost: Money


class ScoreRead(BaseModel):
    criterion: str
    name: str
    group: str
    weight: int
    score_percent: Decimal | None = Field(description="null until scored")
    points: Decimal | None
    strengths: list[str]
    areas_for_improvement: list[str]


class SkillRead(BaseModel):
    skills_area: SkillsArea
    name: str
    kind: Literal["technical", "business"]
    current_level: int
    target_level: int
    gap: int = Field(description="levels from current to target (0 if none)")
    comment: str | None


class GapRead(BaseModel):
    rank: int
    key: str = Field(description="business:<criterion> or technical:<skills area>")
    kind: GapKind
    area: str
    name: str
    points: Decimal = Field(description="size of the gap in points (see gap_ordering_rule)")
    detail: str
    default_rank: int
    overridden: bool = Field(description="placed by the team's gap_order")


class EfqmRead(BaseModel):
    methodology: str
    methodology_name: str
    criteria: list[ScoreRead]
    total: Decimal = Field(description="points earned by the scored criteria")
    max_points: int
    complete: bool = Field(description="every criterion is scored")


class AssessmentSummary(BaseModel):
    id: uuid.UUID
    nomination_id: uuid.UUID
    cohort_id: uuid.UUID
    company_id: uuid.UUID
    company_name: str
    methodology: str
    status: AssessmentStatus
    schedule: ScheduleRead | None
    submitted_at: datetime | None
    approved_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class AssessmentRead(AssessmentSummary):
    assessors: list[AssessorRead]
    efqm: EfqmRead
    skills: list[SkillRead]
    sections: ReportSections
    gap_order: list[str]
    prioritised_gaps: list[GapRead]
    gap_ordering_rule: str
    development_plan: DevelopmentPlan


class ReportRead(BaseModel):
    """The assessment report: what the PDF shows, as JSON."""

    assessment_id: uuid.UUID
    status: AssessmentStatus
    company_id: uuid.UUID
    company_name: str
    cohort_id: uuid.UUID
    cohort_name: str
    assessors: list[AssessorRead]
    schedule: ScheduleRead | None
    sections: ReportSections
    efqm: EfqmRead
    skills: list[SkillRead]
    prioritised_gaps: list[GapRead]
    gap_ordering_rule: str
    development_plan: DevelopmentPlan
    approved_at: datetime | None


class StatusChange(Input):
    status: AssessmentStatus


class SkillsAreaRead(BaseModel):
    key: SkillsArea
    name: str
    kind: Literal["technical", "business"]


class LevelRead(BaseModel):
    level: int
    name: str


class SkillsAreasRead(Page[SkillsAreaRead]):
    """The whole (short, fixed) list in one page, with the level scale assessments use."""

    levels: list[LevelRead]
