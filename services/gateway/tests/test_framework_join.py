"""The framework's pure parts: a target's progress from its thresholds (and targets that
could not be read told apart from none), the milestone due, a report as issued compared with
the live figures (and refused without its targets), the CSV (BOM, text cells) and the XLSX
(its words in the reader's language)."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest
from gateway.framework import FrameworkRead, ServiceAnswer, _joined, compare, ensure_targets_read
from gateway.framework_routes import _cell, framework_csv
from gateway.framework_xlsx import framework_xlsx

from shared.errors import UpstreamError
from shared.indicators import Milestone, milestone_due, status_of

AS_OF = datetime(2027, 4, 1, tzinfo=UTC)
MILESTONES = [
    Milestone(due_on=date(2027, 3, 31), value=Decimal(10)),
    Milestone(due_on=date(2027, 6, 30), value=Decimal(20)),
]


def target(**overrides: object) -> dict[str, object]:
    return {
        "baseline": "2",
        "target": "30",
        "status": "approved",
        "on_track_percent": "90",
        "at_risk_percent": "70",
        "milestones": [m.model_dump(mode="json") for m in MILESTONES],
        **overrides,
    }


def found(value: str | None, breakdown: list[dict[str, object]] | None = None) -> dict[str, object]:
    return {"value": value, "breakdown": breakdown or [], "as_of": AS_OF}


class TestProgress:
    def test_the_milestone_due_is_the_latest_passed_else_the_first_else_the_target(self) -> None:
        assert milestone_due(MILESTONES, Decimal(30), date(2027, 4, 1)) == 10
        assert milestone_due(MILESTONES, Decimal(30), date(2027, 7, 1)) == 20
        assert milestone_due(MILESTONES, Decimal(30), date(2027, 1, 1)) == 10
        assert milestone_due([], Decimal(30), date(2027, 1, 1)) == 30

    def test_progress_from_the_baseline_against_the_thresholds(self) -> None:
        def status(actual: str) -> str:
            return status_of(
                Decimal(actual),
                baseline=Decimal(2),
                expected=Decimal(12),
                on_track_percent=Decimal(90),
                at_risk_percent=Decimal(70),
            )

        # 10 wanted above the baseline of 2: 9 reached is 90 %, 7 is 70 %
        assert [status(a) for a in ("11", "10.99", "9", "8.99", "2")] == [
            "on_track",
            "at_risk",
            "at_risk",
            "off_track",
            "off_track",
        ]
        assert (
            status_of(
                None,
                baseline=Decimal(0),
                expected=Decimal(1),
                on_track_percent=Decimal(90),
                at_risk_percent=Decimal(70),
            )
            == "no_target"
        )

    def test_joined_with_its_target_or_unavailable(self) -> None:
        joined = _joined("companies_assessed", found("11"), target(), AS_OF)
        assert (joined.status, joined.progress, joined.target.due) == ("available", "on_track", 10)  # type: ignore[union-attr]
        missing = _joined("companies_assessed", None, target(), AS_OF)
        assert (missing.status, missing.value, missing.progress) == (
            "unavailable",
            None,
            "no_target",
        )
        bare = _joined("linkages_signed", found("3"), None, AS_OF)
        assert (bare.progress, bare.target) == ("no_target", None)

    def test_targets_that_could_not_be_read_are_not_taken_for_no_target(self) -> None:
        for value in (found("3"), found(None), None):
            unread = _joined("linkages_signed", value, None, AS_OF, targets_read=False)
            assert (unread.progress, unread.target) == ("target_unavailable", None)


ANSWERED = ServiceAnswer(status="available", elapsed_ms=1)
DOWN = ServiceAnswer(
    status="unavailable", detail="unreachable (ClientConnectorError)", elapsed_ms=1
)


def framework(value: str | None, vendor: str = "Cisco", targets_read: bool = True) -> FrameworkRead:
    breakdown = [
        {
            "dimensions": {"skills_area": "network_engineer", "vendor": vendor},
            "value": Decimal(1),
            "low": None,
            "high": None,
        }
    ]
    return FrameworkRead(
        cohort_id=uuid.uuid4(),
        as_of=AS_OF,
        computed_at=AS_OF,
        services={},
        targets=ANSWERED if targets_read else DOWN,
        indicators=[
            _joined(
                "companies_assessed",
                found(value),
                target() if targets_read else None,
                AS_OF,
                targets_read=targets_read,
            ),
            _joined("certifications_verified", found("1", breakdown), None, AS_OF),
            _joined("budget_paid", None, None, AS_OF),
        ],
    )


class TestSnapshots:
    def test_a_correction_since_the_report_shows_as_a_move(self) -> None:
        issued = {"framework": framework("12").model_dump(mode="json")}
        moves = {m.code: m for m in compare(issued, framework("11")).moves}
        assert (moves["companies_assessed"].issued, moves["companies_assessed"].live) == (12, 11)
        assert moves["companies_assessed"].moved == -1
        assert moves["certifications_verified"].moved == 0
        assert (moves["budget_paid"].moved, moves["budget_paid"].live_status) == (
            None,
            "unavailable",
        )

    def test_a_report_is_refused_while_its_targets_cannot_be_read(self) -> None:
        ensure_targets_read(framework("11"))
        with pytest.raises(UpstreamError) as refused:
            ensure_targets_read(framework("11", targets_read=False))
        assert refused.value.status == 502
        assert str(refused.value.detail) == "The assessment service is unavailable."


class TestCsv:
    def test_utf8_with_bom_a_row_per_indicator_and_one_per_breakdown_row(self) -> None:
        data = framework_csv(framework("11", vendor='=HYPERLINK("x")'))
        assert data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert [(r["code"], r["dimensions"]) for r in rows] == [
            ("companies_assessed", ""),
            ("certifications_verified", ""),
            ("certifications_verified", 'skills_area=network_engineer; vendor==HYPERLINK("x")'),
            ("budget_paid", ""),
        ]
        assert rows[0]["name_kk"] == "Бағаланған компаниялар" and rows[0]["progress"] == "on_track"
        assert rows[3]["status"] == "unavailable"

    def test_targets_that_could_not_be_read_say_so(self) -> None:
        data = framework_csv(framework("11", targets_read=False))
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert (rows[0]["target"], rows[0]["progress"]) == ("", "target_unavailable")

    def test_a_cell_a_spreadsheet_would_run_is_text_and_numbers_stay_numbers(self) -> None:
        assert _cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
        assert _cell("@SUM(A1)") == "'@SUM(A1)"
        assert (_cell("-5.25"), _cell(Decimal("-1")), _cell(None)) == ("-5.25", "-1", "")


class TestXlsx:
    def read(self, language: str, vendor: str = "Cisco") -> list[list[object]]:
        data = framework_xlsx(framework("11", vendor=vendor), language)
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        assert sheet is not None
        return [[cell.value for cell in row] for row in sheet.iter_rows()]

    def test_words_are_kazakh_codes_and_figures_stay_what_they_are(self) -> None:
        rows = self.read("kk", vendor='=HYPERLINK("x")')
        header, assessed, certified, breakdown, paid = rows
        assert header[:3] == ["Коды", "Көрсеткіш", "Қызмет"] and header[-1] == "Үдеріс"
        assert assessed[:5] == [
            "companies_assessed",
            "Бағаланған компаниялар",
            "бағалау",
            "компаниялар",
            "қолжетімді",
        ]
        assert assessed[5] == AS_OF.replace(tzinfo=None)  # a date cell, not text
        assert assessed[7] == 11 and isinstance(assessed[7], int | float)
        assert (assessed[10], assessed[11], assessed[12]) == (2, 30, 10)
        assert (assessed[13], assessed[14]) == ("бекітілген", "жоспар бойынша")
        assert certified[14] == "мақсат жоқ"
        assert breakdown[0] == "certifications_verified" and breakdown[1] is None
        assert breakdown[6] == 'skills_area=network_engineer; vendor==HYPERLINK("x")'
        assert breakdown[7] == 1
        assert paid[4] == "қолжетімсіз" and paid[7] is None

    def test_targets_that_could_not_be_read_are_named_in_every_language(self) -> None:
        for language, words in (
            ("kk", "мақсат қолжетімсіз"),
            ("ru", "цель недоступна"),
            ("en", "target unavailable"),
        ):
            data = framework_xlsx(framework("11", targets_read=False), language)
            sheet = openpyxl.load_workbook(io.BytesIO(data)).active
            assert sheet is not None
            assessed = [cell.value for cell in next(sheet.iter_rows(min_row=2, max_row=2))]
            assert (assessed[11], assessed[14]) == (None, words), language

    def test_english_and_russian_and_no_cell_is_a_formula(self) -> None:
        english = self.read("en")
        assert english[0][:2] == ["Code", "Indicator"] and english[1][14] == "on track"
        russian = self.read("ru", vendor="=1+1")
        assert russian[1][1] == "Оценено компаний" and russian[1][14] == "по плану"
        data = framework_xlsx(framework("11", vendor="=1+1"), "ru")
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        assert sheet is not None
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
