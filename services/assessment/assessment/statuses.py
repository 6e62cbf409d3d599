"""The labels of every status a person reads in the assessment service (``shared.statuses``)."""

from __future__ import annotations

from assessment.assessments.models import AssessmentStatus
from assessment.nomination.models import NominationStatus
from assessment.nomination.schemas import Vote
from shared.events.assessment import COHORT_STATUSES
from shared.indicators import INDICATOR_STATUSES, TARGET_STATUSES
from shared.statuses import Catalogue, declare

STATUSES = Catalogue(
    COHORT_STATUSES,
    declare(
        "nomination",
        "status",
        NominationStatus,
        {
            "submitted": {"en": "submitted", "ru": "подана", "kk": "берілді"},
            "waitlisted": {
                "en": "waitlisted",
                "ru": "в листе ожидания",
                "kk": "күту тізімінде",
            },
            "selected": {"en": "selected", "ru": "отобрана", "kk": "іріктелді"},
            "rejected": {"en": "rejected", "ru": "отклонена", "kk": "қабылданбады"},
        },
    ),
    declare(
        "vote",
        "vote",
        Vote,
        {
            "approve": {"en": "approve", "ru": "за", "kk": "жақтап"},
            "reject": {"en": "reject", "ru": "против", "kk": "қарсы"},
        },
    ),
    declare(
        "assessment",
        "status",
        AssessmentStatus,
        {
            "draft": {"en": "draft", "ru": "черновик", "kk": "жоба"},
            "submitted": {
                "en": "submitted for approval",
                "ru": "направлена на утверждение",
                "kk": "бекітуге жіберілді",
            },
            "approved": {"en": "approved", "ru": "утверждена", "kk": "бекітілді"},
        },
    ),
    TARGET_STATUSES,
    INDICATOR_STATUSES,
)
"""The labels of every status a person reads in the assessment service (``shared.statuses``);
a target's are the framework's (``shared.indicators``), which the gateway prints too."""
