"""``/reference/{kind}``: the controlled vocabularies profiles are validated against."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Response

from registry import reference

router = APIRouter(prefix="/reference", tags=["reference"])
ReferenceKind = Literal[
    "segments",
    "regions",
    "cities",
    "capability-groups",
    "capabilities",
    "product-categories",
    "oked",
    "skills-areas",
]


@router.get("/{kind}")
async def reference_list(
    kind: ReferenceKind, response: Response, in_scope_only: bool = False
) -> list[dict[str, Any]]:
    """Segments, regions and cities, capabilities, product categories, OKED codes, skills
    areas: codes with their names in English, Russian and Kazakh."""
    response.headers["Cache-Control"] = "public, max-age=3600"
    return reference.reference_payload(kind, in_scope_only=in_scope_only)
