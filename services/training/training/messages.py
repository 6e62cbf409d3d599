"""The details of the training service's 409 rules in Russian and Kazakh (English is what
the code raises); parameters are the problem's fields and the ``params`` it is raised with.
And the labels of its statuses in English, Russian and Kazakh (``STATUSES``)."""

from __future__ import annotations

from shared.i18n import Translations
from shared.indicators import INDICATOR_STATUSES
from shared.jobs import JOB_STATES
from shared.statuses import Statuses, declare
from training.certifications.schemas import CertificationStatus
from training.courses.schemas import CourseStatus
from training.enrolments.schemas import EnrolmentStatus
from training.internships.schemas import InternshipStatus
from training.needs.schemas import NeedStatus
from training.programme_events.schemas import ProgrammeEventStatus

RULES: dict[str, Translations] = {
    "cohort_not_in_review": {
        "ru": "Когорта в статусе «{status}»: выпускники определяются на этапе рассмотрения.",
        "kk": "Когорта «{status}» мәртебесінде: түлектер қарау кезеңінде анықталады.",
    },
    "not_a_graduate": {
        "ru": "Выполнение плана компании в этой когорте не достигло {threshold} %.",
        "kk": "Компанияның осы когортадағы жоспарды орындауы {threshold} %-ға жетпеді.",
    },
    "trainee_of_another_company": {
        "ru": "Слушатель не работает в компании, которой принадлежит эта потребность.",
        "kk": "Тыңдаушы осы қажеттілік тиесілі компанияның қызметкері емес.",
    },
    "company_not_selected": {
        "ru": "Компания не отобрана в когорту; она не может участвовать.",
        "kk": "Компания когортаға іріктелмеген; ол қатыса алмайды.",
    },
    "course_not_approved": {
        "ru": "Курс в статусе «{status}», а не утверждён.",
        "kk": "Курс «{status}» мәртебесінде, бекітілмеген.",
    },
    "course_proposed_elsewhere": {
        "ru": "Курс — ещё не утверждённое предложение, и внесла его не компания слушателя: "
        "сертификат записывается по утверждённому курсу.",
        "kk": "Курс — әлі бекітілмеген ұсыныс, оны тыңдаушының компаниясы ұсынбаған: "
        "сертификат бекітілген курс бойынша тіркеледі.",
    },
    "skills_area_mismatch": {
        "ru": "Курс относится к области «{course_area}», а потребность — к «{need_area}».",
        "kk": "Курс «{course_area}» саласына, ал қажеттілік «{need_area}» саласына жатады.",
    },
    "need_not_training": {
        "ru": "Записью на курс закрывается только потребность в обучении.",
        "kk": "Курсқа жазылу тек оқу қажеттілігін жабады.",
    },
    "need_not_open": {
        "ru": "Потребность в статусе «{status}»; записать можно только на открытую.",
        "kk": "Қажеттілік «{status}» мәртебесінде; тек ашық қажеттілікке жазылуға болады.",
    },
    "already_enrolled": {
        "ru": "Слушатель уже записан на этот курс.",
        "kk": "Тыңдаушы осы курсқа жазылып қойған.",
    },
    "session_started": {
        "ru": "Сессия началась {starts_on}.",
        "kk": "Сессия {starts_on} күні басталды.",
    },
    "session_full": {
        "ru": "Все {seat_limit} мест сессии заняты.",
        "kk": "Сессияның барлық {seat_limit} орны толған.",
    },
    "enrolment_not_active": {
        "ru": "Запись в статусе «{status}»; изменяется только активная.",
        "kk": "Жазылу «{status}» мәртебесінде; тек белсендісі өзгереді.",
    },
    "certification_decided": {
        "ru": "Сертификация в статусе «{status}»; приём доказательств закрыт.",
        "kk": "Сертификаттау «{status}» мәртебесінде; дәлелдер қабылданбайды.",
    },
    "certification_not_submitted": {
        "ru": "Сертификация в статусе «{status}»; проверяется только поданная.",
        "kk": "Сертификаттау «{status}» мәртебесінде; тек тапсырылғаны тексеріледі.",
    },
    "no_evidence": {
        "ru": "Нечего проверять: загрузите сертификат или укажите URL подтверждения.",
        "kk": "Тексеретін ештеңе жоқ: сертификатты жүктеңіз немесе растау URL-ін беріңіз.",
    },
    "certification_not_verified": {
        "ru": "Сертификация в статусе «{status}»; действие доступно только для подтверждённой.",
        "kk": "Сертификаттау «{status}» мәртебесінде; әрекет тек расталғанына қолжетімді.",
    },
    "programme_event_cancelled": {
        "ru": "Мероприятие программы отменено.",
        "kk": "Бағдарлама іс-шарасы тоқтатылды.",
    },
    "course_retired": {
        "ru": "Курс выведен из обращения и больше не изменяется.",
        "kk": "Курс қолданыстан шығарылған және енді өзгертілмейді.",
    },
    "delivery_not_offered": {
        "ru": "Курс не проводится в этом формате для выбранного города.",
        "kk": "Курс таңдалған қала үшін бұл форматта өткізілмейді.",
    },
    "language_not_offered": {
        "ru": "Курс преподаётся на языках: {languages}, но не на «{language}».",
        "kk": "Курс мына тілдерде оқытылады: {languages}, «{language}» тілінде емес.",
    },
    "seat_limit_below_taken": {
        "ru": "Занято мест: {taken}; лимит не может быть меньше.",
        "kk": "Бос емес орындар: {taken}; шек одан кем бола алмайды.",
    },
    "illegal_status_transition": {
        "ru": "Переход из статуса «{current}» в «{target}» недопустим.",
        "kk": "«{current}» мәртебесінен «{target}» мәртебесіне өтуге болмайды.",
    },
    "short_internship_duration": {
        "ru": "Короткая стажировка длится от 10 дней до 4 недель; эта длится {days} дн.",
        "kk": "Қысқа тағылымдама 10 күннен 4 аптаға дейін созылады; бұл {days} күн.",
    },
    "long_internship_duration": {
        "ru": "Длинная стажировка длится от 3 до 6 месяцев: она заканчивается между "
        "{earliest} и {latest}.",
        "kk": "Ұзақ тағылымдама 3-6 айға созылады: ол {earliest} мен {latest} аралығында "
        "аяқталады.",
    },
    "internship_not_proposed": {
        "ru": "Стажировка в статусе «{status}»; после утверждения её данные не меняются.",
        "kk": "Тағылымдама «{status}» мәртебесінде; бекітілгеннен кейін деректері өзгермейді.",
    },
    "internship_incomplete": {
        "ru": "Перед утверждением заполните: {missing}.",
        "kk": "Бекітпес бұрын толтырыңыз: {missing}.",
    },
    "host_not_international": {
        "ru": "Принимающая сторона не является международной компанией в реестре.",
        "kk": "Қабылдаушы тарап тізілімдегі халықаралық компания емес.",
    },
}

STATUSES: tuple[Statuses, ...] = (
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
