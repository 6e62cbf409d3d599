"""The labels of every status the gateway's own answers carry for a person to read, in
English, Russian and Kazakh (``shared.statuses``): served at
``GET /v1/framework/reference/statuses``, printed by the framework's XLSX and read by the
dashboard page (``dashboard_assets/dashboard.js``), which keeps no copy of its own.

The gateway owns no records, but its compositions carry codes a person reads: the results
framework's progress against a target (``on_track``...), each indicator's availability and its
target's approval, and the ministry dashboard's cohort status and funnel stages. Those owned
elsewhere are the declarations in ``shared/`` the owning service lists too (a cohort's status,
a target's, an indicator's), so a label reads the same at the gateway as at its service.
"""

from __future__ import annotations

from gateway.dashboard import Stage
from shared.events.assessment import COHORT_STATUSES
from shared.indicators import INDICATOR_STATUSES, TARGET_STATUSES, Status
from shared.statuses import Catalogue, declare

PREFIX = "/v1/framework"
"""Where the route is served: under the framework, the gateway's own namespace of reads."""

STATUSES = Catalogue(
    declare(
        "indicator",
        "progress",
        Status,
        {
            "on_track": {"en": "on track", "ru": "по плану", "kk": "жоспар бойынша"},
            "at_risk": {"en": "at risk", "ru": "под угрозой", "kk": "қауіп бар"},
            "off_track": {"en": "off track", "ru": "отстаёт", "kk": "артта қалуда"},
            "no_target": {"en": "no target", "ru": "нет цели", "kk": "мақсат жоқ"},
            "target_unavailable": {
                "en": "target unavailable",
                "ru": "цель недоступна",
                "kk": "мақсат қолжетімсіз",
            },
        },
    ),
    INDICATOR_STATUSES,
    TARGET_STATUSES,
    COHORT_STATUSES,
    declare(
        "funnel_stage",
        "stage",
        Stage,
        {  # the companies at each stage: «выдвинуты», «отобраны»
            "nominated": {"en": "nominated", "ru": "выдвинуты", "kk": "ұсынылды"},
            "eligible": {
                "en": "eligible",
                "ru": "соответствуют критериям",
                "kk": "өлшемшарттарға сәйкес",
            },
            "selected": {"en": "selected", "ru": "отобраны", "kk": "іріктелді"},
            "assessed": {"en": "assessed", "ru": "оценены", "kk": "бағаланды"},
            "plan_approved": {
                "en": "plan approved",
                "ru": "план утверждён",
                "kk": "жоспар бекітілді",
            },
            "graduated": {"en": "graduated", "ru": "выпустились", "kk": "бітірді"},
        },
    ),
)
"""The labels of every status a person reads in the gateway's own answers
(``shared.statuses``): the framework's, then the dashboard's."""
