"""The handbook's seven budget modules: every cost line, commitment and report row is in one."""

from __future__ import annotations

from enum import StrEnum


class Module(StrEnum):
    SECTOR_DATABASE = "sector_database"
    ASSESSMENT = "assessment"
    TECHNICAL_TRAINING = "technical_training"
    BUSINESS_TRAINING = "business_training"
    EXCHANGE_INTERNSHIPS = "exchange_internships"
    PROMOTION_MARKETING = "promotion_marketing"
    OVERALL_COORDINATION = "overall_coordination"


MODULE_ORDER: tuple[Module, ...] = tuple(Module)
"""The handbook's order, which budgets and reports keep."""

NAMES: dict[Module, dict[str, str]] = {
    Module.SECTOR_DATABASE: {
        "en": "Sector database",
        "ru": "База данных сектора",
        "kk": "Сектордың дерекқоры",
    },
    Module.ASSESSMENT: {"en": "Assessment", "ru": "Оценка", "kk": "Бағалау"},
    Module.TECHNICAL_TRAINING: {
        "en": "Technical training",
        "ru": "Техническое обучение",
        "kk": "Техникалық оқыту",
    },
    Module.BUSINESS_TRAINING: {
        "en": "Business training",
        "ru": "Бизнес-обучение",
        "kk": "Бизнеске оқыту",
    },
    Module.EXCHANGE_INTERNSHIPS: {
        "en": "Exchange and internships",
        "ru": "Обмен и стажировки",
        "kk": "Алмасу және тағылымдамалар",
    },
    Module.PROMOTION_MARKETING: {
        "en": "Promotion and marketing",
        "ru": "Продвижение и маркетинг",
        "kk": "Ілгерілету және маркетинг",
    },
    Module.OVERALL_COORDINATION: {
        "en": "Overall coordination",
        "ru": "Общая координация",
        "kk": "Жалпы үйлестіру",
    },
}
"""The modules' headings in the programme's three languages. The ministry dashboard shows
the same from its own message catalogue (tests/test_dashboard.py holds them equal)."""

LABELS: dict[Module, tuple[str, str]] = {m: (n["en"], n["ru"]) for m, n in NAMES.items()}
"""English and Russian, as funders' and ministries' sheets use (the report files)."""
