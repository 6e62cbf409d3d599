"""The budget execution report as an XLSX workbook, the format funders and ministries work in.

Four sheets, each heading in English and Russian:

- **Execution**: the budget (title, year, cohort, revision, scope, rate policy), then per
  module of the handbook (its heading) and in total a row for all parties and one per paying
  party: the budgeted low and high, committed, invoiced, paid, remaining (with a rate policy
  also committed, invoiced, paid and remaining in every currency, converted), committed as
  % of the high;
- **Sources of funding**: per paying party (the vendors' discounts marked in kind) the same
  figures over the whole budget, and what share of the committed each party carries; the
  total, and its in-kind part of each figure; what is committed in other currencies
  beneath, said to be outside the total;
- **Budget lines**: the budget's cost lines under their module's heading, low and high, the
  programme's share of each;
- **Commitment lines**: every commitment line counted, one row each (100,000 lines for a
  hundred cohorts), streamed from the database into xlsxwriter's constant-memory mode (each
  row goes to a temporary file as soon as it is written), so memory stays flat whatever the
  count.

Amounts are numbers with two places (``#,##0.00``): spreadsheet numbers are doubles, exact
for amounts in cents up to 2^53; text cells are strings, never formulas (``shared.spreadsheet``).
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from finance.budgets.models import Budget
from finance.costing import Costing, Split
from finance.modules import LABELS, Module
from finance.reports.schemas import Execution, ExecutionRead, RatePolicyRead
from finance.reports.service import LineRow
from finance.rules.split import Party
from finance.statuses import STATUSES
from shared.money import MINOR_UNITS
from shared.spreadsheet import is_formula_like

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BUDGET_STATUS = STATUSES.find("budget")
"""The revision's status in English and Russian, as ``/reference/statuses`` labels it."""
AMOUNT = "#,##0.00"
PERCENT = "0.00"

PARTY_LABELS: dict[Party, tuple[str, str]] = {
    Party.PROGRAMME: ("Programme", "Программа"),
    Party.LOCAL_COMPANY: ("Local companies", "Местные компании"),
    Party.INTERNATIONAL_COMPANY: ("International companies", "Международные компании"),
    Party.HOST_COMPANY: ("Host companies", "Принимающие компании"),
    Party.VENDOR: ("Training vendors (in kind)", "Поставщики обучения (в натуральной форме)"),
}
FIGURE_HEADINGS = [
    ("Budgeted low", "Бюджет, мин."),
    ("Budgeted high", "Бюджет, макс."),
    ("Committed", "Обязательства"),
    ("Invoiced", "Выставлено счетов"),
    ("Paid", "Оплачено"),
    ("Remaining", "Остаток"),
]
CONVERTED_HEADINGS = [
    ("Committed, converted", "Обязательства, в пересчёте"),
    ("Invoiced, converted", "Выставлено счетов, в пересчёте"),
    ("Paid, converted", "Оплачено, в пересчёте"),
    ("Remaining, converted", "Остаток, в пересчёте"),
]
"""With a rate policy: every currency's figures converted into the budget's."""


def _headings(report: ExecutionRead) -> list[tuple[str, str]]:
    return FIGURE_HEADINGS + (CONVERTED_HEADINGS if report.rate_policy else [])


def policy_text(policy: RatePolicyRead | None) -> str:
    """A rate policy in words, for a sheet's heading."""
    if policy is None:
        return "none: other currencies are not converted / нет: без пересчёта"
    when = (
        f"fixed, {policy.rate_on} / на дату {policy.rate_on}"
        if policy.rate_on
        else "each transaction's date / на дату каждой операции"
    )
    return f"{when}; {policy.source} {policy.rate_type}"


