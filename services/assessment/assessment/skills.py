"""The programme's skills areas (design doc, "Domain notes") and the level scale they use.

Technical areas lead to vendor certifications, business areas to management training; the
training service offers courses per area, so these keys are what a development plan's
training items and the technical assessment speak in.
"""

from __future__ import annotations

from typing import Literal

SkillsArea = Literal[
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

SKILLS_AREAS: dict[str, tuple[str, str]] = {
    "it_project_manager": ("IT project manager", "technical"),
    "application_developer": ("Application developer", "technical"),
    "database_developer": ("Database developer", "technical"),
    "system_administrator": ("System administrator", "technical"),
    "network_engineer": ("Network engineer", "technical"),
    "technical_support_engineer": ("Technical support engineer", "technical"),
    "sales_marketing": ("Sales & marketing", "business"),
    "quality_management": ("Quality management", "business"),
    "business_english": ("Business English", "business"),
}
"""key: (name, kind)"""

MIN_LEVEL, MAX_LEVEL = 0, 5
LEVELS = {
    0: "none",
    1: "awareness",
    2: "basic",
    3: "competent",
    4: "advanced",
    5: "expert",
}
