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
from typing import Annotated, Literal, NamedTuple

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from shared.errors import InvalidInput, InvalidValue
from shared.i18n import KIT, message
from shared.statuses import declare

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
Status = Literal["on_track", "at_risk", "off_track", "no_target", "target_unavailable"]
"""A value's progress against its target; ``target_unavailable``: the targets could not be
read (the assessment service down or slow), which says nothing of whether there is one."""
Availability = Literal["available", "unavailable"]
"""Whether an indicator's value could be computed (or, at the gateway, read from its service)."""
INDICATOR_STATUSES = declare(
    "indicator",
    "status",
    Availability,
    {
        "available": {"en": "available", "ru": "доступны", "kk": "қолжетімді"},
        "unavailable": {"en": "unavailable", "ru": "недоступны", "kk": "қолжетімсіз"},
    },
)
"""The words say the indicator's data ("данные доступны"), as the framework's workbook prints
them under its "Data" heading; every service serves indicators, so each lists these."""
TargetStatus = Literal["proposed", "approved"]
"""A target as the programme manager set it (proposed) and once the ministry approved it; the
assessment service keeps targets, the gateway's framework prints their status."""
TARGET_STATUSES = declare(
    "target",
    "status",
    TargetStatus,
    {
        "proposed": {"en": "proposed", "ru": "предложена", "kk": "ұсынылған"},
        "approved": {"en": "approved", "ru": "утверждена", "kk": "бекітілген"},
    },
)


