"""The labels of every status a person reads in the training service (``shared.statuses``)."""

from __future__ import annotations

from shared.indicators import INDICATOR_STATUSES
from shared.jobs import JOB_STATES
from shared.statuses import Catalogue, declare
from training.certifications.schemas import CertificationStatus
from training.courses.schemas import CourseStatus
from training.enrolments.schemas import EnrolmentStatus
from training.internships.schemas import InternshipStatus
from training.needs.schemas import NeedStatus
from training.programme_events.schemas import ProgrammeEventStatus

STATUSES = Catalogue(
    declare(
        "course",
        "status",
        CourseStatus,
        {
            "proposed": {"en": "proposed", "ru": "предложен", "kk": "ұсынылған"},
            "approved": {"en": "approved", "ru": "утверждён", "kk": "бекітілген"},
            "retired": {
                "en": "retired",
                "ru": "исключён из каталога",
                "kk": "каталогтан шығарылған",
            },
        },
    ),
    declare(
        "training_need",
        "status",
        NeedStatus,
        {
            "open": {"en": "open", "ru": "открыта", "kk": "ашық"},
            "enrolled": {
                "en": "trainee enrolled",
                "ru": "слушатель записан",
                "kk": "тыңдаушы жазылды",
            },
            "fulfilled": {"en": "fulfilled", "ru": "выполнена", "kk": "орындалды"},
        },
    ),
    declare(
        "enrolment",
        "status",
        EnrolmentStatus,
        {
            "enrolled": {"en": "enrolled", "ru": "идёт обучение", "kk": "оқуда"},
            "completed": {
                "en": "completed",
                "ru": "обучение завершено",
                "kk": "оқу аяқталды",
            },
            "withdrawn": {
                "en": "withdrawn",
                "ru": "запись отменена",
                "kk": "жазылудан шығарылды",
            },
        },
    ),
    declare(
        "certification",
        "status",
        CertificationStatus,
        {
            "submitted": {
                "en": "awaiting verification",
                "ru": "ожидает проверки",
                "kk": "тексеруді күтуде",
            },
            "verified": {"en": "verified", "ru": "подтверждена", "kk": "расталды"},
            "rejected": {"en": "rejected", "ru": "отклонена", "kk": "қабылданбады"},
            "revoked": {"en": "revoked", "ru": "отозвана", "kk": "күші жойылды"},
        },
    ),
    declare(
        "internship",
        "status",
        InternshipStatus,
        {
            "proposed": {"en": "proposed", "ru": "предложена", "kk": "ұсынылған"},
            "approved": {"en": "approved", "ru": "утверждена", "kk": "бекітілген"},
            "in_progress": {"en": "in progress", "ru": "проходит", "kk": "өтіп жатыр"},
            "completed": {"en": "completed", "ru": "завершена", "kk": "аяқталды"},
            "cancelled": {"en": "cancelled", "ru": "отменена", "kk": "болдырылмады"},
        },
    ),
    declare(
        "programme_event",
        "status",
        ProgrammeEventStatus,
        {
            "scheduled": {"en": "scheduled", "ru": "запланировано", "kk": "жоспарланған"},
            "cancelled": {"en": "cancelled", "ru": "отменено", "kk": "болдырылмады"},
        },
    ),
    INDICATOR_STATUSES,
    JOB_STATES,
)
"""The labels of every status a person reads in the training service (``shared.statuses``)."""
