"""The programme's skills areas (design doc, "Domain notes"), declared once for every service.

The registry files certifications under them, the assessment's development plans speak in
them, the training catalogue offers courses per area and checks its health against the
handbook's target number of approved courses per area. ``external`` links an area to the
frameworks employers and ministries already use (ISCO-08 occupations, the European e-CF),
so a report can be read against them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

SkillsAreaCode = Literal[
    "it_project_manager",
    "application_developer",
    "database_developer",
    "system_administrator",
    "network_engineer",
    "technical_support_engineer",
    "sales_marketing",
    "quality_management",
    "business_english",
]
SkillsKind = Literal["technical", "business"]


@dataclass(frozen=True, slots=True)
class SkillsArea:
    """A skills area with its labels and the handbook's target range of approved courses."""

    code: SkillsAreaCode
    name_en: str
    name_ru: str
    name_kk: str
    kind: SkillsKind
    min_courses: int
    max_courses: int
    external: Mapping[str, str] = field(default_factory=dict)
    """Codes in other frameworks: ``isco`` (ISCO-08 unit group, which Kazakhstan's national
    classifier of occupations follows), ``ecf`` (the European e-CF profile)."""

    def name(self, language: str = "en") -> str:
        """The label in ``language`` (ru, kk, en); English for any other language."""
        return {"ru": self.name_ru, "kk": self.name_kk}.get(language, self.name_en)

    def names(self) -> tuple[str, str, str]:
        """All three labels, e.g. to feed a search index."""
        return (self.name_en, self.name_ru, self.name_kk)


_AREAS = [
    SkillsArea(
        "it_project_manager",
        "IT project manager",
        "Руководитель ИТ-проектов",
        "АТ жобаларының менеджері",
        "technical",
        3,
        10,
        {"ecf": "Project Manager", "isco": "1330"},
    ),
    SkillsArea(
        "application_developer",
        "Application developer",
        "Разработчик приложений",
        "Қосымшалар әзірлеушісі",
        "technical",
        3,
        10,
        {"ecf": "Developer", "isco": "2514"},
    ),
    SkillsArea(
        "database_developer",
        "Database developer",
        "Разработчик баз данных",
        "Дерекқор әзірлеушісі",
        "technical",
        3,
        10,
        {"ecf": "Database Administrator", "isco": "2521"},
    ),
    SkillsArea(
        "system_administrator",
        "System administrator",
        "Системный администратор",
        "Жүйелік әкімші",
        "technical",
        3,
        10,
        {"ecf": "Systems Administrator", "isco": "2522"},
    ),
    SkillsArea(
        "network_engineer",
        "Network engineer",
        "Сетевой инженер",
        "Желі инженері",
        "technical",
        3,
        10,
        {"ecf": "Network Specialist", "isco": "2523"},
    ),
    SkillsArea(
        "technical_support_engineer",
        "Technical support engineer",
        "Инженер технической поддержки",
        "Техникалық қолдау инженері",
        "technical",
        3,
        10,
        {"ecf": "Service Desk Agent", "isco": "3512"},
    ),
    SkillsArea(
        "sales_marketing",
        "Sales and marketing",
        "Продажи и маркетинг",
        "Сату және маркетинг",
        "business",
        2,
        5,
        {"isco": "2431"},
    ),
    SkillsArea(
        "quality_management",
        "Quality management",
        "Управление качеством",
        "Сапа менеджменті",
        "business",
        2,
        5,
        {"ecf": "Quality Assurance Manager"},
    ),
    SkillsArea(
        "business_english",
        "Business English",
        "Деловой английский язык",
        "Іскерлік ағылшын тілі",
        "business",
        2,
        5,
    ),
]

SKILLS_AREAS: Mapping[str, SkillsArea] = MappingProxyType({a.code: a for a in _AREAS})


def skills_area(code: str) -> SkillsArea | None:
    """The skills area with this code, or None (the API turns None into a 422 on the field)."""
    return SKILLS_AREAS.get(code)
