"""Events the assessment service publishes (``blp.assessment.*``).

Payloads only grow (new optional fields); a breaking change is a new type ending ``_v2``.
``company.selected`` and ``assessment.completed`` are the registry's contract too.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, Field

from shared.events.base import Event


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
    """An assessment report was approved; its EFQM total is out of 1,000 points."""

    event_type = "blp.assessment.assessment.completed"
    subject_field = "assessment_id"

    assessment_id: uuid.UUID
    company_id: uuid.UUID
    cohort_id: uuid.UUID
    methodology: str = "efqm-9"
    efqm_total: Decimal = Field(ge=0, le=1000)
    scores: list[CriterionScore]
    completed_at: datetime | None = None
