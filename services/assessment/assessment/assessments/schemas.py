"""Request and response bodies of assessments, their scores, skills, report and plan."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from assessment.assessments.gaps import GapKind, GapSource
from assessment.assessments.models import AssessmentStatus
from assessment.messages import MESSAGES
from assessment.skills import SkillsArea
from shared.errors import InvalidValue
from shared.i18n import message
from shared.inputs import Input, Name, ProgrammeDate, Subject, Text, not_null
from shared.money import Money, NonNegativeMoney, PercentString
from shared.pagination import Page

Bullets = list[Text]


Cost = NonNegativeMoney
GapKey = Annotated[str, StringConstraints(pattern=r"^(business|technical):[a-z0-9_]{1,50}$")]


class AssessorInput(Input):
    subject: Subject = Field(description="the assessor's API client id (token subject)")
    name: Name


def _unique_assessors(assessors: list[AssessorInput]) -> list[AssessorInput]:
    subjects = [a.subject for a in assessors]
    if len(set(subjects)) != len(subjects):
        raise InvalidValue(message(MESSAGES["assessor_listed_once"]))
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
            raise InvalidValue(message(MESSAGES["ends_not_before_start"]))
        return ends_on


class ScoreInput(Input):
    score_percent: PercentString
    strengths: Bullets = Field(default_factory=list, max_length=50)
    areas_for_improvement: Bullets = Field(default_factory=list, max_length=50)


class SkillInput(Input):
    current_level: int = Field(ge=0, le=5, description="0 none ... 5 expert")
    target_level: int = Field(ge=0, le=5)
    comment: Text | None = None


class PlanItem(Input):
    """What every plan item has: its id, the one training and finance refer to.

    The id is ``item_id``, as in the ``development_plan.approved`` event. ``id`` is its old
    name in this API, still read and written (always equal to ``item_id``) for one release
    so existing clients keep working; new clients use ``item_id``.
    """

    item_id: uuid.UUID | None = Field(
        default=None, description="assigned when absent; the id events and other services use"
    )
    id: uuid.UUID | None = Field(
        default=None,
        description="deprecated: the old name of item_id (same value); send and read item_id",
        json_schema_extra={"deprecated": True},
    )

    @model_validator(mode="after")
    def _one_id(self) -> Any:
        if self.id is not None and self.item_id is not None and self.id != self.item_id:
            raise InvalidValue(message(MESSAGES["plan_item_ids_differ"]))
        ident = self.item_id or self.id
        self.item_id, self.id = ident, ident
        return self


STAFF_MEMBER_ID = Field(
    default=None,
    description="the plan's id of the staff member named, which the development plan's event "
    "carries instead of the name: set at approval, one per person named in the plan (names "
    "compared without case and extra spaces); null before, and ignored when sent",
)


class TrainingItem(PlanItem):
    """Training for a staff member or a function (one of the two at least)."""

    staff_member: Name | None = None
    staff_member_id: uuid.UUID | None = STAFF_MEMBER_ID
    function: Name | None = None
    skills_area: SkillsArea
    recommendation: Text = Field(min_length=1)
    estimated_cost: Cost | None = None

    @model_validator(mode="after")
    def _for_someone(self) -> TrainingItem:
        if self.staff_member is None and self.function is None:
            raise InvalidValue(message(MESSAGES["staff_member_or_function"]))
        return self


class InternshipItem(PlanItem):
    """An internship: short (top management study trip) or long (IT specialist placement)."""

    staff_member: Name
    staff_member_id: uuid.UUID | None = STAFF_MEMBER_ID
    kind: Literal["short", "long"]
    purpose: Text = Field(min_length=1)
    host_company_id: uuid.UUID | None = None
    estimated_cost: Cost | None = None


class OtherMeasureItem(PlanItem):
    description: Text = Field(min_length=1)
    estimated_cost: Cost | None = None


class DevelopmentPlan(Input):
    training: list[TrainingItem] = Field(default_factory=list, max_length=200)
    internships: list[InternshipItem] = Field(default_factory=list, max_length=200)
    other_measures: list[OtherMeasureItem] = Field(default_factory=list, max_length=200)

    def stored(self) -> dict[str, Any]:
        """The plan as the report stores it: each item under its ``item_id`` only."""
        without_alias = {"__all__": {"id"}}
        return self.model_dump(
            mode="json",
            exclude={
                "training": without_alias,
                "internships": without_alias,
                "other_measures": without_alias,
            },
        )


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
    group_name: str
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
    key: str = Field(
        description="business:<criterion> for an EFQM criterion, technical:<skills area> for "
        "a skills area (of either kind: the prefix names the assessment it comes from)"
    )
    source: GapSource = Field(description="efqm: the business assessment; skills: the skills one")
    kind: GapKind = Field(
        description="business (an EFQM criterion or a business skills area) or technical"
    )
    area: str
    name: str
    points: Decimal = Field(description="size of the gap in points (see gap_ordering_rule)")
    detail: str
    default_rank: int
    overridden: bool = Field(description="placed by the team's gap_order")


class BandRead(BaseModel):
    key: str = Field(examples=["advanced"])
    name: str
    min_points: int = Field(description="the lowest total in the band")


class EfqmRead(BaseModel):
    methodology: str
    methodology_name: str
    criteria: list[ScoreRead]
    total: Decimal = Field(
        description="points earned by the scored criteria: their exact points summed, then "
        "rounded once to 2 decimal places, half up (553.825 is 553.83); the "
        "assessment.completed event carries this same value"
    )
    max_points: int
    complete: bool = Field(description="every criterion is scored")
    band: BandRead | None = Field(
        description="the methodology's band the total falls in, once every criterion is scored"
    )
    rounding: str = Field(description="the rounding rule of the total, in words")


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


class ApproverRead(BaseModel):
    subject: str = Field(description="the approving API client")
    name: str | None = Field(description="the name given on approval, if any")
    role: str


class CompanyRead(BaseModel):
    """The company as the registry last told us (BIN and region may be unknown)."""

    bin: str | None
    region: str | None


class ReportRead(BaseModel):
    """The assessment report: what the PDF shows, as JSON."""

    assessment_id: uuid.UUID
    status: AssessmentStatus
    company_id: uuid.UUID
    company_name: str
    company: CompanyRead
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
    approved_by: ApproverRead | None


class StatusChange(Input):
    status: AssessmentStatus
    approver_name: Name | None = Field(
        default=None, description="on approval: the approver's name, printed on the report"
    )


class SkillsAreaRead(BaseModel):
    key: SkillsArea
    name: str
    name_ru: str
    name_kk: str
    label: str = Field(description="the name in the language Accept-Language chose")
    kind: Literal["technical", "business"]


class LevelRead(BaseModel):
    level: int
    name: str
    name_ru: str
    name_kk: str
    label: str = Field(description="the name in the language Accept-Language chose")


class SkillsAreasRead(Page[SkillsAreaRead]):
    """The whole (short, fixed) list in one page, with the level scale assessments use."""

    levels: list[LevelRead]
