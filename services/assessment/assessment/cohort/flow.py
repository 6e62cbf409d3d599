"""The cohort's status flow and what each stage allows: pure rules, no database.

Kept apart from ``service.py`` so that the nomination rules (eligibility re-checks) can use
them without importing the cohort service, which itself re-checks nominations.
"""

from __future__ import annotations

from datetime import date, timedelta

from assessment.cohort.models import Cohort
from assessment.cohort.schemas import CohortStatus
from assessment.company_facts.eligibility import Thresholds

NEXT_STATUS: dict[CohortStatus, CohortStatus] = {
    CohortStatus.PLANNING: CohortStatus.NOMINATIONS_OPEN,
    CohortStatus.NOMINATIONS_OPEN: CohortStatus.SELECTION,
    CohortStatus.SELECTION: CohortStatus.ACTIVE,
    CohortStatus.ACTIVE: CohortStatus.REVIEW,
    CohortStatus.REVIEW: CohortStatus.CLOSED,
}
"""The one way a cohort moves: each status to the next, never back, never skipping."""

ROUND_TWO_STATUSES = frozenset({CohortStatus.NOMINATIONS_OPEN, CohortStatus.SELECTION})
SELECTION_UNDECIDED = frozenset(
    {CohortStatus.PLANNING, CohortStatus.NOMINATIONS_OPEN, CohortStatus.SELECTION}
)
"""While a cohort is in one of these, its undecided nominations follow the company's facts."""
REVIEW_STATUSES = frozenset({CohortStatus.ACTIVE, CohortStatus.REVIEW})


def default_end(starts_on: date) -> date:
    """Twelve months on, the day before the same date next year (29 February → 28th)."""
    try:
        anniversary = starts_on.replace(year=starts_on.year + 1)
    except ValueError:  # 29 February
        anniversary = starts_on.replace(year=starts_on.year + 1, day=28) + timedelta(days=1)
    return anniversary - timedelta(days=1)


def thresholds_of(cohort: Cohort) -> Thresholds:
    """The cohort's eligibility thresholds, as eligibility checks take them."""
    return Thresholds(
        min_employees=cohort.min_employees,
        min_years_in_business=cohort.min_years_in_business,
        min_private_sector_share=cohort.min_private_sector_share,
    )


def quarter_of(cohort: Cohort, held_on: date) -> int:
    """1 for the cohort's first three months, 2 for the next three, and so on."""
    months = (held_on.year - cohort.starts_on.year) * 12 + held_on.month - cohort.starts_on.month
    if held_on.day < cohort.starts_on.day:
        months -= 1
    return months // 3 + 1
