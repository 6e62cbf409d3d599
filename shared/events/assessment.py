"""Events the assessment service publishes (``blp.assessment.*``).

Payloads only grow (new optional fields); a breaking change is a new type ending ``_v2``.
``company.selected`` and ``assessment.completed`` are the registry's contract too.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from shared.events.base import Event
from shared.money import Money
from shared.statuses import declare


class CohortStatus(StrEnum):
    """A cohort's step along its flow; the assessment owns cohorts, training hears of each
    step (``CohortStatusChanged``) and the gateway's dashboard shows it."""

    PLANNING = "planning"
    NOMINATIONS_OPEN = "nominations_open"
    SELECTION = "selection"
    ACTIVE = "active"
    REVIEW = "review"
    CLOSED = "closed"


COHORT_STATUSES = declare(
    "cohort",
    "status",
    CohortStatus,
    {
        "planning": {"en": "planning", "ru": "планирование", "kk": "жоспарлау"},
        "nominations_open": {
            "en": "nominations open",
            "ru": "приём номинаций",
            "kk": "номинацияларды қабылдау",
        },
        "selection": {"en": "selection", "ru": "отбор", "kk": "іріктеу"},
        "active": {"en": "active", "ru": "активна", "kk": "белсенді"},
        "review": {"en": "review", "ru": "подведение итогов", "kk": "қорытындылау"},
        "closed": {"en": "closed", "ru": "закрыта", "kk": "жабық"},
    },
)
"""A cohort's status as a person reads it: the assessment lists it among its statuses,
training names it in ``cohort_not_in_review``, the gateway lists it for its dashboard."""


class CompanySelected(Event):
    """The selection board's decision: the company joins the cohort."""

    event_type = "blp.assessment.company.selected"
    subject_field = "company_id"

    company_id: uuid.UUID
    cohort_id: uuid.UUID
    cohort_name: str
    nomination_id: uuid.UUID | None = None
    selected_at: datetime | None = None


class CriterionScore(BaseModel):
    """One criterion of the methodology: its score (0-100 %) and the points it earned."""

    criterion: str
    score_percent: Decimal = Field(ge=0, le=100)
    weight: int = Field(ge=0, description="points available for this criterion")
    points: Decimal = Field(ge=0)


class AssessmentCompleted(Event):
    """An assessment report was approved; its EFQM total is out of 1,000 points.

    ``efqm_total`` is already rounded as the assessment publishes it (two decimal places,
    half up): a consumer stores and shows it as it is, never rounds it again. ``band`` is
    the band of the methodology's data the total falls in (absent from older events).
    """

    event_type = "blp.assessment.assessment.completed"
    subject_field = "assessment_id"

    assessment_id: uuid.UUID
    company_id: uuid.UUID
    cohort_id: uuid.UUID
    methodology: str = "efqm-9"
    efqm_total: Decimal = Field(
        ge=0,
        le=1000,
        description="the exact criterion points summed, rounded once to 2 places, half up",
    )
    band: str | None = Field(default=None, examples=["advanced"])
    scores: list[CriterionScore]
    completed_at: datetime | None = None


class CompanyRejected(Event):
    """The selection board's decision: the company does not join the cohort."""

    event_type = "blp.assessment.company.rejected"
    subject_field = "company_id"

    company_id: uuid.UUID
    cohort_id: uuid.UUID
    cohort_name: str
    nomination_id: uuid.UUID
    rejected_at: datetime


class NominationSubmitted(Event):
    """A local company was nominated to a cohort; ``eligible`` is the automatic check then."""

    event_type = "blp.assessment.nomination.submitted"
    subject_field = "nomination_id"

    nomination_id: uuid.UUID
    cohort_id: uuid.UUID
    company_id: uuid.UUID
    round: int = Field(ge=1, le=2)
    nominated_by_company_id: uuid.UUID | None = Field(
        default=None, description="the international company that nominated (round 1)"
    )
    eligible: bool
    submitted_at: datetime


