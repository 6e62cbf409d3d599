"""Text cells of exported reports, neutralised against formula injection (OWASP).

A spreadsheet program runs a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula, so a budget titled ``=HYPERLINK(...)`` would run on the
computer of whoever opens the ministry's export. In CSV such a text gets an apostrophe in
front (spreadsheets show it as text and hide the apostrophe; one already there gets another,
so every text has one written form). In XLSX the cell is written as a string, never a
formula, with Excel's quote prefix, so the text reads back exactly as it was. Amounts are
numbers (XLSX) or plain decimals (CSV), never text to neutralise: ``-20.00`` is a number.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def neutral(text: str) -> str:
    """A CSV cell's text that a spreadsheet shows as text, never runs."""
    return ESCAPE + text if text.startswith((*FORMULA_STARTS, ESCAPE)) else text