class _Sheet:
    """A sheet written row after row (constant_memory: a row is flushed once the next one
    starts); text cells are strings, never formulas, and amounts are formatted numbers."""

    def __init__(self, book: Workbook, title: str) -> None:
        self.sheet: Worksheet = book.add_worksheet(title)
        self.row_index = 0
        self.formats = {
            (number, bold, quote): book.add_format(
                {
                    **({"num_format": number} if number else {}),
                    **({"bold": True} if bold else {}),
                    **({"quote_prefix": True} if quote else {}),
                }
            )
            for number in (None, AMOUNT, PERCENT)
            for bold in (False, True)
            for quote in (False, True)
        }

    def append(self, cells: Sequence[Any]) -> None:
        """A row of ``(value, number_format, bold)`` or plain values."""
        for column, cell in enumerate(cells):
            value, number, bold = cell if isinstance(cell, tuple) else (cell, None, False)
            if value is None:
                continue
            quote = isinstance(value, str) and is_formula_like(value)
            style = self.formats[(number, bold, quote)] if (number or bold or quote) else None
            if isinstance(value, str):
                self.sheet.write_string(self.row_index, column, value, style)
            elif isinstance(value, Decimal):
                self.sheet.write_number(self.row_index, column, float(value), style)
            else:
                self.sheet.write(self.row_index, column, value, style)
        self.row_index += 1

    def cell(self, value: Any, number_format: str | None = None, bold: bool = False) -> Any:
        return (value, number_format, bold)

    def text(self, *values: Any, bold: bool = False) -> None:
        self.append([self.cell(v, bold=bold) for v in values])

    def row(
        self, texts: Sequence[Any], amounts: Sequence[Decimal | None], bold: bool = False
    ) -> None:
        self.append(
            [
                *(self.cell(t, bold=bold) for t in texts),
                *(self.cell(a, AMOUNT, bold) if a is not None else None for a in amounts),
            ]
        )


def _amount(split: Split, party: Party | None) -> Decimal:
    money = split.total if party is None else split.shares.get(party)
    return money.amount if money is not None else Decimal(0)


def _splits(figures: Execution) -> list[Split]:
    """The figures in the order of ``_headings``: the converted ones with a rate policy."""
    converted = [
        figures.committed_converted,
        figures.invoiced_converted,
        figures.paid_converted,
        figures.remaining_converted,
    ]
    return [
        figures.budgeted.low,
        figures.budgeted.high,
        figures.committed,
        figures.invoiced,
        figures.paid,
        figures.remaining,
        *(split for split in converted if split is not None),
    ]


def _parties(splits: Sequence[Split]) -> list[Party]:
    return [p for p in Party if any(p in s.shares for s in splits)]


def _execution_sheet(book: Workbook, report: ExecutionRead, budget: Budget) -> None:
    sheet = _Sheet(book, "Execution")
    sheet.text("Budget execution / Исполнение бюджета", bold=True)
    sheet.text("Budget / Бюджет", budget.title)
    sheet.text("Programme year / Программный год", report.programme_year)
    sheet.text("Cohort / Когорта", str(report.cohort_id) if report.cohort_id else "—")
    status = BUDGET_STATUS.label(report.status, "en"), BUDGET_STATUS.label(report.status, "ru")
    sheet.text("Revision / Редакция", report.revision, " / ".join(status))
    sheet.text("Currency / Валюта", report.currency)
    sheet.text("Scope / Охват", report.scope)
    sheet.text("Rate policy / Пересчёт валют", policy_text(report.rate_policy))
    sheet.text("Generated / Сформирован", report.generated_at.isoformat())
    sheet.text()
    headings = ["Module", "Модуль", "Party", "Сторона", "In kind"]
    figures = _headings(report)
    sheet.text(*headings, *(en for en, _ in figures), "Committed, % of high", bold=True)
    sheet.text(
        "", "", "", "", "В натуральной форме", *(ru for _, ru in figures),
        "Обязательства, % от макс.", bold=True,
    )  # fmt: skip
    rows: list[tuple[str, str, Execution]] = [(*LABELS[m.module], m) for m in report.modules]
    rows.append(("Total", "Итого", report.total))
    for en, ru, figures in rows:
        splits = _splits(figures)
        percent = figures.committed_percent_of_high
        sheet.append(
            [
                sheet.cell(en, bold=True),
                sheet.cell(ru, bold=True),
                sheet.cell("All parties", bold=True),
                sheet.cell("Все стороны", bold=True),
                None,
                *(sheet.cell(_amount(s, None), AMOUNT, True) for s in splits),
                sheet.cell(percent, PERCENT, True) if percent is not None else None,
            ]
        )
        for party in _parties(splits):
            party_en, party_ru = PARTY_LABELS[party]
            sheet.row(
                [en, ru, party_en, party_ru, "yes / да" if party is Party.VENDOR else ""],
                [_amount(s, party) for s in splits],
            )
    for other in report.other_currencies:
        sheet.text()
        sheet.text(
            f"Committed in {other.currency}, not converted / "
            f"Обязательства в {other.currency}, без пересчёта",
            bold=True,
        )
        # under the Committed heading, as the budget's own currency above
        for module, split in other.modules.items():
            sheet.row([*LABELS[module], "", "", ""], [None, None, split.total.amount])
        sheet.row(["Total", "Итого", "", "", ""], [None, None, other.total.total.amount], bold=True)


