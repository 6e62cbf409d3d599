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
