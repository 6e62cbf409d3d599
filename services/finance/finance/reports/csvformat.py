"""The budget execution report as CSV: UTF-8 with a BOM, so that spreadsheet programs open
the Russian headings correctly; one row per module and paying party, then the totals. With
a rate policy, four more columns: committed, invoiced, paid and remaining in every currency,
converted into the budget's.

Amounts are plain decimal text (``1234.50``), never formatted with thousands separators a
spreadsheet might misread; text cells are neutralised against formulas
(``shared.spreadsheet.neutral``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal

from finance.costing import Split
from finance.modules import LABELS
from finance.reports.schemas import Execution, ExecutionRead
from finance.rules.split import Party
from shared.spreadsheet import neutral

BOM = "\ufeff"
HEADER = [
    "module",
    "module_en",
    "module_ru",
    "party",
    "in_kind",
    "budgeted_low",
    "budgeted_high",
    "committed",
    "invoiced",
    "paid",
    "remaining",
    "currency",
]
FIGURES = ("committed", "invoiced", "paid", "remaining")


def _amount(split: Split, party: Party | None) -> str:
    money = split.total if party is None else split.shares.get(party)
    return f"{money.amount}" if money is not None else "0"


CONVERTED = tuple(f"{f}_converted" for f in FIGURES)
"""Columns added with a rate policy: every currency's figures converted into the budget's."""


def _rows(code: str, en: str, ru: str, figures: Execution, currency: str) -> list[list[str]]:
    splits = [figures.budgeted.low, figures.budgeted.high, *(getattr(figures, f) for f in FIGURES)]
    converted = [getattr(figures, f) for f in CONVERTED]
    splits += [split for split in converted if split is not None]
    parties = [p for p in Party if any(p in s.shares for s in splits)]
    rows = []
    for party in [None, *parties]:
        rows.append(
            [
                neutral(code),
                neutral(en),
                neutral(ru),
                party.value if party else "all",
                "yes" if party is Party.VENDOR else "",
                *(_amount(split, party) for split in splits[:6]),
                currency,
                *(_amount(split, party) for split in splits[6:]),
            ]
        )
    return rows


def execution_csv(report: ExecutionRead) -> str:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*HEADER, *(CONVERTED if report.rate_policy else ())])
    for module in report.modules:
        en, ru = LABELS[module.module]
        writer.writerows(_rows(module.module.value, en, ru, module, report.currency))
    writer.writerows(_rows("total", "Total", "Итого", report.total, report.currency))
    return out.getvalue()


def statement_csv(keys: Sequence[str], rows: Sequence[Sequence[str | Decimal]]) -> str:
    """A statement's table (``statement_table``): keys as the header, amounts as plain
    decimals, text neutralised."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(keys)
    writer.writerows(
        [f"{cell}" if isinstance(cell, Decimal) else neutral(cell) for cell in row] for row in rows
    )
    return out.getvalue()
