"""The CSV layout of company imports and exports (one format, so an export re-imports)."""

from __future__ import annotations

from typing import Any

# Columns an import reads. Lists go in one cell separated by ";". Products, certifications
# and contacts are maintained through the API, not CSV.
COLUMNS = (
    "bin",
    "kind",
    "display_name",
    "name_kk",
    "name_ru",
    "name_en",
    "foreign_registration_number",
    "country",
    "segments",
    "oked_codes",
    "region",
    "city",
    "address",
    "website",
    "description",
    "employees",
    "founded_on",
    "private_sector_share",
    "capabilities",
    "tags",
    "status",
)
LIST_COLUMNS = frozenset({"segments", "oked_codes", "capabilities", "tags"})
REQUIRED = frozenset({"bin", "kind", "display_name", "segments"})
# Columns an export adds and an import ignores, so an export can be fed straight back.
READ_ONLY = ("id", "in_scope", "publication", "last_verified_at", "updated_at")
EXPORT_COLUMNS = (*COLUMNS[:1], *READ_ONLY[:1], *COLUMNS[1:], *READ_ONLY[1:])
LIST_SEPARATOR = ";"


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def parse_row(row: dict[str, str]) -> dict[str, Any]:
    """Cells to a create payload: blanks are absent, lists are split."""
    payload: dict[str, Any] = {}
    for column in COLUMNS:
        raw = (row.get(column) or "").strip()
        if column in LIST_COLUMNS:
            payload[column] = [p.strip() for p in raw.split(LIST_SEPARATOR) if p.strip()]
        elif raw:
            payload[column] = raw
    return payload
