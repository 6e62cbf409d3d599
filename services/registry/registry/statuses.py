"""The labels of every status a person reads in the registry (``shared.statuses``)."""

from __future__ import annotations

from registry.company.schemas import CertificationSource, Publication
from registry.linkage.schemas import Stage
from registry.needs.schemas import NeedStatus
from shared.events.registry import COMPANY_STATUSES
from shared.indicators import INDICATOR_STATUSES
from shared.jobs import JOB_STATES
from shared.statuses import Catalogue, declare

STATUSES = Catalogue(
    COMPANY_STATUSES,
    declare(
        "company",
        "publication",
        Publication,
        {
            "draft": {"en": "draft", "ru": "черновик", "kk": "жоба"},
            "published": {"en": "published", "ru": "опубликован", "kk": "жарияланған"},
        },
    ),
    declare(
        "certification",
        "source",
        CertificationSource,
        {
            "self_declared": {
                "en": "declared by the company",
                "ru": "заявлена компанией",
                "kk": "компания мәлімдеген",
            },
            "programme_verified": {
                "en": "verified by the programme",
                "ru": "подтверждена программой",
                "kk": "бағдарлама растаған",
            },
        },
    ),
    declare(
        "need",
        "status",
        NeedStatus,
        {
            "open": {"en": "open", "ru": "открыта", "kk": "ашық"},
            "closed": {"en": "closed", "ru": "закрыта", "kk": "жабық"},
        },
    ),
    declare(
        "linkage",
        "stage",
        Stage,
        {
            "contacted": {
                "en": "contacted",
                "ru": "установлен контакт",
                "kk": "байланыс орнатылды",
            },
            "negotiating": {
                "en": "negotiating",
                "ru": "идут переговоры",
                "kk": "келіссөздер жүріп жатыр",
            },
            "agreement": {
                "en": "agreement reached",
                "ru": "достигнута договорённость",
                "kk": "келісімге қол жеткізілді",
            },
            "contract_signed": {
                "en": "contract signed",
                "ru": "контракт подписан",
                "kk": "келісімшартқа қол қойылды",
            },
            "dropped": {"en": "dropped", "ru": "прекращена", "kk": "тоқтатылды"},
        },
    ),
    INDICATOR_STATUSES,
    JOB_STATES,
)
"""The labels of every status a person reads in the registry (``shared.statuses``)."""
