"""The catalogue's CSV import: one course per row, all rows or none.

Columns (header row required, any order): ``skills_area, title, provider, provider_kind,
certification_name, certification_code, certification_level, languages, delivery,
duration_hours, list_price, currency, vendor_discount_percent, validity_months,
verification_method, description``. ``languages`` and ``delivery`` hold several values
separated by ``;`` (``ru;en``); empty optional cells mean "not given". UTF-8, with or
without a byte-order mark, comma-separated.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from shared.errors import Problem, error_field, field_message
from shared.i18n import message
from training.courses.schemas import CourseCreate
from training.messages import MESSAGES

MAX_BYTES = 1024 * 1024
"""1 MiB: a course import's one size limit (413 beyond, naming it)."""
MAX_ROWS = 1000
REQUIRED = (
    "skills_area",
    "title",
    "provider",
    "provider_kind",
    "certification_name",
    "languages",
    "delivery",
    "duration_hours",
    "list_price",
    "currency",
    "verification_method",
)
OPTIONAL = (
    "certification_code",
    "certification_level",
    "vendor_discount_percent",
    "validity_months",
    "description",
)


def _header_pattern() -> str:
    """The file as the OpenAPI document states it: a header line with the required columns
    in the order above, then any optional ones, then at least one line that is not blank.
    (The import also takes the columns in any order; a pattern that said so would need
    look-aheads, which generated clients and test data generators handle badly.)"""
    others = "|".join(OPTIONAL)
    return rf"^\ufeff?{','.join(REQUIRED)}(,({others}))*\r?\n[^\x00]*[^\x00\r\n][^\x00]*$"


HEADER_PATTERN = _header_pattern()


class InvalidCsv(Problem):
    status = 422
    slug = "validation"


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _row_body(row: dict[str, str]) -> dict[str, Any]:
    cell = {k: (v or "").strip() for k, v in row.items() if k is not None}
    body: dict[str, Any] = {
        "skills_area": cell["skills_area"],
        "title": cell["title"],
        "provider": cell["provider"],
        "provider_kind": cell["provider_kind"],
        "certification": {
            "name": cell["certification_name"],
            "code": cell.get("certification_code") or None,
            "level": cell.get("certification_level") or None,
        },
        "languages": _split(cell["languages"]),
        "delivery": _split(cell["delivery"]),
        "duration_hours": cell["duration_hours"],
        "list_price": {"amount": cell["list_price"], "currency": cell["currency"]},
        "verification_method": cell["verification_method"],
    }
    for name in ("vendor_discount_percent", "validity_months", "description"):
        if cell.get(name):
            body[name] = cell[name]
    return body


def parse(raw: bytes) -> list[CourseCreate]:
    """Every row as a course to propose; a 422 naming each bad row and field otherwise."""
    reader = _reader(raw)
    courses, errors = [], []
    for number, row in enumerate(_rows(reader), start=2):  # the header is line 1
        if number - 1 > MAX_ROWS:
            raise InvalidCsv(message(MESSAGES["too_many_courses"], limit=MAX_ROWS))
        if None in row:
            errors.append(
                {
                    "in": "body",
                    "row": number,
                    "field": "row",
                    "message": message(MESSAGES["more_cells_than_columns"]),
                    "code": "too_many_cells",
                }
            )
            continue
        try:
            courses.append(CourseCreate.model_validate(_row_body(row)))
        except ValidationError as exc:
            errors.extend(
                {
                    "in": "body",
                    "row": number,
                    "field": error_field(e),
                    "message": field_message(e),
                    "code": e["type"],
                }
                for e in exc.errors()
            )
    if errors:
        raise InvalidCsv(
            message(MESSAGES["rows_invalid"], count=len({e["row"] for e in errors})),
            errors=errors,
        )
    if not courses:
        raise InvalidCsv(message(MESSAGES["no_courses"]))
    return courses


def check_header(raw: bytes) -> None:
    """UTF-8 with the import's columns, checked before a job is made of the file."""
    _reader(raw)


def _reader(raw: bytes) -> csv.DictReader[str]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidCsv(message(MESSAGES["not_utf8"])) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = set(reader.fieldnames or [])
    missing = [c for c in REQUIRED if c not in header]
    unknown = sorted(header - set(REQUIRED) - set(OPTIONAL))
    if missing or unknown:
        raise InvalidCsv(
            message(MESSAGES["header_mismatch"]),
            missing_columns=missing,
            unknown_columns=unknown,
        )
    return reader


def _rows(reader: csv.DictReader[str]) -> Iterator[dict[str, str]]:
    """The rows; a file the CSV reader gives up on (a cell past its size limit, a stray
    NUL) is a 422 naming the line, not a failure of the import."""
    try:
        yield from reader
    except csv.Error as exc:
        raise InvalidCsv(
            message(MESSAGES["csv_line"], line=reader.line_num, error=str(exc))
        ) from None
