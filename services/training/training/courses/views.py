"""Read models of the course catalogue, built from rows."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from shared.money import Money
from shared.skills import SKILLS_AREAS
from training.courses.models import Course
from training.courses.schemas import (
    AreaHealth,
    CatalogueHealth,
    CertificationRead,
    CourseRead,
    CourseStatus,
)
from training.vocabulary import module_of

HUNDREDTH = Decimal("0.01")


def percent_of(basis_points: int) -> Decimal:
    """Hundredths of a percent as a percent with two decimals (7500 -> 75.00)."""
    return (Decimal(basis_points) / 100).quantize(HUNDREDTH)


def basis_points(percent: Decimal) -> int:
    """A percent (at most two decimals, validated at the edge) in hundredths of a percent."""
    return int(percent * 100)


def course_read(course: Course) -> CourseRead:
    return CourseRead(
        id=course.id,
        skills_area=course.skills_area,  # type: ignore[arg-type]
        kind=SKILLS_AREAS[course.skills_area].kind,
        module=module_of(course.skills_area),
        title=course.title,
        description=course.description,
        provider=course.provider,
        provider_kind=course.provider_kind,  # type: ignore[arg-type]
        certification=CertificationRead(
            name=course.certification_name,
            code=course.certification_code,
            level=course.certification_level,
        ),
        languages=course.languages,  # type: ignore[arg-type]
        delivery=course.delivery,  # type: ignore[arg-type]
        duration_hours=course.duration_hours,
        list_price=Money.from_minor(course.list_price_minor, course.currency),
        vendor_discount_percent=percent_of(course.vendor_discount_bp),
        validity_months=course.validity_months,
        verification_method=course.verification_method,  # type: ignore[arg-type]
        status=CourseStatus(course.status),
        proposed_by=course.proposed_by,
        decided_by=course.decided_by,
        decided_at=course.decided_at,
        decision_note=course.decision_note,
        created_at=course.created_at,
        updated_at=course.updated_at,
        version=course.version,
    )


def catalogue_health(approved: Sequence[Course]) -> CatalogueHealth:
    """Every skills area, in the handbook's order, against its target range."""
    areas = []
    for area in SKILLS_AREAS.values():
        courses = [c for c in approved if c.skills_area == area.code]
        count = len(courses)
        target = (
            "below"
            if count < area.min_courses
            else "above"
            if count > area.max_courses
            else "within"
        )
        russian = any("ru" in c.languages for c in courses)
        astana = any("in_person_astana" in c.delivery for c in courses)
        almaty = any("in_person_almaty" in c.delivery for c in courses)
        gaps = []
        if target == "below":
            gaps.append(f"{area.min_courses - count} approved course(s) short of the minimum")
        if not russian:
            gaps.append("no course in Russian")
        if not astana:
            gaps.append("no in-person course in Astana")
        if not almaty:
            gaps.append("no in-person course in Almaty")
        areas.append(
            AreaHealth(
                skills_area=area.code,
                name_en=area.name_en,
                name_ru=area.name_ru,
                name_kk=area.name_kk,
                kind=area.kind,
                min_courses=area.min_courses,
                max_courses=area.max_courses,
                approved_courses=count,
                target=target,
                russian_option=russian,
                in_person_astana=astana,
                in_person_almaty=almaty,
                gaps=gaps,
            )
        )
    return CatalogueHealth(
        areas=areas, areas_below_target=sum(1 for a in areas if a.target == "below")
    )
