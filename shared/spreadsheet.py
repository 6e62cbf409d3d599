"""Text cells of exported spreadsheets (CSV, XLSX), neutralised against formula injection.

OWASP's CSV injection: a spreadsheet program runs a cell that begins with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return as a formula, so a company or a budget titled
``=HYPERLINK(...)`` would run on the computer of whoever opens the export. In CSV such a
text gets an apostrophe in front (``neutral``), which spreadsheets show as text and do not
display; one that itself begins with an apostrophe gets one more, so every text has exactly
one written form and ``unescape`` (an import's) gives it back exactly. In XLSX a text is
written as a string, never a formula, with Excel's quote prefix when ``is_formula_like``,
so it reads back as it was. Amounts are numbers (XLSX) or plain decimals (CSV), never text
to neutralise: ``-20.00`` is a number.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def neutral(text: str) -> str:
    """A CSV cell's text that a spreadsheet shows as text, never runs."""
    return ESCAPE + text if text.startswith((*FORMULA_STARTS, ESCAPE)) else text


def unescape(text: str) -> str:
    """A cell as ``neutral`` wrote it, back to its text (one leading apostrophe removed)."""
    return text[1:] if text.startswith(ESCAPE) else text
