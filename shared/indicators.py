"""The results framework's indicator catalogue, declared once, and the shapes its values take.

Each service computes the indicators it owns (``service``) at its own ``GET /indicators``,
live from its records' own timestamps, so a value as of a past date is reproducible; the
gateway composes them per cohort (``GET /v1/framework``) and joins the targets the
assessment service keeps. What a definition says is what the query does.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.errors import InvalidInput

Unit = Literal[
    "companies",
    "plans",
    "percent",
    "certifications",
    "trainees",
    "internships",
    "linkages",
    "money",
    "jobs",
]
ServiceName = Literal["registry", "assessment", "training", "finance"]
Status = Literal["on_track", "at_risk", "off_track", "no_target"]


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator of the catalogue: what it counts, in which unit, who computes it."""

    code: str
    unit: Unit
    service: ServiceName
    ru: str
    kk: str
    en: str
    how: str
    """How the owning service computes it (English, for the docs and the API)."""
    breakdown: tuple[str, ...] = ()
    """The dimensions its breakdown rows carry (e.g. skills_area, vendor; currency)."""


CATALOGUE: tuple[Indicator, ...] = (
    Indicator(
        "companies_assessed",
        "companies",
        "assessment",
        "Оценено компаний",
        "Бағаланған компаниялар",
        "Companies assessed",
        "Assessments of the cohort approved (approved_at ≤ as_of); one per company.",
    ),
    Indicator(
        "plans_approved",
        "plans",
        "assessment",
        "Утверждено планов развития",
        "Бекітілген даму жоспарлары",
        "Development plans approved",
        "Approved assessments of the cohort (approved_at ≤ as_of) whose report carries a "
        "development plan with at least one item: approval publishes the plan.",
    ),
    Indicator(
        "plan_implementation",
        "percent",
        "training",
        "Среднее выполнение планов",
        "Жоспарлардың орташа орындалуы",
        "Average plan implementation",
        "Per company of the cohort: plan items (needs, plan_approved_at ≤ as_of) done by "
        "as_of over all its items, averaged over companies. A training item is done when an "
        "enrolment for it passed (completed_at ≤ as_of); an internship item when its "
        "internship is completed (a completed internship is final and never edited, so its "
        "updated_at is when it was completed).",
    ),
    Indicator(
        "certifications_verified",
        "certifications",
        "training",
        "Подтверждено сертификаций",
        "Расталған сертификаттар",
        "Certifications verified",
        "Certifications of the cohort's companies verified (reviewed_at ≤ as_of) and still "
        "verified now: a revocation records its own reviewed_at, so a certification revoked "
        "after as_of no longer counts for as_of either (its verification time is lost).",
        ("skills_area", "vendor"),
    ),
    Indicator(
        "trainees_certified",
        "trainees",
        "training",
        "Сертифицировано слушателей",
        "Сертификатталған тыңдаушылар",
        "Trainees certified",
        "Distinct trainees with a certification counted in certifications_verified.",
    ),
    Indicator(
        "internships_completed",
        "internships",
        "training",
        "Завершено стажировок",
        "Аяқталған тағылымдамалар",
        "Internships completed",
        "Internships of the cohort completed (status completed, updated_at ≤ as_of: a "
        "completed internship is final, so its last change is its completion).",
        ("kind",),
    ),
    Indicator(
        "linkages_signed",
        "linkages",
        "registry",
        "Подписано связей",
        "Қол қойылған байланыстар",
        "Linkages signed",
        "Linkages of the cohort with a signature date (signed_on ≤ the as_of date) recorded "
        "by as_of (created_at ≤ as_of). The stage has no change time: a signed_on cleared "
        "later drops the linkage from past dates too.",
    ),
    Indicator(
        "linkage_contract_value",
        "money",
        "registry",
        "Стоимость контрактов",
        "Келісімшарттар құны",
        "Linkage contract value",
        "Sum of the contract values of the linkages in linkages_signed, per currency "
        "(never converted).",
        ("currency",),
    ),
    Indicator(
        "linkage_jobs_created",
        "jobs",
        "registry",
        "Создано рабочих мест",
        "Құрылған жұмыс орындары",
        "Jobs created by linkages",
        "Sum of jobs_created of the linkages in linkages_signed (their current figure).",
    ),
    Indicator(
        "budget_committed",
        "money",
        "finance",
        "Принятые обязательства",
        "Қабылданған міндеттемелер",
        "Budget committed",
        "Commitment lines of the cohort in force at as_of (committed_at ≤ as_of, not "
        "released by then), all parties, per module and currency; beside each module the "
        "low and high estimate of the cohort's budget revision approved by as_of.",
        ("module", "currency"),
    ),
    Indicator(
        "budget_paid",
        "money",
        "finance",
        "Оплачено",
        "Төленген",
        "Budget paid",
        "Payments, contributions and in-kind actuals recorded by as_of (created_at) on "
        "those commitments, per module and currency, beside the same estimates.",
        ("module", "currency"),
    ),
    Indicator(
        "co_financing_leverage",
        "percent",
        "finance",
        "Доля софинансирования",
        "Қоса қаржыландыру үлесі",
        "Co-financing leverage",
        "Of what is committed in force at as_of, the share paid by others than the "
        "programme (companies, partners, hosts, vendors in kind), in percent, per "
        "currency; the headline value is that of the cohort budget's currency.",
        ("currency",),
    ),
)

