"""Eligibility of a nominee: the programme's automatic criteria and the team's judgement.

Pure functions: the nomination service stores what they return and calls them again whenever
the company's facts, the cohort's thresholds or a qualitative assessment change.

A nominee is eligible when every automatic criterion passes and no qualitative criterion
has been assessed as not met. A qualitative criterion not yet assessed does not hold a
nomination back: the programme team records its judgement when it has one, and a "no"
then takes the nomination out of the running (visibly, with the team's comment).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field

AutomaticCriterion = Literal[
    "employees", "years_in_business", "private_sector_share", "segment_in_scope", "active_status"
]
QualitativeCriterion = Literal[
    "business_performance", "international_links", "management_willingness"
]
QUALITATIVE_CRITERIA: dict[str, str] = {
    "business_performance": "strong business performance",
    "international_links": "links with international companies, or operations at that standard",
    "management_willingness": "visible management willingness",
}


class Thresholds(BaseModel):
    """A cohort's eligibility thresholds (the handbook's values by default)."""

    min_employees: int = Field(default=5, ge=0, le=1_000_000)
    min_years_in_business: int = Field(default=2, ge=0, le=200)
    min_private_sector_share: int = Field(
        default=50, ge=0, le=100, description="percent of revenue from private-sector clients"
    )


class CompanyFactsLike(Protocol):
    employees: int | None
    founded_on: date | None
    private_sector_share: int | None
    segments: list[str]
    in_scope: bool
    status: str


class CriterionCheck(BaseModel):
    """One automatic criterion: what it requires, the value it saw, and the outcome."""

    criterion: AutomaticCriterion
    requirement: str
    value: Any = Field(description="the value seen in the company's facts; null if unknown")
    passed: bool


class QualitativeCheck(BaseModel):
    """One qualitative criterion as the programme team assessed it (``met`` null: not yet)."""

    criterion: QualitativeCriterion
    requirement: str
    met: bool | None = None
    comment: str | None = None
    assessed_by: str | None = None
    assessed_at: datetime | None = None


def full_years_between(start: date, end: date) -> int:
    """Completed years from ``start`` to ``end`` (a birthday-style count; negative if before)."""
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def check_automatic(
    facts: CompanyFactsLike, thresholds: Thresholds, *, as_of: date
) -> list[CriterionCheck]:
    """The five automatic criteria against ``facts``; years in business count to ``as_of``."""
    years = None if facts.founded_on is None else full_years_between(facts.founded_on, as_of)
    share = facts.private_sector_share
    return [
        CriterionCheck(
            criterion="employees",
            requirement=f"at least {thresholds.min_employees} employees",
            value=facts.employees,
            passed=facts.employees is not None and facts.employees >= thresholds.min_employees,
        ),
        CriterionCheck(
            criterion="years_in_business",
            requirement=f"at least {thresholds.min_years_in_business} years in business "
            f"on {as_of.isoformat()}",
            value=years,
            passed=years is not None and years >= thresholds.min_years_in_business,
        ),
        CriterionCheck(
            criterion="private_sector_share",
            requirement=f"private-sector share at least {thresholds.min_private_sector_share}%",
            value=share,
            passed=share is not None and share >= thresholds.min_private_sector_share,
        ),
        CriterionCheck(
            criterion="segment_in_scope",
            requirement="a segment within programme scope (IT companies)",
            value=list(facts.segments),
            passed=facts.in_scope,
        ),
        CriterionCheck(
            criterion="active_status",
            requirement="active status",
            value=facts.status,
            passed=facts.status == "active",
        ),
    ]


def qualitative_checks(recorded: dict[str, dict[str, Any]]) -> list[QualitativeCheck]:
    """Every qualitative criterion, with what the team recorded for it so far."""
    return [
        QualitativeCheck(criterion=key, requirement=text, **recorded.get(key, {}))
        for key, text in QUALITATIVE_CRITERIA.items()
    ]


def is_eligible(automatic: list[CriterionCheck], qualitative: list[QualitativeCheck]) -> bool:
    """All automatic criteria pass and no qualitative criterion was assessed as not met."""
    return all(c.passed for c in automatic) and not any(q.met is False for q in qualitative)