def _sources_sheet(book: Workbook, report: ExecutionRead) -> None:
    sheet = _Sheet(book, "Sources of funding")
    sheet.text("Sources of funding / Источники финансирования", bold=True)
    sheet.text(f"{report.currency}, {report.scope}")
    sheet.text("Rate policy / Пересчёт валют", policy_text(report.rate_policy))
    sheet.text()
    figures = _headings(report)
    sheet.text("Party", "In kind", *(en for en, _ in figures), "Share of committed, %", bold=True)
    sheet.text(
        "Сторона", "В натуральной форме", *(ru for _, ru in figures),
        "Доля в обязательствах, %", bold=True,
    )  # fmt: skip
    splits = _splits(report.total)
    committed = report.total.committed.total.amount
    for party in _parties(splits):
        en, ru = PARTY_LABELS[party]
        share = _amount(report.total.committed, party)
        percent = (share * 100 / committed).quantize(Decimal("0.01")) if committed else None
        sheet.append(
            [
                sheet.cell(f"{en} / {ru}"),
                sheet.cell("yes / да" if party is Party.VENDOR else ""),
                *(sheet.cell(_amount(s, party), AMOUNT) for s in splits),
                sheet.cell(percent, PERCENT) if percent is not None else None,
            ]
        )
    sheet.row(["Total / Итого", ""], [_amount(s, None) for s in splits], bold=True)
    sheet.text()
    # each figure's in-kind part under that figure's own heading
    sheet.row(["In kind / В натуральной форме", "yes / да"], [s.in_kind.amount for s in splits])
    for other in report.other_currencies:  # a funder must not take the total above for all
        sheet.row(
            [
                f"Committed in {other.currency}, not converted, not in the total / "
                f"Обязательства в {other.currency}, без пересчёта, не в итоге",
                "",
            ],
            [None, None, other.total.total.amount],
        )


