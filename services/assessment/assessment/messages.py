"""The assessment service's words in the caller's language: ``RULES``, the details of its 409
rules in Russian and Kazakh (English is what the code raises; parameters are the problem's
fields and the ``params`` it is raised with, a status as its label in each language);
``MESSAGES``, every other sentence it says. Its statuses' labels are in ``statuses.py``."""

from __future__ import annotations

from shared.i18n import Translations

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


MESSAGES: dict[str, Translations] = {
    # request checks (schemas' validators): an InvalidValue's words
    "assessor_listed_once": {
        "en": "an assessor is listed once",
        "ru": "каждый оценщик указывается один раз",
        "kk": "әр бағалаушы бір рет көрсетіледі",
    },
    "ends_not_before_start": {
        "en": "ends_on must not be before starts_on",
        "ru": "ends_on не может быть раньше starts_on",
        "kk": "ends_on мәні starts_on мәнінен ерте бола алмайды",
    },
    "ends_after_start": {
        "en": "ends_on must be after starts_on",
        "ru": "ends_on должна быть позже starts_on",
        "kk": "ends_on мәні starts_on мәнінен кейін болуы керек",
    },
    "plan_item_ids_differ": {
        "en": "item_id and the deprecated id differ; send item_id only",
        "ru": "item_id и устаревший id различаются; передавайте только item_id",
        "kk": "item_id мен ескірген id сәйкес келмейді; тек item_id жіберіңіз",
    },
    "staff_member_or_function": {
        "en": "name a staff member or a function",
        "ru": "укажите сотрудника или функцию",
        "kk": "қызметкерді немесе функцияны көрсетіңіз",
    },
    "criterion_keys_unique": {
        "en": "criterion keys must be unique",
        "ru": "ключи критериев должны быть уникальными",
        "kk": "өлшем кілттері бірегей болуы керек",
    },
    "group_keys_unique": {
        "en": "group keys must be unique",
        "ru": "ключи групп должны быть уникальными",
        "kk": "топ кілттері бірегей болуы керек",
    },
    "no_criteria": {
        "en": "a methodology has at least one criterion",
        "ru": "в методике должен быть хотя бы один критерий",
        "kk": "әдістемеде кемінде бір өлшем болуы керек",
    },
    "weights_positive": {
        "en": "every criterion carries a positive weight",
        "ru": "вес каждого критерия должен быть положительным",
        "kk": "әр өлшемнің салмағы оң сан болуы керек",
    },
    "weights_total": {
        "en": "the weights add up to {total}, not {expected}",
        "ru": "сумма весов равна {total}, а должна быть {expected}",
        "kk": "салмақтардың қосындысы {expected} емес, {total}",
    },
    "band_keys_unique": {
        "en": "band keys must be unique",
        "ru": "ключи уровней должны быть уникальными",
        "kk": "деңгей кілттері бірегей болуы керек",
    },
    "band_points_unique": {
        "en": "two bands cannot start at the same points",
        "ru": "два уровня не могут начинаться с одного и того же числа баллов",
        "kk": "екі деңгей бірдей балдан басталмайды",
    },
    "band_at_zero": {
        "en": "one band starts at 0 points, so every total has a band",
        "ru": "один из уровней начинается с 0 баллов, чтобы у любой суммы был уровень",
        "kk": "кез келген қосындының деңгейі болуы үшін бір деңгей 0 балдан басталады",
    },
    "band_range": {
        "en": "a band starts between 0 and {total} points",
        "ru": "уровень начинается в пределах от 0 до {total} баллов",
        "kk": "деңгей 0 мен {total} балл аралығында басталады",
    },
    "at_risk_above_on_track": {
        "en": "at_risk_percent must not be above on_track_percent",
        "ru": "at_risk_percent не может быть больше on_track_percent",
        "kk": "at_risk_percent мәні on_track_percent мәнінен аспауы керек",
    },
    "milestone_per_date": {
        "en": "milestones: one per due date",
        "ru": "milestones: не более одного этапа на каждую дату",
        "kk": "milestones: әр мерзімге бір ғана кезең",
    },
    # rules checked with stored data (InvalidInput's field message)
    "no_such_nomination": {
        "en": "no such nomination",
        "ru": "такой номинации нет",
        "kk": "мұндай номинация жоқ",
    },
    "no_such_methodology": {
        "en": "no methodology with this key",
        "ru": "методики с таким ключом нет",
        "kk": "мұндай кілті бар әдістеме жоқ",
    },
    "cohort_ends_after_start": {
        "en": "the cohort must end after it starts ({starts_on})",
        "ru": "когорта должна завершаться позже даты начала ({starts_on})",
        "kk": "когорта басталған күнінен ({starts_on}) кейін аяқталуы керек",
    },
    "no_such_company": {
        "en": "no such company in the registry",
        "ru": "такой компании в реестре нет",
        "kk": "тізілімде мұндай компания жоқ",
    },
    "statement_expired": {
        "en": "expired: issue the report again",
        "ru": "срок действия истёк: сформируйте отчёт заново",
        "kk": "мерзімі өтті: есепті қайта шығарыңыз",
    },
    "statement_not_signed": {
        "en": "not a framework statement signed by the gateway",
        "ru": "это не отчёт по системе показателей, подписанный шлюзом",
        "kk": "бұл шлюз қол қойған көрсеткіштер жүйесі бойынша есеп емес",
    },
    "statement_other_cohort": {
        "en": "composed for another cohort",
        "ru": "составлен для другой когорты",
        "kk": "басқа когорта үшін жасалған",
    },
    "statement_other_caller": {
        "en": "signed for another caller",
        "ru": "подписан для другого пользователя",
        "kk": "басқа пайдаланушы үшін қол қойылған",
    },
    # problems' details (403, 404, 406, 502)
    "assessment_editors": {
        "en": "Only the programme manager and assigned assessors change assessments.",
        "ru": "Изменять оценки могут только руководитель программы и назначенные оценщики.",
        "kk": "Бағалауды тек бағдарлама жетекшісі мен тағайындалған бағалаушылар өзгертеді.",
    },
    "approver_is_manager": {
        "en": "Only the programme manager approves an assessment.",
        "ru": "Утверждает оценку только руководитель программы.",
        "kk": "Бағалауды тек бағдарлама жетекшісі бекітеді.",
    },
    "report_formats": {
        "en": "The report is available as application/json or application/pdf.",
        "ru": "Отчёт доступен в форматах application/json и application/pdf.",
        "kk": "Есеп application/json және application/pdf форматтарында қолжетімді.",
    },
    "no_such_criterion": {
        "en": "No criterion {criterion} in methodology {methodology}.",
        "ru": "В методике {methodology} нет критерия {criterion}.",
        "kk": "{methodology} әдістемесінде {criterion} өлшемі жоқ.",
    },
    "board_visible_to": {
        "en": "The board is visible to programme staff and its members.",
        "ru": "Состав совета видят сотрудники программы и члены совета.",
        "kk": "Кеңес құрамын бағдарлама қызметкерлері мен кеңес мүшелері көреді.",
    },
    "votes_visible_to": {
        "en": "Votes and history are visible to programme staff and the cohort's board.",
        "ru": "Голоса и историю видят сотрудники программы и совет когорты.",
        "kk": "Дауыстар мен тарихты бағдарлама қызметкерлері мен когорта кеңесі көреді.",
    },
    "vote_in_own_board": {
        "en": "You vote only in cohorts whose selection board you sit on.",
        "ru": "Голосовать можно только в когортах, в отборочный совет которых вы входите.",
        "kk": "Тек өзіңіз іріктеу кеңесінің мүшесі болып табылатын когорталарда дауыс бересіз.",
    },
    "vote_changed_by_voter": {
        "en": "Only the member who cast a vote changes it.",
        "ru": "Изменить голос может только член совета, который его подал.",
        "kk": "Дауысты тек оны берген кеңес мүшесі өзгертеді.",
    },
    "no_company_facts": {
        "en": "No facts about this company have reached the assessment service.",
        "ru": "Сведения об этой компании ещё не поступили в сервис оценки.",
        "kk": "Бұл компания туралы мәліметтер бағалау қызметіне әлі түспеген.",
    },
    "registry_unavailable": {
        "en": "registry unavailable",
        "ru": "реестр недоступен",
        "kk": "тізілім қолжетімсіз",
    },
}
"""Every sentence of the assessment service other than its rules: templates per language with
the same ``{placeholders}`` (``message(MESSAGES["key"], **params)``)."""
