"""The details of the finance service's 409 rules in Russian and Kazakh (English is what the
code raises); parameters are the problem's fields and the ``params`` it is raised with. And
the labels of its statuses in English, Russian and Kazakh (``STATUSES``)."""

from __future__ import annotations

from finance.budgets.models import BudgetStatus
from finance.commitments.models import CommitmentStatus
from finance.commitments.schemas import LineState
from shared.i18n import Translations
from shared.indicators import INDICATOR_STATUSES
from shared.jobs import JOB_STATES
from shared.statuses import Statuses, declare

RULES: dict[str, Translations] = {
    "rule_version_out_of_order": {
        "ru": "Новая версия правила софинансирования должна начинаться позже последней.",
        "kk": "Қоса қаржыландыру ережесінің жаңа нұсқасы соңғысынан кейін басталуы керек.",
    },
    "rate_exists": {
        "ru": "Такой курс на эту дату уже есть; курсы не перезаписываются.",
        "kk": "Осы күнге мұндай бағам бар; бағамдар қайта жазылмайды.",
    },
    "commitment_released": {
        "ru": "Обязательство снято; по нему ничего не причитается.",
        "kk": "Міндеттеме алынып тасталды; ол бойынша ештеңе төленбейді.",
    },
    "line_overinvoiced": {
        "ru": "Счёт превысил бы строку бюджета {line_id}: к выставлению осталось "
        "{left[amount]} {left[currency]}.",
        "kk": "Шот бюджет жолынан {line_id} асып кетер еді: шот қоюға {left[amount]} "
        "{left[currency]} қалды.",
    },
    "line_overpaid": {
        "ru": "Платёж превысил бы строку бюджета {line_id}: к оплате осталось "
        "{left[amount]} {left[currency]}.",
        "kk": "Төлем бюджет жолынан {line_id} асып кетер еді: төлеуге {left[amount]} "
        "{left[currency]} қалды.",
    },
    "payment_exceeds_invoiced": {
        "ru": "Платёж превышает выставленные и неоплаченные счета по строке {line_id}.",
        "kk": "Төлем {line_id} жолы бойынша қойылған әрі төленбеген шоттардан асады.",
    },
    "budget_exists": {
        "ru": "Бюджет на этот год и когорту уже есть; создайте его редакцию.",
        "kk": "Осы жыл мен когортаға бюджет бар; оның жаңа редакциясын жасаңыз.",
    },
    "budget_not_draft": {
        "ru": "Бюджет в статусе «{current_status}»; изменяется только черновик "
        "(утверждённый — через редакцию).",
        "kk": "Бюджет «{current_status}» мәртебесінде; тек жоба өзгереді "
        "(бекітілгені — жаңа редакция арқылы).",
    },
    "illegal_status_transition": {
        "ru": "Бюджет в статусе «{current_status}» не может перейти в «{target}».",
        "kk": "«{current_status}» мәртебесіндегі бюджет «{target}» мәртебесіне өте алмайды.",
    },
    "budget_empty": {
        "ru": "Бюджет без строк затрат нельзя подать.",
        "kk": "Шығын жолдары жоқ бюджетті тапсыруға болмайды.",
    },
    "budget_not_approved": {
        "ru": "Редакцию можно открыть только для утверждённого бюджета; его статус: "
        "«{current_status}».",
        "kk": "Жаңа редакция тек бекітілген бюджетке ашылады; оның мәртебесі: «{current_status}».",
    },
    "revision_open": {
        "ru": "Редакция этого бюджета уже открыта.",
        "kk": "Осы бюджеттің редакциясы ашылып қойған.",
    },
    "rate_missing": {
        "ru": "Нет курса {currency} к валюте бюджета на {on} (или за неделю до): введите его, "
        "затем сформируйте отчёт.",
        "kk": "{on} күнге (немесе алдыңғы аптаға) {currency} мен бюджет валютасы арасында "
        "бағам жоқ: оны енгізіп, содан кейін есеп жасаңыз.",
    },
}

STATUSES: tuple[Statuses, ...] = (
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
