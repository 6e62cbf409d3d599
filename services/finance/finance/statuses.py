"""The labels of every status a person reads in the finance service (``shared.statuses``)."""

from __future__ import annotations

from finance.budgets.models import BudgetStatus
from finance.commitments.models import CommitmentStatus
from finance.commitments.schemas import LineState
from shared.indicators import INDICATOR_STATUSES
from shared.jobs import JOB_STATES
from shared.statuses import Catalogue, declare

STATUSES = Catalogue(
    declare(
        "budget",
        "status",
        BudgetStatus,
        {
            "draft": {"en": "draft", "ru": "черновик", "kk": "жоба"},
            "submitted": {
                "en": "submitted for approval",
                "ru": "направлен на утверждение",
                "kk": "бекітуге жіберілді",
            },
            "approved": {"en": "approved", "ru": "утверждён", "kk": "бекітілді"},
            "superseded": {
                "en": "superseded",
                "ru": "заменён новой редакцией",
                "kk": "жаңа редакциямен ауыстырылды",
            },
        },
    ),
    declare(
        "commitment",
        "status",
        CommitmentStatus,
        {
            "committed": {"en": "committed", "ru": "в силе", "kk": "күшінде"},
            "released": {"en": "released", "ru": "снято", "kk": "алынып тасталды"},
        },
    ),
    declare(
        "commitment_line",
        "state",
        LineState,
        {
            "committed": {
                "en": "committed, not invoiced",
                "ru": "счёт не выставлен",
                "kk": "шот қойылмаған",
            },
            "invoiced": {"en": "invoiced", "ru": "выставлен счёт", "kk": "шот қойылды"},
            "part_paid": {
                "en": "partly paid",
                "ru": "оплачено частично",
                "kk": "ішінара төленді",
            },
            "paid": {"en": "paid", "ru": "оплачено", "kk": "төленді"},
        },
    ),
    INDICATOR_STATUSES,
    JOB_STATES,
)
"""The labels of every status a person reads in the finance service (``shared.statuses``)."""
