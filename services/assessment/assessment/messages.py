"""The details of the assessment service's 409 rules in Russian and Kazakh (English is what
the code raises); parameters are the problem's fields and the ``params`` it is raised with.
And the labels of its statuses in English, Russian and Kazakh (``STATUSES``)."""

from __future__ import annotations

from assessment.assessments.models import AssessmentStatus
from assessment.cohort.schemas import CohortStatus
from assessment.nomination.models import NominationStatus
from assessment.nomination.schemas import Vote
from shared.i18n import Translations
from shared.indicators import INDICATOR_STATUSES, TARGET_STATUSES
from shared.statuses import Statuses, declare

RULES: dict[str, Translations] = {
    "methodology_key_taken": {
        "ru": "Методика с таким ключом уже существует.",
        "kk": "Мұндай кілті бар әдістеме бар.",
    },
    "target_exists": {
        "ru": "У индикатора уже есть цель; отправьте PUT повторно с If-Match.",
        "kk": "Көрсеткіштің мақсаты бар; оны If-Match арқылы қайта PUT етіңіз.",
    },
    "target_already_approved": {
        "ru": "Цель уже утверждена.",
        "kk": "Мақсат бекітіліп қойған.",
    },
    "snapshot_issued": {
        "ru": "Отчёт за этот период уже выпущен; он никогда не заменяется.",
        "kk": "Осы кезеңнің есебі шығарылған; ол ешқашан ауыстырылмайды.",
    },
    "cohort_name_taken": {
        "ru": "Когорта с таким названием уже существует.",
        "kk": "Мұндай атауы бар когорта бар.",
    },
    "eligibility_locked": {
        "ru": "Пороги соответствия и дата начала фиксируются после завершения отбора.",
        "kk": "Іріктеу аяқталғаннан кейін сәйкестік шектері мен басталу күні өзгермейді.",
    },
    "max_companies_below_selected": {
        "ru": "Уже отобрано компаний: {selected}; max_companies не может быть меньше.",
        "kk": "Іріктелген компаниялар саны: {selected}; max_companies одан кем бола алмайды.",
    },
    "illegal_status_transition": {
        "ru": "Переход из статуса «{current_status}» в «{target}» недопустим.",
        "kk": "«{current_status}» мәртебесінен «{target}» мәртебесіне өтуге болмайды.",
    },
    "round_two_already_open": {
        "ru": "Второй раунд уже открыт.",
        "kk": "Екінші раунд ашылып қойған.",
    },
    "round_two_not_in_this_status": {
        "ru": "Второй раунд открывается, пока открыт приём номинаций или идёт отбор.",
        "kk": "Екінші раунд номинациялар қабылданып жатқанда немесе іріктеу кезінде ашылады.",
    },
    "cohort_full": {
        "ru": "Когорта заполнена (отобрано {selected} из {max_companies}).",
        "kk": "Когорта толық (іріктелгені {max_companies} ішінен {selected}).",
    },
    "cohort_closed": {
        "ru": "Когорта закрыта.",
        "kk": "Когорта жабық.",
    },
    "already_on_board": {
        "ru": "Этот участник уже входит в совет когорты.",
        "kk": "Бұл қатысушы когорта кеңесінің құрамында бар.",
    },
    "board_member_has_voted": {
        "ru": "Этот член совета уже голосовал; его голоса должны оставаться атрибутируемыми.",
        "kk": "Кеңес мүшесі дауыс беріп қойған; оның дауыстары кімдікі екені сақталуы керек.",
    },
    "review_outside_cohort_period": {
        "ru": "Обзор проводится в период когорты, с {starts_on} по {ends_on}.",
        "kk": "Шолу когорта кезеңінде, {starts_on} мен {ends_on} аралығында өткізіледі.",
    },
    "cohort_not_running": {
        "ru": "Квартальные обзоры записываются, пока когорта активна или на рассмотрении.",
        "kk": "Тоқсандық шолулар когорта белсенді не қаралып жатқанда жазылады.",
    },
    "nomination_not_selected": {
        "ru": "Оценивается только отобранная компания; статус номинации: «{status}».",
        "kk": "Тек іріктелген компания бағаланады; номинация мәртебесі: «{status}».",
    },
    "assessment_exists": {
        "ru": "У этой номинации уже есть оценка.",
        "kk": "Бұл номинацияның бағалауы бар.",
    },
    "assessment_not_draft": {
        "ru": "Редактируется только черновик; статус оценки: «{status}».",
        "kk": "Тек жоба өңделеді; бағалау мәртебесі: «{status}».",
    },
    "assessment_approved": {
        "ru": "Оценка утверждена.",
        "kk": "Бағалау бекітілген.",
    },
    "scores_incomplete": {
        "ru": "Оцените каждый критерий перед отправкой; не хватает: {missing}.",
        "kk": "Жібермес бұрын әр өлшемді бағалаңыз; жетіспейді: {missing}.",
    },
    "company_already_nominated": {
        "ru": "Компания уже номинирована в эту когорту.",
        "kk": "Компания осы когортаға ұсынылып қойған.",
    },
    "nominee_not_local": {
        "ru": "Номинируются только местные компании.",
        "kk": "Тек жергілікті компаниялар ұсынылады.",
    },
    "nominee_not_published": {
        "ru": "Профиль компании ещё не опубликован: сотрудники программы проверяют и "
        "публикуют его в реестре, прежде чем её можно номинировать.",
        "kk": "Компания профилі әлі жарияланбаған: ұсынар алдында бағдарлама қызметкерлері "
        "оны тізілімде тексеріп, жариялайды.",
    },
    "nominee_not_active": {
        "ru": "Номинируются только действующие компании; статус этой: «{status}».",
        "kk": "Тек белсенді компаниялар ұсынылады; бұл компанияның мәртебесі: «{status}».",
    },
    "nominee_not_in_scope": {
        "ru": "Сегменты компании вне охвата программы (IT-компании).",
        "kk": "Компания сегменттері бағдарлама аясынан тыс (IT-компаниялар).",
    },
    "nominations_closed": {
        "ru": "Когорта сейчас не принимает номинации.",
        "kk": "Когорта қазір номинацияларды қабылдамайды.",
    },
    "round_one_closed": {
        "ru": "Первый раунд завершён: во втором раунде номинируют руководитель программы и "
        "министерство.",
        "kk": "Бірінші раунд аяқталды: екінші раундта бағдарлама жетекшісі мен министрлік ұсынады.",
    },
    "round_two_not_open": {
        "ru": "Второй раунд не открыт: международные компании номинируют в первом раунде.",
        "kk": "Екінші раунд ашылмаған: халықаралық компаниялар бірінші раундта ұсынады.",
    },
    "partner_nomination_limit": {
        "ru": "Международная компания номинирует не более {limit} компаний на когорту.",
        "kk": "Халықаралық компания бір когортаға ең көбі {limit} компания ұсынады.",
    },
    "nomination_decided": {
        "ru": "По номинации уже принято решение («{status}»).",
        "kk": "Номинация бойынша шешім қабылданған («{status}»).",
    },
    "cohort_not_in_selection": {
        "ru": "Совет голосует и решения записываются, пока когорта на этапе отбора.",
        "kk": "Кеңес дауыс беруі мен шешімдер когорта іріктеу кезеңінде болғанда жазылады.",
    },
    "nomination_ineligible": {
        "ru": "Номинация не соответствует требованиям: её можно только отклонить.",
        "kk": "Номинация талаптарға сай емес: оны тек қабылдамауға болады.",
    },
    "already_voted": {
        "ru": "Этот член совета уже проголосовал по номинации.",
        "kk": "Бұл кеңес мүшесі номинация бойынша дауыс беріп қойған.",
    },
}

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