def _lines_sheet(book: Workbook, figures: Costing) -> None:
    sheet = _Sheet(book, "Budget lines")
    sheet.text("Budget lines / Статьи бюджета", bold=True)
    sheet.text(
        "Module / Модуль", "Line / Статья", "Rule / Правило",
        "Low / Мин.", "High / Макс.", "Programme, high / Программа, макс.",
        "Programme, % / Программа, %", bold=True,
    )  # fmt: skip
    by_module: dict[Module, list[Any]] = {}
    for line in figures.lines:
        by_module.setdefault(line.module, []).append(line)
    for module_cost in figures.modules:
        lines = by_module.get(module_cost.module, [])
        en, ru = LABELS[module_cost.module]
        sheet.row(
            [f"{en} / {ru}", "", ""],
            [module_cost.low.total.amount, module_cost.high.total.amount],
            bold=True,
        )
        for line in lines:
            programme = line.high.shares.get(Party.PROGRAMME)
            percent = line.high.programme_percent
            sheet.append(
                [
                    sheet.cell(""),
                    sheet.cell(line.description),
                    sheet.cell(f"{line.rule.code} v{line.rule.version}"),
                    sheet.cell(line.low.total.amount, AMOUNT),
                    sheet.cell(line.high.total.amount, AMOUNT),
                    sheet.cell(programme.amount if programme else Decimal(0), AMOUNT),
                    sheet.cell(percent, PERCENT) if percent is not None else None,
                ]
            )


def _write_lines(
    raw: Worksheet, row: int, batch: list[LineRow], when: Format, amount: Format
) -> int:
    """One batch of commitment lines from ``row`` on; returns the next row. The hot loop:
    no formula can arise here (codes, ids, numbers), so plain writes."""
    for at, kind, source_id, module, party, company_id, in_kind, minor, currency in batch:
        if isinstance(at, datetime):
            raw.write_datetime(row, 0, at.replace(tzinfo=None), when)
        raw.write_string(row, 1, kind)
        raw.write_string(row, 2, str(source_id))
        raw.write_string(row, 3, module)
        raw.write_string(row, 4, party)
        if company_id:
            raw.write_string(row, 5, str(company_id))
        if in_kind:
            raw.write_string(row, 6, "yes")
        raw.write_number(row, 7, minor / 10 ** MINOR_UNITS[currency], amount)
        raw.write_string(row, 8, currency)
        row += 1
    return row


async def _commitment_lines(book: Workbook, batches: AsyncIterator[list[LineRow]]) -> int:
    """Every line, batch by batch; each batch is written in a worker thread, so that the
    service keeps answering other requests while a 100,000-line export is built."""
    sheet = _Sheet(book, "Commitment lines")
    sheet.text(
        "Committed at (UTC) / Дата", "Source / Источник", "Source id", "Module / Модуль",
        "Party / Сторона", "Company id / Компания", "In kind / Натуральная", "Amount / Сумма",
        "Currency / Валюта", bold=True,
    )  # fmt: skip
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    amount = sheet.formats[(AMOUNT, False, False)]
    row = sheet.row_index
    async for batch in batches:
        row = await asyncio.to_thread(_write_lines, sheet.sheet, row, batch, when, amount)
    return row - 1


async def execution_xlsx(
    report: ExecutionRead,
    budget: Budget,
    figures: Costing,
    lines: AsyncIterator[list[LineRow]],
) -> bytes:
    """The workbook's bytes: the report's sheets, then the commitment lines streamed in."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True})
    _execution_sheet(book, report, budget)
    _sources_sheet(book, report)
    _lines_sheet(book, figures)
    await _commitment_lines(book, lines)
    await asyncio.to_thread(book.close)  # compressing the sheets: CPU, off the event loop
    return out.getvalue()


def statement_xlsx(
    title: tuple[str, str],
    about: Sequence[tuple[str, str]],
    headings: Sequence[tuple[str, str]],
    rows: Sequence[Sequence[str | Decimal]],
) -> bytes:
    """A statement's table (``statement_table``) on one sheet: the title, what it is about,
    the headings in English and Russian, the rows (amounts as numbers)."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True})
    sheet = _Sheet(book, "Statement")
    sheet.text(" / ".join(title), bold=True)
    for label, value in about:
        sheet.text(label, value)
    sheet.text()
    sheet.text(*(en for en, _ in headings), bold=True)
    sheet.text(*(ru for _, ru in headings), bold=True)
    for row in rows:
        sheet.append([sheet.cell(c, AMOUNT) if isinstance(c, Decimal) else c for c in row])
    book.close()
    return out.getvalue()
