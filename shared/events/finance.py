"""Events the finance service publishes (``blp.finance.*``).

Payloads only grow (new optional fields); a breaking change is a new type ending ``_v2``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from shared.events.base import Event
from shared.money import Money


class BudgetThresholdExceeded(Event):
    """A commitment took a module of an approved budget past a threshold of its high estimate.

    Once per budget revision, module and threshold (the event id is derived from the three,
    so two replicas crossing it at once publish one event). ``committed`` is what the
    module's commitments in force came to just after ``commitment_id``, in the budget's
    currency; the commitment is recorded all the same (it comes from something that already
    happened).
    """

    event_type = "blp.finance.budget.threshold_exceeded"
    subject_field = "budget_id"

    budget_id: uuid.UUID
    programme_year: int
    cohort_id: uuid.UUID | None = None
    module: Literal[
        "sector_database",
        "assessment",
        "technical_training",
        "business_training",
        "exchange_internships",
        "promotion_marketing",
        "overall_coordination",
    ]
    threshold_percent: int = Field(ge=1, description="of the approved high estimate")
    high_estimate: Money
    committed: Money
    commitment_id: uuid.UUID
    exceeded_at: datetime
