"""Reference codes as request fields: documented as the enum of their codes, checked with a
422 that names the reference endpoint listing them.

The OpenAPI document lists the allowed values (so a generated client offers them); the check
stays a validator of our own rather than a ``Literal`` because pydantic's message for an
unknown literal spells out every code (over a hundred capabilities) instead of pointing at
the endpoint that describes them in three languages.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from pydantic import WithJsonSchema, field_validator

from registry import reference
from registry.messages import MESSAGES
from shared.errors import InvalidValue
from shared.i18n import Text, message

REFERENCE_PATH = "/v1/registry/reference"
"""Where a client finds the codes (through the gateway)."""


def _enum(table: Mapping[str, Any]) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "enum": list(table)})


SegmentCode = Annotated[str, _enum(reference.SEGMENTS)]
RegionCode = Annotated[str, _enum(reference.REGIONS)]
CityCode = Annotated[str, _enum(reference.CITIES)]
CapabilityCode = Annotated[str, _enum(reference.CAPABILITIES)]
ProductCategoryCode = Annotated[str, _enum(reference.PRODUCT_CATEGORIES)]

KNOWN: Mapping[str, Mapping[str, Any]] = {
    "segments": reference.SEGMENTS,
    "regions": reference.REGIONS,
    "cities": reference.CITIES,
    "capabilities": reference.CAPABILITIES,
    "product-categories": reference.PRODUCT_CATEGORIES,
}


def check(kind: str, values: Iterable[str] | str | None, *, hint: Text | None = None) -> None:
    """Raise ``InvalidValue`` (a 422 naming the field) for codes not in the ``kind`` list;
    ``hint``: words added after the address of the list."""
    if values is None:
        return
    values = [values] if isinstance(values, str) else list(values)
    unknown = [v for v in values if v not in KNOWN[kind]]
    if unknown:
        raise InvalidValue(
            message(
                MESSAGES["unknown_codes" if len(unknown) > 1 else "unknown_code"],
                codes=", ".join(map(repr, unknown)),
                path=f"{REFERENCE_PATH}/{kind}",
                hint=hint or "",
            )
        )


def checked(kind: str, *fields: str, hint: Text | None = None) -> Any:
    """A model's validator for ``fields`` (codes, or lists of codes, of the ``kind`` list):
    ``_region = codes.checked("regions", "region")`` in the class body."""

    def validate(cls: type, value: Any) -> Any:
        check(kind, value, hint=hint)
        return value

    return field_validator(*fields)(classmethod(validate))  # type: ignore[arg-type]
