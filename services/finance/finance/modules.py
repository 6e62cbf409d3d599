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

LABELS: dict[Module, tuple[str, str]] = {
    Module.SECTOR_DATABASE: ("Sector database", "База данных сектора"),
    Module.ASSESSMENT: ("Assessment", "Оценка"),
    Module.TECHNICAL_TRAINING: ("Technical training", "Техническое обучение"),
    Module.BUSINESS_TRAINING: ("Business training", "Бизнес-обучение"),
    Module.EXCHANGE_INTERNSHIPS: ("Exchange and internships", "Обмен и стажировки"),
    Module.PROMOTION_MARKETING: ("Promotion and marketing", "Продвижение и маркетинг"),
    Module.OVERALL_COORDINATION: ("Overall coordination", "Общая координация"),
}
"""The modules' headings in English and Russian, as funders' and ministries' sheets use."""
