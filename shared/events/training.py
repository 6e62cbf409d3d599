"""Events the training service publishes (``blp.training.*``).

Payloads only grow (new optional fields); a breaking change is a new type ending ``_v2``.
The certification events are the registry's contract: it turns them into programme-verified
certifications on the company's profile.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from shared.events.base import Event
from shared.money import Money


class CertificationVerified(Event):
    """Programme staff verified a trainee's proof of an international certification."""

    event_type = "blp.training.certification.verified"
    subject_field = "certification_id"

    certification_id: uuid.UUID
    company_id: uuid.UUID
    trainee_id: uuid.UUID
    skills_area: str
    vendor: str
    certification: str
    level: str | None = None
    expires_on: date | None = None
    verified_at: datetime | None = None


class CertificationRevoked(Event):
    """A verified certification was withdrawn (forged evidence, revoked by the vendor...)."""

    event_type = "blp.training.certification.revoked"
    subject_field = "certification_id"

    certification_id: uuid.UUID
    company_id: uuid.UUID
    trainee_id: uuid.UUID
    skills_area: str
    vendor: str
    certification: str
    expires_on: date | None = None
    reason: str | None = None


# ---------------------------------------------------------------- what finance commits money on
# Agreed between training (producer) and finance (consumer): everything finance needs to
# split a cost by its co-financing rule, and nothing personal (ids and amounts only).

TrainingModule = Literal["technical_training", "business_training"]
"""The budget module an enrolment is paid from: the skills area's kind decides."""


class EnrolmentCreated(Event):
    """A trainee of a selected company was enrolled in an approved course (or a session)."""

    event_type = "blp.training.enrolment.created"
    subject_field = "enrolment_id"

    enrolment_id: uuid.UUID
    company_id: uuid.UUID
    cohort_id: uuid.UUID
    trainee_id: uuid.UUID
    course_id: uuid.UUID
    session_id: uuid.UUID | None = None
    need_id: uuid.UUID | None = Field(default=None, description="the training need it fulfils")
    skills_area: str
    module: TrainingModule
    list_price: Money
    vendor_discount_percent: Decimal = Field(
        ge=0, le=100, description="the vendor's in-kind discount on the list price"
    )
    enrolled_at: datetime


class EnrolmentWithdrawn(Event):
    """An enrolment was withdrawn before completion: finance releases its commitment."""

    event_type = "blp.training.enrolment.withdrawn"
    subject_field = "enrolment_id"

    enrolment_id: uuid.UUID
    company_id: uuid.UUID
    cohort_id: uuid.UUID
    withdrawn_at: datetime


class EnrolmentCompleted(Event):
    """A trainee finished a course: passed (a certification may follow) or failed."""

    event_type = "blp.training.enrolment.completed"
    subject_field = "enrolment_id"

    enrolment_id: uuid.UUID
    company_id: uuid.UUID
    cohort_id: uuid.UUID
    passed: bool
    completed_at: datetime


class CostItem(BaseModel):
    """One item of an estimated cost: travel, stay or other."""

    item: Literal["travel", "stay", "other"]
    amount: Money


class InternshipApproved(Event):
    """An internship abroad was approved; finance commits it by the short or long rule."""

    event_type = "blp.training.internship.approved"
    subject_field = "internship_id"

    internship_id: uuid.UUID
    company_id: uuid.UUID
    cohort_id: uuid.UUID
    trainee_id: uuid.UUID
    kind: Literal["short", "long"]
    host_company_id: uuid.UUID | None = Field(
        default=None, description="the international company that hosts (required for long)"
    )
    starts_on: date
    ends_on: date
    estimated_cost: list[CostItem] = Field(min_length=1)
    approved_at: datetime


class InternshipCancelled(Event):
    """An approved internship was cancelled: finance releases its commitment."""

    event_type = "blp.training.internship.cancelled"
    subject_field = "internship_id"

    internship_id: uuid.UUID
    company_id: uuid.UUID
    cohort_id: uuid.UUID
    cancelled_at: datetime


class ProgrammeEventScheduled(Event):
    """A programme event (the annual graduation, a networking event) was scheduled.

    Finance commits its estimated cost by the annual-event rule, the sponsoring
    international companies sharing their part. A reschedule is a new event for the same
    programme event: the latest one holds.
    """

    event_type = "blp.training.programme_event.scheduled"
    subject_field = "programme_event_id"

    programme_event_id: uuid.UUID
    cohort_id: uuid.UUID | None = None
    kind: Literal["graduation", "networking"]
    held_on: date
    estimated_cost: Money
    sponsor_company_ids: list[uuid.UUID] = Field(default_factory=list)
    scheduled_at: datetime


class ProgrammeEventCancelled(Event):
    """A scheduled programme event was called off: finance releases its commitment."""

    event_type = "blp.training.programme_event.cancelled"
    subject_field = "programme_event_id"

    programme_event_id: uuid.UUID
    cohort_id: uuid.UUID | None = None
    cancelled_at: datetime


class CertificationExpiring(Event):
    """A verified certification expires within ``threshold_days`` (90, then 30).

    Emitted once per certification and threshold, its event id derived from both, so two
    replicas of the daily job publish it once.
    """

    event_type = "blp.training.certification.expiring"
    subject_field = "certification_id"

    certification_id: uuid.UUID
    company_id: uuid.UUID
    trainee_id: uuid.UUID
    expires_on: date
    threshold_days: int = Field(gt=0)