class Text(NamedTuple):
    """One text in the programme's three languages."""

    ru: str
    kk: str
    en: str


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator of the catalogue: what it counts, in which unit, who computes it."""

    code: str
    unit: Unit
    service: ServiceName
    name: Text
    definition: Text
    how: str
    """How the owning service computes it from its records (English, for the docs)."""
    breakdown: tuple[str, ...] = ()
    """The dimensions its breakdown rows carry (e.g. skills_area, vendor; currency)."""


CATALOGUE: tuple[Indicator, ...] = (
    Indicator(
        code="companies_nominated",
        unit="companies",
        service="assessment",
        name=Text(
            "Выдвинуто компаний",
            "Ұсынылған компаниялар",
            "Companies nominated",
        ),
        definition=Text(
            "Местные компании, выдвинутые в когорту.",
            "Когортаға ұсынылған жергілікті компаниялар.",
            "Local companies nominated to the cohort.",
        ),
        how="Nominations to the cohort recorded by as_of (created_at ≤ as_of); one per company.",
        breakdown=(),
    ),
    Indicator(
        code="companies_eligible",
        unit="companies",
        service="assessment",
        name=Text(
            "Соответствуют критериям",
            "Өлшемшарттарға сәйкес",
            "Companies eligible",
        ),
        definition=Text(
            "Выдвинутые компании, соответствующие автоматическим критериям отбора.",
            "Іріктеудің автоматты өлшемшарттарына сәйкес келетін ұсынылған компаниялар.",
            "Nominated companies that meet the automatic eligibility criteria.",
        ),
        how=(
            "Nominations in companies_nominated that are eligible now: eligibility has no "
            "change time, so a nomination that fell out of eligibility later drops from past "
            "dates too."
        ),
        breakdown=(),
    ),
    Indicator(
        code="companies_selected",
        unit="companies",
        service="assessment",
        name=Text(
            "Отобрано компаний",
            "Іріктелген компаниялар",
            "Companies selected",
        ),
        definition=Text(
            "Компании, отобранные в когорту решением отборочной комиссии.",
            "Іріктеу комиссиясының шешімімен когортаға іріктелген компаниялар.",
            "Companies selected into the cohort by the selection board's decision.",
        ),
        how="Nominations of the cohort selected now and decided by as_of (decided_at ≤ as_of).",
        breakdown=(),
    ),
    Indicator(
        code="companies_assessed",
        unit="companies",
        service="assessment",
        name=Text(
            "Оценено компаний",
            "Бағаланған компаниялар",
            "Companies assessed",
        ),
        definition=Text(
            "Местные компании когорты, чья оценка утверждена.",
            "Бағалауы бекітілген когортаның жергілікті компаниялары.",
            "Local companies of the cohort whose assessment was approved.",
        ),
        how="Assessments of the cohort approved (approved_at ≤ as_of); one per company.",
        breakdown=(),
    ),
    Indicator(
        code="plans_approved",
        unit="plans",
        service="assessment",
        name=Text(
            "Утверждено планов развития",
            "Бекітілген даму жоспарлары",
            "Development plans approved",
        ),
        definition=Text(
            "Компании когорты с утверждённым планом развития.",
            "Даму жоспары бекітілген когорта компаниялары.",
            "Companies of the cohort with an approved development plan.",
        ),
        how=(
            "Approved assessments of the cohort (approved_at ≤ as_of) whose report carries a "
            "development plan with at least one item: approval publishes the plan."
        ),
        breakdown=(),
    ),
    Indicator(
        code="plan_implementation",
        unit="percent",
        service="training",
        name=Text(
            "Среднее выполнение планов",
            "Жоспарлардың орташа орындалуы",
            "Average plan implementation",
        ),
        definition=Text(
            "Доля выполненных пунктов плана развития, в среднем по компаниям когорты.",
            "Даму жоспарының орындалған тармақтарының үлесі, когорта компаниялары бойынша орташа.",
            "Share of development plan items done, averaged over the cohort's companies.",
        ),
        how=(
            "Per company of the cohort: plan items (needs, plan_approved_at ≤ as_of) done by "
            "as_of over all its items, averaged over companies. A training item is done when "
            "an enrolment for it passed (completed_at ≤ as_of); an internship item when its "
            "internship is completed (a completed internship is final and never edited, so "
            "its updated_at is when it was completed)."
        ),
        breakdown=(),
    ),
    Indicator(
        code="certifications_verified",
        unit="certifications",
        service="training",
        name=Text(
            "Подтверждено сертификаций",
            "Расталған сертификаттар",
            "Certifications verified",
        ),
        definition=Text(
            "Сертификации сотрудников компаний когорты, подтверждённые программой.",
            "Бағдарлама растаған когорта компаниялары қызметкерлерінің сертификаттары.",
            "Staff certifications of the cohort's companies verified by the programme.",
        ),
        how=(
            "Certifications of the cohort's companies verified (reviewed_at ≤ as_of) and "
            "still verified now: a revocation records its own reviewed_at, so a certification"
            " revoked after as_of no longer counts for as_of either (its verification time is"
            " lost)."
        ),
        breakdown=("skills_area", "vendor"),
    ),
    Indicator(
        code="trainees_certified",
        unit="trainees",
        service="training",
        name=Text(
            "Сертифицировано слушателей",
            "Сертификатталған тыңдаушылар",
            "Trainees certified",
        ),
        definition=Text(
            "Слушатели компаний когорты, имеющие хотя бы одну подтверждённую сертификацию.",
            "Кемінде бір расталған сертификаты бар когорта компанияларының тыңдаушылары.",
            "Trainees of the cohort's companies with at least one verified certification.",
        ),
        how="Distinct trainees with a certification counted in certifications_verified.",
        breakdown=(),
    ),
    Indicator(
        code="internships_completed",
        unit="internships",
        service="training",
        name=Text(
            "Завершено стажировок",
            "Аяқталған тағылымдамалар",
            "Internships completed",
        ),
        definition=Text(
            "Завершённые короткие и длительные стажировки когорты.",
            "Когортаның аяқталған қысқа және ұзақ тағылымдамалары.",
            "Short and long internships of the cohort completed.",
        ),
        how=(
            "Internships of the cohort completed (status completed, updated_at ≤ as_of: a "
            "completed internship is final, so its last change is its completion)."
        ),
        breakdown=("kind",),
    ),
    Indicator(
        code="linkages_signed",
        unit="linkages",
        service="registry",
        name=Text(
            "Подписано связей",
            "Қол қойылған байланыстар",
            "Linkages signed",
        ),
        definition=Text(
            "Деловые связи когорты с подписанным контрактом.",
            "Келісімшартқа қол қойылған когортаның іскерлік байланыстары.",
            "Business linkages of the cohort with a signed contract.",
        ),
        how=(
            "Linkages of the cohort with a signature date (signed_on ≤ the as_of date) "
            "recorded by as_of (created_at ≤ as_of). The stage has no change time: a "
            "signed_on cleared later drops the linkage from past dates too. Broken down by "
            "the month of signed_on (YYYY-MM), oldest first."
        ),
        breakdown=("month",),
    ),
    Indicator(
        code="linkage_contract_value",
        unit="money",
        service="registry",
        name=Text(
            "Стоимость контрактов",
            "Келісімшарттар құны",
            "Linkage contract value",
        ),
        definition=Text(
            "Стоимость контрактов подписанных связей, по валютам.",
            "Қол қойылған байланыстар келісімшарттарының құны, валюта бойынша.",
            "Contract value of the signed linkages, per currency.",
        ),
        how=(
            "Sum of the contract values of the linkages in linkages_signed, per currency "
            "(never converted)."
        ),
        breakdown=("currency",),
    ),
    Indicator(
        code="linkage_jobs_created",
        unit="jobs",
        service="registry",
        name=Text(
            "Создано рабочих мест",
            "Құрылған жұмыс орындары",
            "Jobs created by linkages",
        ),
        definition=Text(
            "Рабочие места, созданные подписанными связями.",
            "Қол қойылған байланыстар арқылы құрылған жұмыс орындары.",
            "Jobs created by the signed linkages.",
        ),
        how="Sum of jobs_created of the linkages in linkages_signed (their current figure).",
        breakdown=(),
    ),
    Indicator(
        code="budget_committed",
        unit="money",
        service="finance",
        name=Text(
            "Принятые обязательства",
            "Қабылданған міндеттемелер",
            "Budget committed",
        ),
        definition=Text(
            (
                "Действующие обязательства по модулям бюджета рядом с утверждённой нижней и "
                "верхней оценкой."
            ),
            (
                "Бюджет модульдері бойынша қолданыстағы міндеттемелер, бекітілген төменгі "
                "және жоғарғы бағалаумен қатар."
            ),
            "Commitments in force per budget module, beside the approved low and high estimate.",
        ),
        how=(
            "Commitment lines of the cohort in force at as_of (committed_at ≤ as_of, not "
            "released by then), all parties, per module and currency; beside each module the "
            "low and high estimate of the cohort's budget revision approved by as_of."
        ),
        breakdown=("module", "currency"),
    ),
    Indicator(
        code="budget_paid",
        unit="money",
        service="finance",
        name=Text(
            "Оплачено",
            "Төленген",
            "Budget paid",
        ),
        definition=Text(
            "Оплаченные и внесённые суммы по модулям бюджета рядом с той же оценкой.",
            "Бюджет модульдері бойынша төленген және салынған сомалар, сол бағалаумен қатар.",
            "Amounts paid or contributed per budget module, beside the same estimate.",
        ),
        how=(
            "Payments, contributions and in-kind actuals recorded by as_of (created_at) on "
            "those commitments, per module and currency, beside the same estimates."
        ),
        breakdown=("module", "currency"),
    ),
    Indicator(
        code="co_financing_leverage",
        unit="percent",
        service="finance",
        name=Text(
            "Доля софинансирования",
            "Қоса қаржыландыру үлесі",
            "Co-financing leverage",
        ),
        definition=Text(
            "Доля принятых затрат, оплачиваемая другими сторонами, а не программой.",
            "Қабылданған шығындардың бағдарламадан басқа тараптар төлейтін үлесі.",
            "Share of committed costs paid by others than the programme.",
        ),
        how=(
            "Of what is committed in force at as_of, the share paid by others than the "
            "programme (companies, partners, hosts, vendors in kind), in percent, per "
            "currency; the headline value is that of the cohort budget's currency."
        ),
        breakdown=("currency",),
    ),
)

BY_CODE: dict[str, Indicator] = {i.code: i for i in CATALOGUE}
IndicatorCode = Literal[
    "companies_nominated",
    "companies_eligible",
    "companies_selected",
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
    status: Availability = "available"


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


def _no_float(value: object) -> object:
    if isinstance(value, float):
        raise InvalidValue(message(KIT["figure_not_float"]))
    return value


Figure = Annotated[
    Decimal,
    BeforeValidator(_no_float),
    Field(ge=0, max_digits=16, decimal_places=4),
    WithJsonSchema(
        {"type": "string", "pattern": r"^[0-9]{1,12}(\.[0-9]{1,4})?$", "examples": ["20"]}
    ),
]
"""A target's figure: not negative, at most four places (counts, percents, amounts)."""

Threshold = Annotated[
    Decimal,
    BeforeValidator(_no_float),
    Field(ge=0, le=100, max_digits=5, decimal_places=2),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^(100(\.0{1,2})?|[0-9]{1,2}(\.[0-9]{1,2})?)$",
            "examples": ["90"],
        }
    ),
]
"""A share of the progress due, in percent, 0-100."""


class Milestone(BaseModel):
    """What an indicator should have reached by a date."""

    model_config = ConfigDict(extra="forbid")

    due_on: date
    value: Figure


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
        raise InvalidInput("as_of", message(KIT["time_needs_offset"]), where="query")
    if as_of > now:
        raise InvalidInput("as_of", message(KIT["not_in_future"]), where="query")
    return as_of
