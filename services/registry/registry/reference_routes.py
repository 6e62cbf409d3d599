"""``/reference/{kind}``: the controlled vocabularies profiles are validated against."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from registry import reference
from shared.i18n import AcceptLanguage, localized

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


LABEL = Field(description="the name in the language Accept-Language chose (English by default)")


class CityRead(BaseModel):
    code: str
    name_en: str
    name_ru: str
    name_kk: str
    label: str = LABEL
    region: str
    aliases: list[str]


class ReferenceItemRead(BaseModel):
    """A code with its names in English, Russian and Kazakh; the other fields belong to
    some kinds only (left out elsewhere)."""

    code: str
    name_en: str
    name_ru: str
    name_kk: str
    label: str = LABEL
    in_scope: bool | None = Field(None, description="segments, oked: in the pilot's scope")
    kind: str | None = Field(
        None, description="regions: region or city; skills-areas: technical or business"
    )
    centre: str | None = Field(None, description="regions: the code of its centre")
    aliases: list[str] | None = Field(None, description="regions, cities: other spellings")
    cities: list[CityRead] | None = Field(None, description="regions")
    region: str | None = Field(None, description="cities: the region's code")
    group: str | None = Field(None, description="capabilities: the capability group's code")
    segments: list[str] | None = Field(None, description="oked: the segments it maps to")
    min_courses: int | None = Field(None, description="skills-areas")
    max_courses: int | None = Field(None, description="skills-areas")
    external: dict[str, str] | None = Field(
        None, description="skills-areas: codes in ISCO-08 (`isco`) and e-CF (`ecf`)"
    )


@router.get("/{kind}", response_model=list[ReferenceItemRead], response_model_exclude_unset=True)
async def reference_list(
    kind: ReferenceKind,
    response: Response,
    _: AcceptLanguage = None,
    in_scope_only: bool = False,
) -> list[dict[str, Any]]:
    """Segments, regions and cities, capabilities, product categories, OKED codes, skills
    areas: codes with their names in English, Russian and Kazakh, and ``label`` in the one
    Accept-Language chose."""
    response.headers["Cache-Control"] = "public, max-age=3600"
    language = localized(response)
    return reference.reference_payload(kind, in_scope_only=in_scope_only, language=language)
