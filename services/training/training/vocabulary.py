"""Words the training service's aggregates share: languages, cities, budget modules."""

from __future__ import annotations

from typing import Literal

from shared.events.training import TrainingModule
from shared.money import NonNegativeMoney
from shared.skills import SKILLS_AREAS

Language = Literal["ru", "kk", "en"]
"""The programme's languages; Russian availability matters most (the handbook)."""

City = Literal["online", "astana", "almaty"]
"""Where a session runs: online, or in person in Astana or Almaty."""

Delivery = Literal["online", "in_person_astana", "in_person_almaty"]
"""How a course is offered; a course may be offered several ways."""

DELIVERY_OF_CITY: dict[str, str] = {
    "online": "online",
    "astana": "in_person_astana",
    "almaty": "in_person_almaty",
}


def module_of(skills_area: str) -> TrainingModule:
    """The budget module an enrolment in this area is paid from (the area's kind decides)."""
    kind = SKILLS_AREAS[skills_area].kind
    return "technical_training" if kind == "technical" else "business_training"


def unique(values: list[str]) -> list[str]:
    """``values`` without repeats, first occurrence kept (``["ru", "ru"]`` means ``["ru"]``)."""
    return list(dict.fromkeys(values))


Price = NonNegativeMoney
"""Money that is a price or a cost estimate: zero or more."""
