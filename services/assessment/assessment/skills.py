"""The level scale skills are assessed on, next to the programme's skills areas.

Technical areas lead to vendor certifications, business areas to management training; the
training service offers courses per area, so these keys are what a development plan's
training items and the technical assessment speak in.
"""

from __future__ import annotations

from shared.skills import SKILLS_AREAS, SkillsAreaCode

__all__ = ["LEVELS", "MAX_LEVEL", "MIN_LEVEL", "SKILLS_AREAS", "SkillsArea"]

# The areas themselves are the programme's, declared once in shared.skills.
SkillsArea = SkillsAreaCode

MIN_LEVEL, MAX_LEVEL = 0, 5
LEVELS: dict[int, tuple[str, str, str]] = {
    0: ("none", "нет", "жоқ"),
    1: ("awareness", "общее представление", "жалпы түсінік"),
    2: ("basic", "базовый", "базалық"),
    3: ("competent", "уверенный", "сенімді"),
    4: ("advanced", "продвинутый", "жоғары"),
    5: ("expert", "эксперт", "сарапшы"),
}
"""Each level's label in English, Russian and Kazakh."""