BY_CODE: dict[str, Indicator] = {i.code: i for i in CATALOGUE}
IndicatorCode = Literal[
    "companies_assessed",
    "plans_approved",
    "plan_implementation",
    "certifications_verified",
    "trainees_certified",
    "internships_completed",
    "linkages_signed",
    "linkage_contract_value",
    "linkage_jobs_created",
    "budget_committed",
    "budget_paid",
    "co_financing_leverage",
]


def of_service(service: ServiceName) -> tuple[Indicator, ...]:
    return tuple(i for i in CATALOGUE if i.service == service)


# --- values ------------------------------------------------------------------------------


class BreakdownRead(BaseModel):
    """One row of a breakdown: its dimensions and its value (and, for budget rows, the
    approved estimate's band in the budget's currency)."""

    dimensions: dict[str, str]
    value: Decimal
    low: Decimal | None = None
    high: Decimal | None = None


class IndicatorValueRead(BaseModel):
    code: IndicatorCode
    unit: Unit
    value: Decimal | None = Field(
        description="the headline figure (a decimal string); null when it has no single "
        "value (money in several currencies) or is unavailable"
    )
    breakdown: list[BreakdownRead] = Field(default_factory=list)
    as_of: datetime
    status: Literal["available", "unavailable"] = "available"


class IndicatorsRead(BaseModel):
    """One service's indicators for a cohort as of a time."""

    service: ServiceName
    cohort_id: uuid.UUID
    as_of: datetime
    computed_at: datetime
    indicators: list[IndicatorValueRead]


def value(
    code: str,
    figure: Decimal | int | None,
    as_of: datetime,
    breakdown: list[BreakdownRead] | None = None,
) -> IndicatorValueRead:
    """An indicator's value as a service reports it."""
    indicator = BY_CODE[code]
    return IndicatorValueRead(
        code=code,  # type: ignore[arg-type]
        unit=indicator.unit,
        value=None if figure is None else Decimal(figure),
        breakdown=breakdown or [],
        as_of=as_of,
    )


def percent(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """``part`` of ``whole`` in percent, two places, half-even; None of nothing."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_EVEN)


# --- targets -----------------------------------------------------------------------------


class Milestone(BaseModel):
    """What an indicator should have reached by a date."""

    model_config = ConfigDict(extra="forbid")

    due_on: date
    value: Decimal = Field(ge=0, max_digits=16, decimal_places=4)


def milestone_due(milestones: list[Milestone], target: Decimal, on: date) -> Decimal:
    """What should have been reached by ``on``: the latest milestone due by then, else the
    first milestone (nothing is due yet, progress is measured towards it), else the target."""
    due = [m for m in sorted(milestones, key=lambda m: m.due_on) if m.due_on <= on]
    if due:
        return due[-1].value
    return min(milestones, key=lambda m: m.due_on).value if milestones else target


def status_of(
    actual: Decimal | None,
    *,
    baseline: Decimal,
    expected: Decimal,
    on_track_percent: Decimal,
    at_risk_percent: Decimal,
) -> Status:
    """on track when the progress from the baseline reaches ``on_track_percent`` of the
    progress expected by now, at risk from ``at_risk_percent``, else off track."""
    if actual is None:
        return "no_target"
    wanted = expected - baseline
    if wanted <= 0:
        return "on_track"
    reached = (actual - baseline) * 100 / wanted
    if reached >= on_track_percent:
        return "on_track"
    if reached >= at_risk_percent:
        return "at_risk"
    return "off_track"


def as_of_or_now(as_of: datetime | None, now: datetime) -> datetime:
    """The time a request asks its figures for: ``now`` when none; a time with its offset,
    never in the future (there are no figures yet), else a 422 naming ``as_of``."""
    if as_of is None:
        return now
    if as_of.tzinfo is None or as_of.utcoffset() is None:
        raise InvalidInput(
            "as_of", "a time with its UTC offset, e.g. 2026-03-31T23:59:59Z", where="query"
        )
    if as_of > now:
        raise InvalidInput("as_of", "not in the future", where="query")
    return as_of
