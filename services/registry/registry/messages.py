"""The registry's words in the caller's language: ``RULES``, the details of its 409 rules in
Russian and Kazakh (English is what the code raises; parameters are the problem's fields and
the ``params`` the rule is raised with); ``MESSAGES``, every other sentence it says.
Its statuses' labels are in ``statuses.py``."""

from __future__ import annotations

from shared.i18n import Translations

RULES: dict[str, Translations] = {
    "bin_unique": {
        "ru": "Компания с БИН {bin} уже зарегистрирована.",
        "kk": "БСН {bin} бар компания тіркелген.",
    },
    "already_published": {
        "ru": "Профиль уже опубликован.",
        "kk": "Профиль жарияланып қойған.",
    },
    # {status}, {current}, {target}: the status's or stage's label (statuses.py), not its code
    "status_unchanged": {
        "ru": "Компания уже имеет статус «{status}».",
        "kk": "Компанияның мәртебесі қазірдің өзінде «{status}».",
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


MESSAGES: dict[str, Translations] = {
    # request checks (company/schemas.py, codes.py, bin.py): an InvalidValue's words
    "not_an_email": {
        "en": "not an e-mail address",
        "ru": "это не адрес электронной почты",
        "kk": "бұл электрондық пошта мекенжайы емес",
    },
    "not_a_phone": {
        "en": "not a phone number",
        "ru": "это не номер телефона",
        "kk": "бұл телефон нөмірі емес",
    },
    "oked_format": {
        "en": "OKED codes look like 62.01: {codes}",
        "ru": "коды ОКЭД имеют вид 62.01: {codes}",
        "kk": "ЭҚЖЖ кодтары 62.01 түрінде жазылады: {codes}",
    },
    "website_url": {
        "en": "a website is an http(s) URL",
        "ru": "адрес сайта должен быть URL с http(s)",
        "kk": "веб-сайт мекенжайы http(s) URL болуы керек",
    },
    "founded_range": {
        "en": "founding date must be between 1900 and today",
        "ru": "дата основания должна быть между 1900 годом и сегодняшним днём",
        "kk": "құрылған күні 1900 жыл мен бүгінгі күн аралығында болуы керек",
    },
    "city_needs_region": {
        "en": "a city needs its region",
        "ru": "для города нужно указать его регион",
        "kk": "қала үшін оның өңірін көрсету керек",
    },
    "city_not_in_region": {
        "en": "city {city} is not in region {region}",
        "ru": "город {city} не входит в регион {region}",
        "kk": "{city} қаласы {region} өңіріне кірмейді",
    },
    "new_company_declares": {
        "en": "a new company declares its certifications; only the programme verifies them",
        "ru": "новая компания только заявляет свои сертификации; подтверждает их только программа",
        "kk": "жаңа компания өз сертификаттарын тек мәлімдейді; оларды тек бағдарлама растайды",
    },
    "local_needs_bin": {
        "en": "a local company needs its BIN",
        "ru": "для местной компании нужен БИН",
        "kk": "жергілікті компания үшін БСН қажет",
    },
    "local_in_kz": {
        "en": "a local company is registered in Kazakhstan (country KZ)",
        "ru": "местная компания зарегистрирована в Казахстане (страна KZ)",
        "kk": "жергілікті компания Қазақстанда тіркелген (ел KZ)",
    },
    "international_identity": {
        "en": "an international company needs a BIN or a foreign registration number",
        "ru": "для международной компании нужен БИН или иностранный регистрационный номер",
        "kk": "халықаралық компания үшін БСН немесе шетелдік тіркеу нөмірі қажет",
    },
    "verified_in_future": {
        "en": "a profile cannot have been verified in the future",
        "ru": "профиль не может быть проверен в будущем",
        "kk": "профиль болашақта тексерілген бола алмайды",
    },
    "unknown_code": {
        "en": "unknown code {codes}; the allowed codes are listed at {path}{hint}",
        "ru": "неизвестный код {codes}; допустимые коды перечислены в {path}{hint}",
        "kk": "белгісіз код {codes}; рұқсат етілген кодтар {path} тізімінде{hint}",
    },
    "unknown_codes": {
        "en": "unknown codes {codes}; the allowed codes are listed at {path}{hint}",
        "ru": "неизвестные коды {codes}; допустимые коды перечислены в {path}{hint}",
        "kk": "белгісіз кодтар {codes}; рұқсат етілген кодтар {path} тізімінде{hint}",
    },
    "free_words_in_tags": {
        "en": " (free words go in tags)",
        "ru": " (произвольные слова указываются в tags)",
        "kk": " (еркін сөздер tags өрісіне жазылады)",
    },
    "bin_not_string": {
        "en": "BIN must be a string of 12 digits, not {kind}",
        "ru": "БИН должен быть строкой из 12 цифр, а не {kind}",
        "kk": "БСН {kind} емес, 12 цифрдан тұратын жол болуы керек",
    },
    "bin_empty": {
        "en": "BIN is empty: it must be 12 digits",
        "ru": "БИН пуст: он должен состоять из 12 цифр",
        "kk": "БСН бос: ол 12 цифрдан тұруы керек",
    },
    "bin_not_digits": {
        "en": "BIN must contain digits only (found {char})",
        "ru": "БИН должен содержать только цифры (найдено {char})",
        "kk": "БСН тек цифрлардан тұруы керек ({char} табылды)",
    },
    "bin_length": {
        "en": "BIN must be exactly 12 digits (got {length})",
        "ru": "БИН должен состоять ровно из 12 цифр (получено {length})",
        "kk": "БСН дәл 12 цифрдан тұруы керек ({length} берілді)",
    },
    "bin_no_check_digit": {
        "en": "BIN is invalid: its first 11 digits admit no valid check digit",
        "ru": "БИН недействителен: для его первых 11 цифр нет допустимой контрольной цифры",
        "kk": "БСН жарамсыз: оның алғашқы 11 цифры үшін жарамды бақылау цифры жоқ",
    },
    "bin_check_digit": {
        "en": "BIN check digit is wrong: the last digit should be {expected}, not {last}"
        " (mistyped digit?)",
        "ru": "контрольная цифра БИН неверна: последняя цифра должна быть {expected}, а не "
        "{last} (опечатка?)",
        "kk": "БСН бақылау цифры қате: соңғы цифр {last} емес, {expected} болуы керек "
        "(цифр қате терілген бе?)",
    },
    # rules checked against stored data (InvalidInput's field messages)
    "no_such_company": {
        "en": "no such company",
        "ru": "такой компании нет",
        "kk": "мұндай компания жоқ",
    },
    "must_be_international": {
        "en": "must be an international company",
        "ru": "должна быть международной компанией",
        "kk": "халықаралық компания болуы керек",
    },
    "must_be_local": {
        "en": "must be a local company",
        "ru": "должна быть местной компанией",
        "kk": "жергілікті компания болуы керек",
    },
    "no_such_need": {
        "en": "no such partner need",
        "ru": "такой потребности партнёра нет",
        "kk": "мұндай серіктес қажеттілігі жоқ",
    },
    "need_of_another": {
        "en": "is a need of another international company",
        "ru": "это потребность другой международной компании",
        "kk": "бұл басқа халықаралық компанияның қажеттілігі",
    },
    "signed_needs_date": {
        "en": "a signed contract needs its signing date",
        "ru": "для подписанного договора нужна дата подписания",
        "kk": "қол қойылған шарт үшін қол қойылған күні қажет",
    },
    "period_reversed": {
        "en": "the period ends before it starts",
        "ru": "период заканчивается раньше, чем начинается",
        "kk": "кезең басталмай тұрып аяқталады",
    },
    "verified_is_programmes": {
        "en": "a programme-verified certification is the programme's record: send it back "
        "as read, or leave it out",
        "ru": "сертификация, подтверждённая программой, — запись программы: передайте её в "
        "том виде, в каком получили при чтении, или не передавайте совсем",
        "kk": "бағдарлама растаған сертификат — бағдарламаның жазбасы: оны оқылған күйінде "
        "қайтарыңыз немесе мүлдем жібермеңіз",
    },
    "verified_already": {
        "en": "the programme verified this certification already: send that entry back "
        "with source programme_verified instead of declaring it again",
        "ru": "программа уже подтвердила эту сертификацию: передайте ту запись с source "
        "programme_verified, а не заявляйте её заново",
        "kk": "бағдарлама бұл сертификатты растап қойған: оны қайта мәлімдемей, сол жазбаны "
        "source programme_verified мәнімен қайтарыңыз",
    },
    "query_no_letters": {
        "en": "the query has no searchable letters or digits",
        "ru": "в запросе нет букв или цифр, по которым можно искать",
        "kk": "сұрауда іздеуге болатын әріптер немесе цифрлар жоқ",
    },
    "relevance_needs_q": {
        "en": "relevance needs a text query q",
        "ru": "для сортировки по релевантности нужен текстовый запрос q",
        "kk": "релеванттылық бойынша сұрыптау үшін q мәтіндік сұрауы қажет",
    },
    # who may do what (403 details)
    "linkage_recorders": {
        "en": "Programme staff, or the international company party to it, record a linkage.",
        "ru": "Связь записывают сотрудники программы или участвующая в ней международная компания.",
        "kk": "Байланысты бағдарлама қызметкерлері немесе оған қатысушы халықаралық компания "
        "жазады.",
    },
    "outcomes_for_staff": {
        "en": "Outcome figures are for programme staff and the ministry.",
        "ru": "Показатели результатов доступны сотрудникам программы и министерству.",
        "kk": "Нәтиже көрсеткіштері бағдарлама қызметкерлері мен министрлікке арналған.",
    },
    "profile_editors": {
        "en": "Only programme staff and the company's own users edit this profile.",
        "ru": "Этот профиль редактируют только сотрудники программы и пользователи самой компании.",
        "kk": "Бұл профильді тек бағдарлама қызметкерлері мен компанияның өз пайдаланушылары "
        "өңдейді.",
    },
    "staff_only": {
        "en": "Only programme staff (programme manager, analysts, assessors) may.",
        "ru": "Это разрешено только сотрудникам программы (менеджеру программы, аналитикам, "
        "оценщикам).",
        "kk": "Бұған тек бағдарлама қызметкерлерінің (бағдарлама менеджерінің, "
        "талдаушылардың, бағалаушылардың) рұқсаты бар.",
    },
    "participation_staff_only": {
        "en": "Programme participation is visible to programme staff only.",
        "ru": "Участие в программе видно только сотрудникам программы.",
        "kk": "Бағдарламаға қатысу тек бағдарлама қызметкерлеріне көрінеді.",
    },
    "needs_own": {
        "en": "An international company records its own needs (or programme staff do).",
        "ru": "Международная компания записывает свои собственные потребности (или это "
        "делают сотрудники программы).",
        "kk": "Халықаралық компания өз қажеттіліктерін өзі жазады (немесе оларды бағдарлама "
        "қызметкерлері жазады).",
    },
    # the company import (bulk/): the file, and each rejected row's reason
    "company_import": {
        "en": "A company import",
        "ru": "Импорт компаний",
        "kk": "Компаниялар импорты",
    },
    "not_json": {
        "en": "The body is not JSON: {error}",
        "ru": "Тело запроса не является JSON: {error}",
        "kk": "Сұрау денесі JSON емес: {error}",
    },
    "json_not_array": {
        "en": "A JSON import is an array of companies.",
        "ru": "Импорт JSON — это массив компаний.",
        "kk": "JSON импорты — компаниялар массиві.",
    },
    "json_item_not_object": {
        "en": "A JSON import is an array of companies (objects); item {item} is not.",
        "ru": "Импорт JSON — это массив компаний (объектов); элемент {item} не объект.",
        "kk": "JSON импорты — компаниялар (объектілер) массиві; {item}-элемент объект емес.",
    },
    "csv_error": {
        "en": "Line {line}: {error}",
        "ru": "Строка {line}: {error}",
        "kk": "{line}-жол: {error}",
    },
    "not_utf8": {
        "en": "The file is not UTF-8 text ({reason}).",
        "ru": "Файл не является текстом в кодировке UTF-8 ({reason}).",
        "kk": "Файл UTF-8 кодтауындағы мәтін емес ({reason}).",
    },
    "header_mismatch": {
        "en": "The header does not match the import format.",
        "ru": "Строка заголовка не соответствует формату импорта.",
        "kk": "Тақырып жолы импорт пішіміне сәйкес келмейді.",
    },
    "repeats_line": {
        "en": "{key}: repeats line {line}",
        "ru": "{key}: повторяет строку {line}",
        "kk": "{key}: {line}-жолды қайталайды",
    },
    "too_many_cells": {
        "en": "more cells than the header has columns",
        "ru": "ячеек больше, чем столбцов в заголовке",
        "kk": "ұяшықтар тақырып жолындағы бағандардан көп",
    },
    "kind_differs": {
        "en": "kind: the company is {kind}",
        "ru": "kind: вид компании — {kind}",
        "kk": "kind: компания түрі — {kind}",
    },
    "database_refused": {
        "en": "database refused the row: {error}",
        "ru": "база данных отклонила строку: {error}",
        "kk": "дерекқор жолды қабылдамады: {error}",
    },
}
"""Every other sentence the registry says, in English, Russian and Kazakh (``shared.i18n``):
``message(MESSAGES["key"], **params)`` makes the ``Text`` an ``InvalidInput``, an
``InvalidValue``, a problem's detail or an import row's reason carries."""
