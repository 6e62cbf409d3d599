"""The labels of every status a person reads in the assessment service, in English, Russian and
Kazakh (``shared.statuses``): served at ``/reference/statuses``, printed by its exports.

Apart from ``messages.py`` (the words of its rules and problems), because these are built
from the enums of the service's own schemas, which ``messages.py`` must not import: the
schemas' validators raise its messages.
"""

from __future__ import annotations

from assessment.assessments.models import AssessmentStatus
from assessment.cohort.schemas import CohortStatus
from assessment.nomination.models import NominationStatus
from assessment.nomination.schemas import Vote
from shared.i18n import Text
from shared.indicators import INDICATOR_STATUSES, TARGET_STATUSES
from shared.statuses import Statuses, declare, find

STATUSES: tuple[Statuses, ...] = (
    declare(
        "cohort",
        "status",
        CohortStatus,
        {
            "planning": {"en": "planning", "ru": "планирование", "kk": "жоспарлау"},
            "nominations_open": {
                "en": "nominations open",
                "ru": "приём номинаций",
                "kk": "номинациялар қабылдануда",
            },
            "selection": {"en": "selection", "ru": "отбор", "kk": "іріктеу"},
            "active": {"en": "active", "ru": "действует", "kk": "белсенді"},
            "review": {
                "en": "review",
                "ru": "подведение итогов",
                "kk": "қорытынды шығару",
            },
            "closed": {"en": "closed", "ru": "закрыта", "kk": "жабылды"},
        },
    ),
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


def status_text(resource: str, code: str) -> Text:
    """A status's label in every language, for a rule's words (``Conflict(..., params=
    {"status": status_text("nomination", nomination.status)})``): a 409's detail names the
    status as a person reads it, its body keeps the code."""
    return find(STATUSES, resource).text(code)