class AssessmentScheduled(Event):
    """An assessment visit was (re)scheduled; finance commits its expected cost.

    A reschedule is a new event for the same assessment: the latest one holds.
    """

    event_type = "blp.assessment.assessment.scheduled"
    subject_field = "assessment_id"

    assessment_id: uuid.UUID
    company_id: uuid.UUID
    cohort_id: uuid.UUID
    starts_on: date
    ends_on: date
    expected_cost: Money
    assessors: int = Field(ge=0, description="how many assessors are assigned")


class TrainingRecommendation(BaseModel):
    """Training for a named staff member or for a function, in one skills area."""

    item_id: uuid.UUID
    staff_member: str | None = None
    function: str | None = None
    skills_area: str
    recommendation: str
    estimated_cost: Money | None = None


class InternshipRecommendation(BaseModel):
    """An internship for a staff member: short (top management) or long (IT specialists)."""

    item_id: uuid.UUID
    staff_member: str
    kind: Literal["short", "long"]
    purpose: str
    host_company_id: uuid.UUID | None = None
    estimated_cost: Money | None = None


class OtherMeasure(BaseModel):
    """Any other development measure (coaching, a quality system, tooling...)."""

    item_id: uuid.UUID
    description: str
    estimated_cost: Money | None = None


class DevelopmentPlanApproved(Event):
    """The development plan of an approved assessment, every item, for training and finance.

    The plan is part of its assessment, so the assessment's id identifies it. Superseded by
    ``DevelopmentPlanApprovedV2``: this one names staff members (personal data), and the
    assessment no longer publishes it; consumers still accept it for events already sent.
    """

    event_type = "blp.assessment.development_plan.approved"
    subject_field = "assessment_id"

    assessment_id: uuid.UUID
    company_id: uuid.UUID
    cohort_id: uuid.UUID
    approved_at: datetime
    training: list[TrainingRecommendation] = Field(default_factory=list)
    internships: list[InternshipRecommendation] = Field(default_factory=list)
    other_measures: list[OtherMeasure] = Field(default_factory=list)


class TrainingRecommendationV2(BaseModel):
    """Training for a staff member (by the plan's id for them, never their name) or for a
    function, in one skills area."""

    item_id: uuid.UUID
    staff_member_id: uuid.UUID | None = Field(
        default=None, description="the plan's id of the staff member (the assessment's)"
    )
    function: str | None = None
    skills_area: str
    recommendation: str
    estimated_cost: Money | None = None


class InternshipRecommendationV2(BaseModel):
    """An internship for a staff member (by the plan's id for them): short (top management)
    or long (IT specialists)."""

    item_id: uuid.UUID
    staff_member_id: uuid.UUID = Field(
        description="the plan's id of the staff member (the assessment's)"
    )
    kind: Literal["short", "long"]
    purpose: str
    host_company_id: uuid.UUID | None = None
    estimated_cost: Money | None = None


class DevelopmentPlanApprovedV2(Event):
    """The development plan of an approved assessment, every item, for training and finance;
    staff members by id, not by name (personal data stays in the assessment service).

    An id stands for one staff member of the plan: items naming the same person carry the
    same id, and the assessment's report shows the name beside it to those who may read it.
    """

    event_type = "blp.assessment.development_plan.approved_v2"
    subject_field = "assessment_id"

    assessment_id: uuid.UUID
    company_id: uuid.UUID
    cohort_id: uuid.UUID
    approved_at: datetime
    training: list[TrainingRecommendationV2] = Field(default_factory=list)
    internships: list[InternshipRecommendationV2] = Field(default_factory=list)
    other_measures: list[OtherMeasure] = Field(default_factory=list)


class CohortStatusChanged(Event):
    """A cohort moved one step along its flow (planning, nominations_open, selection, active,
    review, closed). Training lists a cohort's graduates once it is in review.

    ``status`` and ``previous_status`` are ``CohortStatus`` values, carried as strings as
    they always were (a consumer does not refuse a step added later)."""

    event_type = "blp.assessment.cohort.status_changed"
    subject_field = "cohort_id"

    cohort_id: uuid.UUID
    cohort_name: str
    status: str
    previous_status: str
    changed_at: datetime
