"""The CSV layout of company imports and exports (one format, so an export re-imports).

Formula injection (OWASP): a spreadsheet program runs a cell that begins with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return as a formula, so a company that names itself
``=HYPERLINK(...)`` would run code on the computer of whoever opens the staff's export. The
export prefixes such a cell with an apostrophe, which spreadsheets show as text and do not
display; a cell that itself begins with an apostrophe gets one more, so every value has
exactly one written form. The import removes one leading apostrophe from every cell, so an
export re-imports exactly, whatever its values. (A hand-written file whose value must begin
with an apostrophe writes two.)
"""

from __future__ import annotations

import re
from typing import Any

from registry.company.fields import CHILD_LISTS, CREATE_FIELDS
from shared.spreadsheet import ESCAPE, neutral

# Columns an import reads, the create payload's fields but the lists of records (products,
# certifications and contacts are maintained through the API or a JSON import, not CSV).
# Lists go in one cell separated by ";".
COLUMNS = (
    "bin",
    *(f for f in CREATE_FIELDS if f not in CHILD_LISTS and f != "bin"),
    "last_verified_at",
)
LIST_COLUMNS = frozenset({"segments", "oked_codes", "capabilities", "tags"})
INTEGER_COLUMNS = frozenset({"employees", "private_sector_share"})
REQUIRED = frozenset({"bin", "kind", "display_name", "segments"})
# Columns an export adds and an import ignores, so an export can be fed straight back.
READ_ONLY = ("id", "in_scope", "publication", "updated_at")
EXPORT_COLUMNS = ("bin", "id", *COLUMNS[1:], *READ_ONLY[1:])
LIST_SEPARATOR = ";"


def _header_pattern() -> str:
    """The header line as the OpenAPI document states it: the required columns first, then
    any others the format knows. (The import also takes the required ones in another order;
    a pattern that said so would need look-aheads, which generated clients and test data
    generators handle badly.)"""
    required = [c for c in COLUMNS if c in REQUIRED]
    others = "|".join(c for c in (*COLUMNS, *READ_ONLY) if c not in REQUIRED)
    return rf"^{','.join(required)}(,({others}))*(\r?\n[^\x00]*)?$"


HEADER_PATTERN = _header_pattern()
_INTEGER = re.compile(r"-?[0-9]+")


def cell(value: Any) -> str:
    """A value as an export writes it (``neutral``: never a formula)."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return neutral(LIST_SEPARATOR.join(str(v) for v in value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return neutral(str(value))


def parse_row(row: dict[str, str]) -> dict[str, Any]:
    """Cells to a create payload: blanks are absent, lists are split, counts are numbers
    (the payload's counts are strict integers: a cell that is not one stays text and is
    refused naming its column)."""
    payload: dict[str, Any] = {}
    for column in COLUMNS:
        raw = row.get(column) or ""
        if raw[:1] == ESCAPE:  # ``neutral`` undone, inline: a call per cell cost a tenth of parsing
            raw = raw[1:]
        raw = raw.strip()
        if column in LIST_COLUMNS:
            payload[column] = [p.strip() for p in raw.split(LIST_SEPARATOR) if p.strip()]
        elif not raw:
            continue
        elif column in INTEGER_COLUMNS and _INTEGER.fullmatch(raw):
            payload[column] = int(raw)
        else:
            payload[column] = raw
    return payload
