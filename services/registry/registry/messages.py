"""The details of the registry's 409 rules in Russian and Kazakh (English is what the code
raises); parameters are the problem's fields and the ``params`` the rule is raised with. And
the labels of its statuses in English, Russian and Kazakh (``STATUSES``)."""

from __future__ import annotations

from registry.company.schemas import CertificationSource, Publication, Status
from registry.linkage.schemas import Stage
from registry.needs.schemas import NeedStatus
from shared.i18n import Translations
from shared.indicators import INDICATOR_STATUSES
from shared.jobs import JOB_STATES
from shared.statuses import Statuses, declare

RULES: dict[str, Translations] = {
    "bin_unique": {
        "ru": "Компания с БИН {bin} уже зарегистрирована.",
        "kk": "БСН {bin} бар компания тіркелген.",
    },
    "already_published": {
        "ru": "Профиль уже опубликован.",
        "kk": "Профиль жарияланып қойған.",
    },
    "status_unchanged": {
        "ru": "Компания уже в статусе «{status}».",
        "kk": "Компания «{status}» мәртебесінде тұр.",
    },
    "linkage_stage_final": {
        "ru": "Связь на этапе «{current}» окончательна.",
        "kk": "«{current}» кезеңіндегі байланыс түпкілікті.",
    },
    "linkage_stage_order": {
        "ru": "Связь не может вернуться с этапа «{current}» на «{target}».",
        "kk": "Байланыс «{current}» кезеңінен «{target}» кезеңіне қайта орала алмайды.",
    },
    "linkage_duplicate": {
        "ru": "Эта связь уже записана ({existing_linkage_id}): та же местная компания, "
        "международная компания и потребность. Обновите её или передайте "
        "separate_contract: true, если это другой договор между ними.",
        "kk": "Бұл байланыс жазылған ({existing_linkage_id}): сол жергілікті компания, "
        "халықаралық компания және қажеттілік. Соны жаңартыңыз немесе бұл олардың арасындағы "
        "басқа шарт болса, separate_contract: true жіберіңіз.",
    },
}

STATUSES: tuple[Statuses, ...] = (
    declare(
        "company",
        "status",
        Status,
        {
            "active": {"en": "active", "ru": "действующая", "kk": "жұмыс істеп тұр"},
            "inactive": {
                "en": "inactive",
                "ru": "деятельность приостановлена",
                "kk": "қызметі тоқтатылған",
            },
            "out_of_business": {
                "en": "out of business",
                "ru": "прекратила деятельность",
                "kk": "қызметін тоқтатты",
            },
        },
    ),
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
