"""Read models of training needs and plan implementation."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from shared.money import Money
from shared.skills import SKILLS_AREAS
from training.needs.models import TrainingNeed
from training.needs.schemas import (
    AreaDemand,
    DemandReport,
    ImplementationReport,
    NeedRead,
    NeedsByCity,
    NeedsByLanguage,
    NeedStatus,
    PlanImplementation,
    Seats,
    SeatsByLanguage,
)


def need_read(need: TrainingNeed) -> NeedRead:
    cost = None
    if need.estimated_cost_minor is not None and need.estimated_cost_currency is not None:
        cost = Money.from_minor(need.estimated_cost_minor, need.estimated_cost_currency)
    return NeedRead(
        id=need.id,
        item_id=need.item_id,
        assessment_id=need.assessment_id,
        company_id=need.company_id,
        cohort_id=need.cohort_id,
        kind=need.kind,  # type: ignore[arg-type]
        skills_area=need.skills_area,
        staff_member=need.staff_member,
        staff_member_id=need.staff_member_id,
        function=need.function,
        recommendation=need.recommendation,
        language=need.language,  # type: ignore[arg-type]
        internship_kind=need.internship_kind,  # type: ignore[arg-type]
        host_company_id=need.host_company_id,
        estimated_cost=cost,
        status=NeedStatus(need.status),
        plan_approved_at=need.plan_approved_at,
        created_at=need.created_at,
        updated_at=need.updated_at,
        version=need.version,
    )


def percent(part: int, whole: int) -> Decimal:
    """``part`` of ``whole`` in percent, one decimal, half-even; 0 of nothing is 0."""
    if whole == 0:
        return Decimal("0.0")
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), ROUND_HALF_EVEN)


def implementation(
    counts: Iterable[tuple[uuid.UUID, uuid.UUID, str, str, int]],
) -> ImplementationReport:
    """From (company, cohort, kind, status, count) rows: one line per company and cohort."""
    lines: dict[tuple[uuid.UUID, uuid.UUID], dict[str, int]] = {}
    for company_id, cohort_id, kind, status, count in counts:
        line = lines.setdefault((company_id, cohort_id), {})
        key = "internship" if kind == "internship" else status
        line[key] = line.get(key, 0) + count
    items = []
    for (company_id, cohort_id), line in sorted(lines.items(), key=lambda kv: str(kv[0])):
        planned = sum(line.get(s, 0) for s in NeedStatus)
        fulfilled = line.get(NeedStatus.FULFILLED, 0)
        items.append(
            PlanImplementation(
                company_id=company_id,
                cohort_id=cohort_id,
                planned=planned,
                enrolled=line.get(NeedStatus.ENROLLED, 0),
                fulfilled=fulfilled,
                percent=percent(fulfilled, planned),
                internships_planned=line.get("internship", 0),
            )
        )
    return ImplementationReport(items=items)


CITY_BUCKETS = {"astana": "astana", "almaty_city": "almaty", "almaty": "almaty"}
"""The registry's city codes of the two cities with in-person sessions."""


def demand(
    *,
    today: date,
    open_needs: Iterable[tuple[str, str | None, str | None, int]],
    seats: Iterable[tuple[str, str, str | None, int]],
) -> DemandReport:
    """Every skills area, in the handbook's order: open needs against upcoming seats."""
    needs_by_area: dict[str, dict[str, int]] = {}
    languages_by_area: dict[str, dict[str, int]] = {}
    for area, city, language, count in open_needs:
        bucket = CITY_BUCKETS.get(city or "", "elsewhere") if city else "unknown"
        cities = needs_by_area.setdefault(area, {})
        cities[bucket] = cities.get(bucket, 0) + count
        languages = languages_by_area.setdefault(area, {})
        languages[language or "unspecified"] = languages.get(language or "unspecified", 0) + count
    by_area: dict[str, list[tuple[str, str | None, int]]] = {}
    for area, city, language, left in seats:
        by_area.setdefault(area, []).append((city, language, left))
    areas = []
    for area in SKILLS_AREAS.values():
        runs = by_area.get(area.code, [])
        left = sum(r[2] for r in runs)
        cities = needs_by_area.get(area.code, {})
        needs = sum(cities.values())
        areas.append(
            AreaDemand(
                skills_area=area.code,
                kind=area.kind,
                open_needs=needs,
                open_needs_by_city=NeedsByCity(
                    **{c: cities.get(c, 0) for c in NeedsByCity.model_fields}
                ),
                open_needs_by_language=NeedsByLanguage(
                    **{
                        lang: languages_by_area.get(area.code, {}).get(lang, 0)
                        for lang in NeedsByLanguage.model_fields
                    }
                ),
                seats_left=left,
                seats_by_city=Seats(
                    **{c: sum(r[2] for r in runs if r[0] == c) for c in Seats.model_fields}
                ),
                seats_by_language=SeatsByLanguage(
                    ru=sum(r[2] for r in runs if r[1] == "ru"),
                    kk=sum(r[2] for r in runs if r[1] == "kk"),
                    en=sum(r[2] for r in runs if r[1] == "en"),
                    unspecified=sum(r[2] for r in runs if r[1] is None),
                ),
                shortfall=max(needs - left, 0),
            )
        )
    return DemandReport(
        as_of=today,
        areas=areas,
        open_needs=sum(a.open_needs for a in areas),
        seats_left=sum(a.seats_left for a in areas),
    )
