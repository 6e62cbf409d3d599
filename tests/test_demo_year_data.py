"""The demo programme year's content (``blp.demo_catalogue``) says what the loader promises:
every skills area has courses and exactly the two meant to be short are, plans only ask for
areas the catalogue teaches, the budget covers the seven modules with the seeded rules, and
the targets are valid ones for indicators of the catalogue.
The loading itself, through the services, is tested in ``test_make_run.py`` (slow)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from assessment.targets.schemas import TargetSet

from blp.demo_catalogue import (
    BUSINESS_AREAS,
    COURSES,
    RECOMMENDATIONS,
    TARGETS,
    TECHNICAL_AREAS,
    budget_lines,
    target_body,
)
from blp.demo_year import _Loader
from shared.indicators import BY_CODE
from shared.skills import SKILLS_AREAS

SEEDED_RULES = {
    "technical_training",
    "business_training",
    "assessment",
    "short_internship",
    "long_internship",
    "annual_event",
    "programme_only",
}
MODULES = {
    "sector_database",
    "assessment",
    "technical_training",
    "business_training",
    "exchange_internships",
    "promotion_marketing",
    "overall_coordination",
}


def test_catalogue_covers_every_area_and_leaves_exactly_two_short() -> None:
    per_area = Counter(course["skills_area"] for course in COURSES)
    assert set(per_area) == set(SKILLS_AREAS)
    short = {code for code, area in SKILLS_AREAS.items() if per_area[code] < area.min_courses}
    assert short == {"database_developer", "quality_management"}
    assert all(per_area[c] <= a.max_courses for c, a in SKILLS_AREAS.items())
    assert any("ru" in c["languages"] and "in_person_astana" in c["delivery"] for c in COURSES)
    assert any("ru" in c["languages"] and "in_person_almaty" in c["delivery"] for c in COURSES)
    assert all(Decimal(c["list_price"]["amount"]) > 0 for c in COURSES)


def test_plans_ask_only_for_areas_the_catalogue_teaches() -> None:
    assert set(RECOMMENDATIONS) == set(SKILLS_AREAS) == {*TECHNICAL_AREAS, *BUSINESS_AREAS}
    for n in range(20):
        areas = _Loader.plan_areas(n)
        assert len(set(areas)) == 4 and areas[-1] in BUSINESS_AREAS, (n, areas)


def test_budget_covers_the_seven_modules_with_seeded_rules() -> None:
    lines = budget_lines()
    assert {line["module"] for line in lines} == MODULES
    assert {line["rule"] for line in lines} <= SEEDED_RULES
    assert all(Decimal(line["low_quantity"]) <= Decimal(line["high_quantity"]) for line in lines)
    low = sum(Decimal(x["unit_cost"]["amount"]) * Decimal(x["low_quantity"]) for x in lines)
    high = sum(Decimal(x["unit_cost"]["amount"]) * Decimal(x["high_quantity"]) for x in lines)
    assert (low, high) == (Decimal("358400.00"), Decimal("472400.00"))  # what make run showed


def test_targets_are_valid_bodies_for_catalogue_indicators() -> None:
    assert len({code for code, *_ in TARGETS}) == len(TARGETS)
    for code, baseline, target, milestones, _ in TARGETS:
        assert code in BY_CODE
        TargetSet.model_validate(target_body(baseline, target, milestones))
