"""The training service's words in the caller's language: ``RULES``, the details of its 409
rules in Russian and Kazakh (English is what the code raises; parameters are the problem's
fields and the ``params`` it is raised with, a status as its label in each language);
``MESSAGES``, every other sentence it says. Its statuses' labels are in ``statuses.py``."""

from __future__ import annotations

from shared.i18n import Translations

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


MESSAGES: dict[str, Translations] = {
    # request checks (schemas' validators): an InvalidValue's words
    "ends_not_before_start": {
        "en": "ends_on must not be before starts_on",
        "ru": "ends_on не может быть раньше starts_on",
        "kk": "ends_on мәні starts_on мәнінен ерте бола алмайды",
    },
    "expires_after_obtained": {
        "en": "expires_on must be after obtained_on",
        "ru": "expires_on должна быть позже obtained_on",
        "kk": "expires_on мәні obtained_on мәнінен кейін болуы керек",
    },
    "rejection_needs_reason": {
        "en": "a rejection needs a reason",
        "ru": "при отклонении нужно указать причину",
        "kk": "қабылдамау себебін көрсету керек",
    },
    "course_or_session": {
        "en": "name a course_id, a session_id, or both",
        "ru": "укажите course_id, session_id или оба",
        "kk": "course_id, session_id немесе екеуін де көрсетіңіз",
    },
    # rules checked with stored data (InvalidInput's field message)
    "no_such_trainee": {
        "en": "no such trainee",
        "ru": "такого слушателя нет",
        "kk": "мұндай тыңдаушы жоқ",
    },
    "no_such_course": {
        "en": "no such course",
        "ru": "такого курса нет",
        "kk": "мұндай курс жоқ",
    },
    "no_such_need": {
        "en": "no such need",
        "ru": "такой потребности нет",
        "kk": "мұндай қажеттілік жоқ",
    },
    "no_such_session": {
        "en": "no such session",
        "ru": "такой сессии нет",
        "kk": "мұндай сессия жоқ",
    },
    "session_of_another_course": {
        "en": "the session is not one of that course",
        "ru": "эта сессия относится к другому курсу",
        "kk": "бұл сессия басқа курсқа жатады",
    },
    "no_enrolment_in_course": {
        "en": "no enrolment of this trainee in this course",
        "ru": "этот слушатель не записан на этот курс",
        "kk": "бұл тыңдаушы осы курсқа жазылмаған",
    },
    "not_a_renewable_certification": {
        "en": "not a verified certification of this trainee for this certificate",
        "ru": "это не подтверждённая сертификация этого слушателя по этому сертификату",
        "kk": "бұл тыңдаушының осы сертификат бойынша расталған сертификаттауы емес",
    },
    "obtained_in_future": {
        "en": "a certificate is recorded once obtained",
        "ru": "сертификат записывается после его получения",
        "kk": "сертификат алынғаннан кейін тіркеледі",
    },
    "evidence_empty": {
        "en": "the file is empty",
        "ru": "файл пуст",
        "kk": "файл бос",
    },
    "no_such_trainee_of_company": {
        "en": "no such trainee of the company",
        "ru": "у компании нет такого слушателя",
        "kk": "компанияда мұндай тыңдаушы жоқ",
    },
    "ends_not_before": {
        "en": "must not be before starts_on ({starts_on})",
        "ru": "не может быть раньше starts_on ({starts_on})",
        "kk": "starts_on ({starts_on}) мәнінен ерте бола алмайды",
    },
    "completion_needs_report": {
        "en": "a completed internship has a report",
        "ru": "для завершённой стажировки нужен отчёт",
        "kk": "аяқталған тағылымдаманың есебі болуы керек",
    },
    "staff_name_the_company": {
        "en": "programme staff must name the trainee's company",
        "ru": "сотрудники программы должны указать компанию слушателя",
        "kk": "бағдарлама қызметкерлері тыңдаушының компаниясын көрсетуі керек",
    },
    # problems' details (403, 404, 413, 415)
    "certifications_recorded_by": {
        "en": "The company or programme editors record certifications.",
        "ru": "Сертификации записывают компания или редакторы программы.",
        "kk": "Сертификаттауларды компания немесе бағдарлама редакторлары тіркейді.",
    },
    "evidence_verified_by": {
        "en": "Programme staff verify evidence; a company never verifies its own.",
        "ru": "Подтверждения проверяют сотрудники программы; компания никогда не проверяет "
        "свои сама.",
        "kk": "Дәлелдерді бағдарлама қызметкерлері тексереді; компания өз дәлелдерін "
        "ешқашан өзі тексермейді.",
    },
    "evidence_too_large": {
        "en": "Evidence files are at most {limit} bytes (10 MB).",
        "ru": "Файл подтверждения — не более {limit} байт (10 МБ).",
        "kk": "Дәлел файлы ең көбі {limit} байт (10 МБ).",
    },
    "evidence_types": {
        "en": "Evidence is a PDF, PNG or JPEG file (checked by its content, not its name).",
        "ru": "Подтверждение — файл PDF, PNG или JPEG (проверяется по содержимому, а не по имени).",
        "kk": "Дәлел — PDF, PNG немесе JPEG файлы (атауы бойынша емес, мазмұны бойынша "
        "тексеріледі).",
    },
    "no_evidence_file": {
        "en": "No evidence file was uploaded.",
        "ru": "Файл подтверждения не загружен.",
        "kk": "Дәлел файлы жүктелмеген.",
    },
    "courses_corrected_by": {
        "en": "Programme staff correct courses; a proposer only their own undecided one.",
        "ru": "Курсы исправляют сотрудники программы; автор предложения — только свой курс, "
        "пока по нему нет решения.",
        "kk": "Курстарды бағдарлама қызметкерлері түзетеді; ұсынушы тек шешім қабылданбаған "
        "өз курсын түзетеді.",
    },
    "courses_decided_by": {
        "en": "Only the programme manager approves or retires courses.",
        "ru": "Утверждает курсы и исключает их из каталога только руководитель программы.",
        "kk": "Курстарды тек бағдарлама жетекшісі бекітеді немесе каталогтан шығарады.",
    },
    "courses_imported_by": {
        "en": "Programme editors import courses; anyone may propose one at a time.",
        "ru": "Импортируют курсы редакторы программы; предлагать курсы по одному может любой.",
        "kk": "Курстарды бағдарлама редакторлары импорттайды; курсты бір-бірлеп кез келген "
        "адам ұсына алады.",
    },
    "enrolments_made_by": {
        "en": "A company enrols its own trainees; of programme staff, the PM.",
        "ru": "Компания записывает своих слушателей; из сотрудников программы — руководитель "
        "программы.",
        "kk": "Компания өз тыңдаушыларын жазады; бағдарлама қызметкерлерінен — бағдарлама "
        "жетекшісі.",
    },
    "enrolments_withdrawn_by": {
        "en": "The company or programme editors withdraw an enrolment.",
        "ru": "Отменяют запись на курс компания или редакторы программы.",
        "kk": "Курсқа жазылудан компания немесе бағдарлама редакторлары шығарады.",
    },
    "results_recorded_by": {
        "en": "Programme editors record a course's result, not the company.",
        "ru": "Результат курса записывают редакторы программы, а не компания.",
        "kk": "Курс нәтижесін компания емес, бағдарлама редакторлары тіркейді.",
    },
    "no_such_cohort_yet": {
        "en": "No such cohort (or its status has not reached this service yet).",
        "ru": "Когорта не найдена (или сведения о её статусе ещё не поступили в этот сервис).",
        "kk": "Мұндай когорта жоқ (немесе оның мәртебесі туралы мәлімет бұл қызметке әлі "
        "түспеген).",
    },
    "internships_visible_to": {
        "en": "Programme staff, the interning company and the host company only.",
        "ru": "Только сотрудники программы, компания стажёра и принимающая компания.",
        "kk": "Тек бағдарлама қызметкерлері, тағылымдамадан өтушінің компаниясы және "
        "қабылдаушы компания.",
    },
    "internships_proposed_by": {
        "en": "The programme manager proposes internships (plans propose theirs).",
        "ru": "Стажировки предлагает руководитель программы (планы предлагают свои).",
        "kk": "Тағылымдамаларды бағдарлама жетекшісі ұсынады (жоспарлар өздерінікін ұсынады).",
    },
    "internships_edited_by": {
        "en": "The programme manager and the interning company fill in the details.",
        "ru": "Данные заполняют руководитель программы и компания стажёра.",
        "kk": "Деректерді бағдарлама жетекшісі мен тағылымдамадан өтушінің компаниясы толтырады.",
    },
    "internships_decided_by": {
        "en": "The programme manager approves, starts, completes and cancels.",
        "ru": "Утверждает, начинает, завершает и отменяет руководитель программы.",
        "kk": "Бекітеді, бастайды, аяқтайды және болдырмайды бағдарлама жетекшісі.",
    },
    "events_organised_by": {
        "en": "The programme manager organises programme events.",
        "ru": "Мероприятия программы организует руководитель программы.",
        "kk": "Бағдарлама іс-шараларын бағдарлама жетекшісі ұйымдастырады.",
    },
    "events_visible_to": {
        "en": "Programme staff, sponsors and invited companies only.",
        "ru": "Только сотрудники программы, спонсоры и приглашённые компании.",
        "kk": "Тек бағдарлама қызметкерлері, демеушілер және шақырылған компаниялар.",
    },
    "staff_and_own_company": {
        "en": "Programme staff and local companies' own users only.",
        "ru": "Только сотрудники программы и пользователи самой местной компании.",
        "kk": "Тек бағдарлама қызметкерлері және жергілікті компанияның өз пайдаланушылары.",
    },
    "sessions_planned_by": {
        "en": "Programme staff (PM, analysts, assessors) plan course sessions.",
        "ru": "Сессии курсов планируют сотрудники программы (руководитель, аналитики, оценщики).",
        "kk": "Курс сессияларын бағдарлама қызметкерлері (жетекші, талдаушылар, "
        "бағалаушылар) жоспарлайды.",
    },
    "own_trainees_only": {
        "en": "A company adds trainees to its own staff only.",
        "ru": "Компания добавляет слушателей только из своих сотрудников.",
        "kk": "Компания тек өз қызметкерлерін тыңдаушы ретінде қосады.",
    },
    "trainees_added_by": {
        "en": "Programme editors and the company's own users add trainees.",
        "ru": "Слушателей добавляют редакторы программы и пользователи самой компании.",
        "kk": "Тыңдаушыларды бағдарлама редакторлары мен компанияның өз пайдаланушылары қосады.",
    },
    "trainees_changed_by": {
        "en": "The ministry reads trainees; editors and the company change them.",
        "ru": "Министерство видит слушателей; изменяют их редакторы и компания.",
        "kk": "Министрлік тыңдаушыларды көреді; оларды редакторлар мен компания өзгертеді.",
    },
    # the course import (courses/csv_import.py): the file's problems and each row's
    "course_import": {
        "en": "A course import",
        "ru": "Импорт курсов",
        "kk": "Курстар импорты",
    },
    "too_many_courses": {
        "en": "At most {limit} courses per import.",
        "ru": "Не более {limit} курсов за один импорт.",
        "kk": "Бір импортта ең көбі {limit} курс.",
    },
    "more_cells_than_columns": {
        "en": "more cells than columns",
        "ru": "ячеек больше, чем столбцов",
        "kk": "ұяшықтар бағандардан көп",
    },
    "rows_invalid": {
        "en": "{count} row(s) are invalid; nothing was imported.",
        "ru": "Недопустимых строк: {count}; ничего не импортировано.",
        "kk": "Жарамсыз жолдар саны: {count}; ештеңе импортталмады.",
    },
    "no_courses": {
        "en": "The file holds no courses.",
        "ru": "В файле нет курсов.",
        "kk": "Файлда курстар жоқ.",
    },
    "not_utf8": {
        "en": "The file is not UTF-8 text.",
        "ru": "Файл не является текстом в кодировке UTF-8.",
        "kk": "Файл UTF-8 кодтауындағы мәтін емес.",
    },
    "header_mismatch": {
        "en": "The header row does not match the import's columns.",
        "ru": "Строка заголовков не соответствует столбцам импорта.",
        "kk": "Тақырып жолы импорт бағандарына сәйкес келмейді.",
    },
    "csv_line": {
        "en": "Line {line}: {error}",
        "ru": "Строка {line}: {error}",
        "kk": "{line}-жол: {error}",
    },
}
"""Every sentence of the training service other than its rules: templates per language with
the same ``{placeholders}`` (``message(MESSAGES["key"], **params)``)."""
