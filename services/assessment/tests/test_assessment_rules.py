"""The assessment service's pure domain rules: eligibility, EFQM weighting, gap ordering,
cohort calendars, report negotiation."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, get_args

import pytest
import sqlalchemy as sa
from assessment.assessments.gaps import (
    AssessedSkill,
    ScoredCriterion,
    business_gaps,
    default_order,
    prioritise,
    technical_gaps,
)
from assessment.assessments.labels import CODES, TEXTS, Labels
from assessment.assessments.negotiation import JSON, PDF, preferred
from assessment.cohort.models import Cohort
from assessment.cohort.service import NEXT_STATUS, default_end, quarter_of
from assessment.company_facts.eligibility import (
    Thresholds,
    check_automatic,
    full_years_between,
    is_eligible,
    qualitative_checks,
)
from assessment.methodology.models import Methodology
from assessment.methodology.schemas import DEFAULT_BANDS, BandDefinition, MethodologyCreate
from assessment.methodology.scoring import (
    band_of,
    criterion_points,
    rounded_total,
    total_points,
    weights_problem,
)
from assessment.skills import SKILLS_AREAS, SkillsArea
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import create_async_engine

from shared.i18n import negotiate
from shared.migrations import downgrade, upgrade

# The handbook's weights, typed out independently of the migration that seeds them.
EFQM_9 = {
    "leadership": 100,
    "strategy": 100,
    "people": 100,
    "partnerships_resources": 100,
    "processes_products_services": 100,
    "customer_results": 150,
    "people_results": 100,
    "society_results": 100,
    "key_results": 150,
}


@dataclass
class Facts:
    employees: int | None = 25
    founded_on: date | None = date(2015, 3, 1)
    private_sector_share: int | None = 70
    segments: list[str] = field(default_factory=lambda: ["software_development"])
    in_scope: bool = True
    status: str = "active"


def checks(facts: Facts, thresholds: Thresholds | None = None) -> dict[str, tuple[object, bool]]:
    automatic = check_automatic(facts, thresholds or Thresholds(), as_of=date(2027, 1, 15))
    return {c.criterion: (c.value, c.passed) for c in automatic}


class TestEligibility:
    def test_an_established_local_it_company_passes_every_criterion(self) -> None:
        seen = checks(Facts())
        assert seen == {
            "employees": (25, True),
            "years_in_business": (11, True),
            "private_sector_share": (70, True),
            "segment_in_scope": (["software_development"], True),
            "active_status": ("active", True),
        }

    @pytest.mark.parametrize(
        ("facts", "criterion", "value"),
        [
            (Facts(employees=4), "employees", 4),
            (Facts(founded_on=date(2025, 1, 16)), "years_in_business", 1),
            (Facts(private_sector_share=49), "private_sector_share", 49),
            (
                Facts(in_scope=False, segments=["telecom_operator"]),
                "segment_in_scope",
                ["telecom_operator"],
            ),
            (Facts(status="inactive"), "active_status", "inactive"),
        ],
    )
    def test_each_failing_criterion_shows_the_value_it_saw(
        self, facts: Facts, criterion: str, value: object
    ) -> None:
        seen = checks(facts)
        assert seen[criterion] == (value, False)
        assert [c for c, (_, passed) in seen.items() if not passed] == [criterion]

    def test_thresholds_are_inclusive_and_unknown_figures_fail(self) -> None:
        at_threshold = Facts(employees=5, founded_on=date(2025, 1, 15), private_sector_share=50)
        assert all(passed for _, passed in checks(at_threshold).values())
        unknown = checks(Facts(employees=None, founded_on=None, private_sector_share=None))
        assert unknown["employees"] == (None, False)
        assert unknown["years_in_business"] == (None, False)
        assert unknown["private_sector_share"] == (None, False)

    def test_a_cohort_may_set_its_own_thresholds(self) -> None:
        lenient = Thresholds(min_employees=3, min_years_in_business=1, min_private_sector_share=30)
        small = Facts(employees=3, founded_on=date(2025, 6, 1), private_sector_share=30)
        assert not all(p for _, p in checks(small).values())
        assert all(p for _, p in checks(small, lenient).values())

    def test_years_count_whole_years_like_a_birthday(self) -> None:
        assert full_years_between(date(2025, 1, 15), date(2027, 1, 15)) == 2
        assert full_years_between(date(2025, 1, 16), date(2027, 1, 15)) == 1
        assert full_years_between(date(2024, 2, 29), date(2026, 2, 28)) == 1
        assert full_years_between(date(2028, 1, 1), date(2027, 1, 15)) == -1

    def test_a_qualitative_no_makes_ineligible_and_not_yet_assessed_does_not(self) -> None:
        automatic = check_automatic(Facts(), Thresholds(), as_of=date(2027, 1, 15))
        assert is_eligible(automatic, qualitative_checks({}))
        yes = {"met": True, "comment": "strong growth"}
        no = {"met": False, "comment": "no commitment from the owners"}
        assert is_eligible(automatic, qualitative_checks({"business_performance": yes}))
        assert not is_eligible(automatic, qualitative_checks({"management_willingness": no}))
        failing = check_automatic(Facts(employees=3), Thresholds(), as_of=date(2027, 1, 15))
        assert not is_eligible(failing, qualitative_checks({"business_performance": yes}))
        assert [q.criterion for q in qualitative_checks({})] == [
            "business_performance",
            "international_links",
            "management_willingness",
        ]


class TestEfqmWeighting:
    def test_the_nine_criteria_spread_one_thousand_points(self) -> None:
        assert sum(EFQM_9.values()) == 1000
        assert weights_problem(EFQM_9) is None
        assert total_points((Decimal(100), w) for w in EFQM_9.values()) == 1000
        assert total_points((Decimal(0), w) for w in EFQM_9.values()) == 0

    def test_points_are_the_score_share_of_the_weight_exactly(self) -> None:
        assert criterion_points(Decimal("70"), 100) == Decimal("70")
        assert criterion_points(Decimal("70"), 150) == Decimal("105")
        assert criterion_points(Decimal("33.33"), 150) == Decimal("49.995")
        scored = [(Decimal("50"), 150), (Decimal("40"), 100), (Decimal("33.33"), 150)]
        assert total_points(scored) == Decimal("165.00")  # 164.995, rounded once
        with pytest.raises(ValueError, match="percentage"):
            criterion_points(Decimal("100.01"), 100)

    def test_the_total_is_rounded_once_to_two_places_half_up(self) -> None:
        assert rounded_total(Decimal("553.825")) == Decimal("553.83")
        assert str(rounded_total(Decimal("553.825"))) == "553.83"
        assert rounded_total(Decimal("0.005")) == Decimal("0.01")  # half up, not to even
        assert rounded_total(Decimal("0.0049")) == Decimal("0.00")
        assert str(rounded_total(Decimal(600))) == "600.00"
        # rounded once: the points are summed exactly first (rounding each would give 553.84)
        scored = [(Decimal("47.55"), 150), (Decimal("55"), 150), (Decimal("0.01"), 50)]
        exact = sum(criterion_points(p, w) for p, w in scored)
        assert exact == Decimal("153.8300") and total_points(scored) == Decimal("153.83")

    def test_a_total_falls_in_the_highest_band_it_reaches(self) -> None:
        def band(total: str) -> str | None:
            found = band_of(Decimal(total), DEFAULT_BANDS)
            return None if found is None else found.key

        assert [band(t) for t in ("0", "299.99", "300", "499.99", "500", "553.83", "600")] == [
            "emerging",
            "emerging",
            "developing",
            "developing",
            "advanced",
            "advanced",
            "excellent",
        ]
        assert band_of(Decimal(1), [BandDefinition(key="x", name="X", min_points=5)]) is None

    def test_bands_start_at_zero_and_do_not_overlap(self) -> None:
        criteria = [{"key": "a", "name": "a", "group": "g", "weight": 1000}]
        with pytest.raises(ValidationError, match="starts at 0"):
            MethodologyCreate.model_validate(
                {
                    "key": "x",
                    "name": "x",
                    "criteria": criteria,
                    "bands": [{"key": "b", "name": "b", "min_points": 10}],
                }
            )
        with pytest.raises(ValidationError, match="same points"):
            MethodologyCreate.model_validate(
                {
                    "key": "x",
                    "name": "x",
                    "criteria": criteria,
                    "bands": [
                        {"key": "a", "name": "a", "min_points": 0},
                        {"key": "b", "name": "b", "min_points": 0},
                    ],
                }
            )
        default = MethodologyCreate.model_validate({"key": "x", "name": "x", "criteria": criteria})
        assert [b.key for b in default.bands] == [b.key for b in DEFAULT_BANDS]

    def test_weights_must_be_positive_and_add_up_to_one_thousand(self) -> None:
        assert weights_problem({}) is not None
        assert "999" in str(weights_problem({**EFQM_9, "key_results": 149}))
        assert "positive" in str(weights_problem({**EFQM_9, "extra": 0}))

    def test_the_seven_criteria_model_is_data_that_validates(self) -> None:
        efqm_7 = MethodologyCreate.model_validate(
            {
                "key": "efqm-7",
                "name": "EFQM Model 2020",
                "criteria": [
                    {
                        "key": "purpose_vision_strategy",
                        "name": "Purpose, vision & strategy",
                        "group": "direction",
                        "weight": 100,
                    },
                    {
                        "key": "organisational_culture",
                        "name": "Culture & leadership",
                        "group": "direction",
                        "weight": 100,
                    },
                    {
                        "key": "engaging_stakeholders",
                        "name": "Engaging stakeholders",
                        "group": "execution",
                        "weight": 100,
                    },
                    {
                        "key": "creating_sustainable_value",
                        "name": "Creating sustainable value",
                        "group": "execution",
                        "weight": 200,
                    },
                    {
                        "key": "driving_performance",
                        "name": "Driving performance & transformation",
                        "group": "execution",
                        "weight": 100,
                    },
                    {
                        "key": "stakeholder_perceptions",
                        "name": "Stakeholder perceptions",
                        "group": "results",
                        "weight": 200,
                    },
                    {
                        "key": "strategic_performance",
                        "name": "Strategic & operational performance",
                        "group": "results",
                        "weight": 200,
                    },
                ],
            }
        )
        assert len(efqm_7.criteria) == 7
        with pytest.raises(ValidationError, match="not 1000"):
            MethodologyCreate.model_validate(
                {
                    "key": "x",
                    "name": "x",
                    "criteria": [{"key": "a", "name": "a", "group": "g", "weight": 10}],
                }
            )
        with pytest.raises(ValidationError, match="unique"):
            MethodologyCreate.model_validate(
                {
                    "key": "x",
                    "name": "x",
                    "criteria": [
                        {"key": "a", "name": "a", "group": "g", "weight": 500},
                        {"key": "a", "name": "b", "group": "g", "weight": 500},
                    ],
                }
            )


def criterion(key: str, weight: int, score: str) -> ScoredCriterion:
    return ScoredCriterion(key, key.replace("_", " ").title(), weight, Decimal(score))


def skill(area: str, current: int, target: int) -> AssessedSkill:
    return AssessedSkill(area, SKILLS_AREAS[area].name_en, SKILLS_AREAS[area].kind, current, target)


class TestGapOrdering:
    def test_gaps_are_what_is_missing_in_points(self) -> None:
        gaps = business_gaps(
            [criterion("leadership", 100, "40"), criterion("key_results", 150, "100")]
        ) + technical_gaps([skill("network_engineer", 1, 4), skill("business_english", 3, 2)])
        assert {g.key: g.points for g in gaps} == {
            "business:leadership": Decimal(60),
            "technical:network_engineer": Decimal(60),
        }

    def test_a_business_skills_area_is_a_business_gap_from_the_skills_assessment(self) -> None:
        gaps = business_gaps([criterion("leadership", 100, "40")]) + technical_gaps(
            [skill("business_english", 1, 3), skill("network_engineer", 1, 2)]
        )
        assert [(g.key, g.source, g.kind) for g in gaps] == [
            ("business:leadership", "efqm", "business"),
            ("technical:business_english", "skills", "business"),
            ("technical:network_engineer", "skills", "technical"),
        ]

    def test_largest_first_and_ties_by_key(self) -> None:
        gaps = business_gaps(
            [
                criterion("leadership", 100, "50"),  # 50
                criterion("key_results", 150, "50"),  # 75
                criterion("strategy", 100, "40"),  # 60
            ]
        ) + technical_gaps([skill("network_engineer", 2, 5), skill("application_developer", 0, 3)])
        assert [g.key for g in default_order(gaps)] == [
            "business:key_results",
            "business:strategy",
            "technical:application_developer",
            "technical:network_engineer",
            "business:leadership",
        ]

    def test_the_team_override_comes_first_and_the_rest_keeps_the_default(self) -> None:
        gaps = business_gaps(
            [criterion("key_results", 150, "50"), criterion("leadership", 100, "50")]
        ) + technical_gaps([skill("quality_management", 2, 3)])
        ranked = prioritise(
            gaps,
            [
                "technical:quality_management",
                "business:no_longer_a_gap",
                "technical:quality_management",
            ],
        )
        assert [(r.gap.key, r.rank, r.default_rank, r.overridden) for r in ranked] == [
            ("technical:quality_management", 1, 3, True),
            ("business:key_results", 2, 1, False),
            ("business:leadership", 3, 2, False),
        ]
        assert [r.gap.key for r in prioritise(gaps)] == [g.key for g in default_order(gaps)]


class TestCohortCalendar:
    def test_twelve_months_by_default(self) -> None:
        assert default_end(date(2027, 1, 15)) == date(2028, 1, 14)
        assert default_end(date(2027, 1, 1)) == date(2027, 12, 31)
        assert default_end(date(2028, 2, 29)) == date(2029, 2, 28)

    def test_quarters_count_from_the_cohort_start(self) -> None:
        cohort = Cohort(starts_on=date(2027, 1, 15), ends_on=date(2028, 1, 14))
        assert [
            quarter_of(cohort, d)
            for d in (date(2027, 1, 15), date(2027, 4, 14), date(2027, 4, 15), date(2028, 1, 14))
        ] == [1, 1, 2, 4]

    def test_the_status_flow_is_one_line(self) -> None:
        chain = ["planning"]
        while chain[-1] in NEXT_STATUS:
            chain.append(NEXT_STATUS[chain[-1]])
        assert chain == ["planning", "nominations_open", "selection", "active", "review", "closed"]


class TestReportNegotiation:
    @pytest.mark.parametrize(
        ("accept", "chosen"),
        [
            (None, JSON),
            ("", JSON),
            ("*/*", JSON),
            ("application/json", JSON),
            ("application/pdf", PDF),
            ("application/pdf, application/json;q=0.5", PDF),
            ("application/json;q=0.9, application/pdf", PDF),
            ("application/*;q=0.2, application/pdf;q=0.1", JSON),
            ("text/html", None),
            ("application/pdf;q=0", None),
        ],
    )
    def test_pdf_only_when_preferred(self, accept: str | None, chosen: str | None) -> None:
        assert preferred(accept) == chosen


class TestReportLanguage:
    @pytest.mark.parametrize(
        ("accept_language", "chosen"),
        [
            (None, "en"),
            ("", "en"),
            ("de-DE, fr;q=0.8", "en"),
            ("ru", "ru"),
            ("ru-KZ,ru;q=0.9,en;q=0.8", "ru"),
            ("kk-KZ", "kk"),
            ("en;q=0.5, kk;q=0.9", "kk"),
            ("ru;q=0.5, en;q=0.5", "en"),
            ("*", "en"),
            ("ru;q=0", "en"),
        ],
    )
    def test_russian_kazakh_or_english(self, accept_language: str | None, chosen: str) -> None:
        assert negotiate(accept_language) == chosen

    def test_every_language_has_every_label(self) -> None:
        for lang in ("ru", "kk"):
            assert TEXTS[lang].keys() == TEXTS["en"].keys(), lang
            assert CODES[lang].keys() == CODES["en"].keys(), lang
        for lang in ("en", "ru", "kk"):
            for text in TEXTS[lang].values():
                assert "_" not in text, text  # no API field name in what a reader reads

    def test_numbers_and_money_as_a_reader_writes_them(self) -> None:
        ru, en = Labels("ru"), Labels("en")
        assert (en.number(Decimal("553.83")), ru.number(Decimal("553.83"))) == (
            "553.83",
            "553,83",
        )
        assert en.number(Decimal("600.00")) == "600" and en.number(Decimal("49.995")) == "49.995"
        assert Labels("xx").language == "en"


def test_skills_areas_are_the_design_docs_list() -> None:
    assert set(get_args(SkillsArea)) == set(SKILLS_AREAS)
    assert len(SKILLS_AREAS) == 9
    assert {area.kind for area in SKILLS_AREAS.values()} == {"technical", "business"}


def test_the_bands_migration_gives_existing_methodologies_their_bands_and_labels(
    database: Callable[[str], str],
) -> None:
    """assessment_0009 on data written before it: every methodology gets the programme's
    bands, efqm-9 its ru/kk labels; going down leaves criteria the old code can read."""
    url = database("assessment")
    downgrade("assessment", url, "assessment_0006")
    custom = [{"key": "all", "name": "All", "group": "one", "weight": 1000}]
    before = sa.table(
        "methodology",
        sa.column("id", sa.Uuid()),
        sa.column("key", sa.String()),
        sa.column("name", sa.String()),
        sa.column("criteria", sa.JSON()),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    row = {
        "id": uuid.uuid4(),
        "key": "custom",
        "name": "Custom",
        "criteria": custom,
        "created_at": datetime(2026, 12, 1, tzinfo=UTC),
    }
    asyncio.run(_run(url, before.insert().values(**row)))
    upgrade("assessment", url)
    rows = {r.key: r for r in asyncio.run(_run(url, sa.select(Methodology)))}
    assert [b["key"] for b in rows["custom"].bands] == [b.key for b in DEFAULT_BANDS]
    assert rows["custom"].groups == [] and rows["custom"].criteria == custom
    efqm_9 = rows["efqm-9"]
    assert [(b["key"], b["min_points"]) for b in efqm_9.bands] == [
        (b.key, b.min_points) for b in DEFAULT_BANDS
    ]
    assert {c["key"]: c["name_ru"] for c in efqm_9.criteria}["leadership"] == "Лидерство"
    assert efqm_9.name_kk and {g["key"] for g in efqm_9.groups} == {"enablers", "results"}

    downgrade("assessment", url, "assessment_0006")
    old = asyncio.run(_run(url, sa.select(before.c.criteria)))
    assert len(old) == 2 and all("name_ru" not in c for r in old for c in r.criteria)
    upgrade("assessment", url)


async def _run(url: str, statement: sa.Executable) -> list[Any]:
    engine = create_async_engine(url)
    try:
        async with engine.begin() as connection:
            result = await connection.execute(statement)
            return list(result) if result.returns_rows else []
    finally:
        await engine.dispose()
