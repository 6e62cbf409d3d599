"""A company's or partner's statement as one table, which the CSV and XLSX exports both
write: a row per currency, module and paying party (``all`` first), then each currency's
total; with a rate policy, the converted figures last, marked ``converted``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TypeVar

from finance.costing import Split, Tally
from finance.modules import LABELS, Module
from finance.reports.schemas import (
    CompanyStatementRead,
    PartnerModule,
    PartnerStatementRead,
)
from finance.rules.split import Party
from shared.money import Money

Cell = str | Decimal
Figures = TypeVar("Figures")

KEYS = ["currency", "converted", "module", "module_en", "module_ru", "party", "in_kind"]
HEADINGS = [
    ("Currency", "Валюта"),
    ("Converted", "В пересчёте"),
    ("Module code", "Код модуля"),
    ("Module", "Модуль, англ."),
    ("Module, Russian", "Модуль"),
    ("Party", "Сторона"),
    ("In kind", "В натуральной форме"),
]


def _rows(
    currency: str,
    converted: bool,
    modules: dict[Module, Figures],
    total: Figures,
    splits: Callable[[Figures], Sequence[Split]],
) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    labelled = [(m.value, *LABELS[m], figures) for m, figures in modules.items()]
    for code, en, ru, figures in [*labelled, ("total", "Total", "Итого", total)]:
        parts = splits(figures)
        parties = [p for p in Party if any(p in s.shares for s in parts)]
        for party in [None, *parties]:
            rows.append(
                [
                    currency,
                    "yes" if converted else "",
                    code,
                    en,
                    ru,
                    party.value if party else "all",
                    "yes" if party is Party.VENDOR else "",
                    *(_amount(s, party) for s in parts),
                ]
            )
    return rows


def _amount(split: Split, party: Party | None) -> Decimal:
    """A party's figure, zero in the currency's places when it has none (``0.00``)."""
    money = split.total if party is None else split.shares.get(party)
    return (money or Money.from_minor(0, split.total.currency)).amount


def company_table(
    statement: CompanyStatementRead,
) -> tuple[list[str], list[tuple[str, str]], list[list[Cell]]]:
    """Column keys, headings (English, Russian) and rows of a company statement."""
    rows: list[list[Cell]] = []
    blocks = [(c, False) for c in statement.currencies]
    if statement.converted is not None:
        blocks.append((statement.converted, True))
    for block, converted in blocks:
        nothing = Tally(block.currency).read()
        modules = {m: (s, block.paid_modules.get(m, nothing)) for m, s in block.modules.items()}
        total = (block.total, block.paid or nothing)
        rows += _rows(block.currency, converted, modules, total, list)
    headings = [("Committed", "Обязательства"), ("Paid", "Оплачено")]
    return [*KEYS, "committed", "paid"], [*HEADINGS, *headings], rows


def partner_table(
    statement: PartnerStatementRead,
) -> tuple[list[str], list[tuple[str, str]], list[list[Cell]]]:
    """Column keys, headings (English, Russian) and rows of a partner statement."""

    def splits(figures: PartnerModule) -> list[Split]:
        return [figures.committed, figures.contributed, figures.remaining]

    rows: list[list[Cell]] = []
    blocks = [(c, False) for c in statement.currencies]
    if statement.converted is not None:
        blocks.append((statement.converted, True))
    for block, converted in blocks:
        rows += _rows(block.currency, converted, block.modules, block.total, splits)
    headings = [
        ("Committed", "Обязательства"),
        ("Contributed", "Внесено"),
        ("Remaining", "Остаток"),
    ]
    return [*KEYS, "committed", "contributed", "remaining"], [*HEADINGS, *headings], rows
