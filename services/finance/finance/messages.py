"""The finance service's words in the caller's language: ``RULES``, the details of its 409
rules in Russian and Kazakh (English is what the code raises; parameters are the problem's
fields and the ``params`` it is raised with); ``MESSAGES``, every other sentence it says.
Its statuses' labels are in ``statuses.py``."""

from __future__ import annotations

from shared.i18n import Translations

RULES: dict[str, Translations] = {
    "rule_version_out_of_order": {
        "ru": "Новая версия правила софинансирования должна начинаться позже последней.",
        "kk": "Қоса қаржыландыру ережесінің жаңа нұсқасы соңғысынан кейін басталуы керек.",
    },
    "rate_exists": {
        "ru": "Курс {pair} ({source}, {rate_type}) на {on} уже есть{where}; курсы не "
        "перезаписываются.",
        "kk": "{on} күнге {pair} бағамы ({source}, {rate_type}) бұрыннан бар{where}; бағамдар "
        "қайта жазылмайды.",
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
    # {current_status}, {target}: the budget status's label (statuses.py), not its code
    "budget_not_draft": {
        "ru": "Бюджет в статусе «{current_status}»; изменяется только черновик "
        "(утверждённый — через редакцию).",
        "kk": "Бюджет «{current_status}» мәртебесінде; тек жоба өзгереді "
        "(бекітілгені — жаңа редакция арқылы).",
    },
    "illegal_status_transition": {
        "ru": "Бюджет в статусе «{current_status}» не может перейти в статус «{target}».",
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


MESSAGES: dict[str, Translations] = {
    # request checks (amounts.py, exchange_rates/schemas.py): an InvalidValue's words
    "decimal_not_float": {
        "en": 'send decimals as strings (e.g. "22.5"), not JSON floats',
        "ru": 'передавайте десятичные числа строками (например, "22.5"), а не дробными '
        "числами JSON",
        "kk": "ондық сандарды JSON бөлшек сандары түрінде емес, жол түрінде жіберіңіз "
        '(мысалы, "22.5")',
    },
    "quoting_unit": {
        "en": "a rate is quoted per {units} units",
        "ru": "курс указывается за {units} единиц валюты",
        "kk": "бағам валютаның {units} бірлігі үшін көрсетіледі",
    },
    "not_a_decimal_amount": {
        "en": "not a decimal amount: {amount}",
        "ru": "это не десятичная сумма: {amount}",
        "kk": "бұл ондық сома емес: {amount}",
    },
    "date_in_calendar": {
        "en": "a date from {first} to {last}",
        "ru": "дата с {first} по {last}",
        "kk": "{first} мен {last} аралығындағы күн",
    },
    # exchange rates (exchange_rates/service.py), the rate import's reasons among them
    "rate_same_currencies": {
        "en": "a rate is between two different currencies",
        "ru": "курс устанавливается между двумя разными валютами",
        "kk": "бағам екі түрлі валюта арасында белгіленеді",
    },
    "rate_above_zero": {
        "en": "a rate is above zero",
        "ru": "курс должен быть больше нуля",
        "kk": "бағам нөлден үлкен болуы керек",
    },
    "converted_out_of_range": {
        "en": "converted into {currency} it is out of range",
        "ru": "после пересчёта в {currency} сумма выходит за допустимый диапазон",
        "kk": "{currency} валютасына айырбасталғанда сома рұқсат етілген ауқымнан шығады",
    },
    "no_rate": {
        "en": "No {source} {rate_type} {base}/{quote} rate (nor {quote}/{base}) on {on} "
        "or in the {days} days before.",
        "ru": "Нет курса {base}/{quote} (и {quote}/{base}) ({source}, {rate_type}) на {on} "
        "и за {days} дней до этой даты.",
        "kk": "{on} күнге және оған дейінгі {days} күнге {base}/{quote} бағамы (және "
        "{quote}/{base}) ({source}, {rate_type}) жоқ.",
    },
    "rate_import": {
        "en": "An exchange-rate import",
        "ru": "Импорт курсов валют",
        "kk": "Валюта бағамдарының импорты",
    },
    "file_not_utf8": {
        "en": "the file is not UTF-8",
        "ru": "файл не в кодировке UTF-8",
        "kk": "файл UTF-8 кодтауында емес",
    },
    "missing_columns": {
        "en": "missing columns: {columns}",
        "ru": "не хватает столбцов: {columns}",
        "kk": "бағандар жетіспейді: {columns}",
    },
    "too_many_rows": {
        "en": "at most {limit} rows per file",
        "ru": "не более {limit} строк в файле",
        "kk": "бір файлда ең көбі {limit} жол",
    },
    "unreadable_line": {
        "en": "line {line}: {error}",
        "ru": "строка {line}: ошибка CSV ({error})",
        "kk": "{line}-жол: CSV қатесі ({error})",
    },
    # rate_exists's {where} in an import: the line of the file
    "rate_line_repeats": {
        "en": " (line {line} repeats it)",
        "ru": " (его повторяет строка {line})",
        "kk": " (оны {line}-жол қайталайды)",
    },
    "rate_line_differs": {
        "en": " with another rate (line {line})",
        "ru": " с другим значением (строка {line})",
        "kk": " басқа мәнмен ({line}-жол)",
    },
    # co-financing rules (rules/schemas.py, rules/split.py, rules/service.py)
    "party_once": {
        "en": "each party appears in a rule once",
        "ru": "каждая сторона указывается в правиле один раз",
        "kk": "әр тарап ережеде бір рет көрсетіледі",
    },
    "rule_has_steps": {
        "en": "a rule has at least one step",
        "ru": "в правиле должен быть хотя бы один шаг",
        "kk": "ережеде кемінде бір қадам болуы керек",
    },
    "step_takes_too_much": {
        "en": "step {step} ({party}) takes {share} % of the list price but only {left} % is left",
        "ru": "шаг {step} ({party}) берёт {share} % прейскурантной цены, а остаётся только "
        "{left} %",
        "kk": "{step}-қадам ({party}) прейскурант бағасының {share} % алады, бірақ тек "
        "{left} % қалды",
    },
    "steps_leave_over": {
        "en": "the steps leave {left} % of the list price to nobody; end with a party taking "
        "100 % of the remainder",
        "ru": "шаги оставляют {left} % прейскурантной цены без плательщика; последним шагом "
        "одна из сторон должна брать 100 % остатка",
        "kk": "қадамдар прейскурант бағасының {left} % ешкімге бөлмейді; соңғы қадамда бір "
        "тарап қалдықтың 100 % алуы керек",
    },
    "no_such_rule": {
        "en": "no co-financing rule {code}",
        "ru": "правила софинансирования {code} нет",
        "kk": "{code} қоса қаржыландыру ережесі жоқ",
    },
    # cost lines (costing.py, rules/service.py, estimates/service.py, budgets/service.py)
    "line_in_other_currency": {
        "en": "in {currency}; every line is in {budget_currency}",
        "ru": "в {currency}; все строки должны быть в {budget_currency}",
        "kk": "{currency} валютасында; барлық жол {budget_currency} валютасында болуы керек",
    },
    "high_below_low": {
        "en": "the high estimate is below the low one ({low})",
        "ru": "верхняя оценка ниже нижней ({low})",
        "kk": "жоғарғы бағалау төменгісінен кіші ({low})",
    },
    "line_too_large": {
        "en": "a line comes to less than {limit} (unit cost × quantity)",
        "ru": "сумма строки должна быть меньше {limit} (цена единицы × количество)",
        "kk": "жол сомасы {limit} мәнінен аз болуы керек (бірлік құны × саны)",
    },
    "budget_or_lines_not_both": {
        "en": "give budget_id, or currency and lines; not both ({given})",
        "ru": "передайте budget_id либо currency и lines, но не то и другое ({given})",
        "kk": "budget_id немесе currency мен lines жіберіңіз, екеуін бірге емес ({given})",
    },
    "budget_or_lines": {
        "en": "give currency and lines, or budget_id",
        "ru": "передайте currency и lines либо budget_id",
        "kk": "currency мен lines немесе budget_id жіберіңіз",
    },
    "never_converted": {
        "en": "in {currency}, not {other}: figures are never converted",
        "ru": "в {currency}, а не в {other}: суммы не пересчитываются в другую валюту",
        "kk": "{other} емес, {currency} валютасында: сомалар басқа валютаға айырбасталмайды",
    },
    # actuals (actuals/service.py)
    "actual_above_zero": {
        "en": "an actual is above zero (a correction is its own entry)",
        "ru": "фактическая сумма больше нуля (корректировка вносится отдельной записью)",
        "kk": "нақты сома нөлден үлкен (түзету жеке жазба ретінде енгізіледі)",
    },
    "kinds_for_party": {
        "en": "a {party} line takes {kinds}",
        "ru": "строка стороны {party} принимает только: {kinds}",
        "kk": "{party} тарапының жолы тек мыналарды қабылдайды: {kinds}",
    },
    "line_currency": {
        "en": "the line is in {currency}",
        "ru": "строка ведётся в {currency}",
        "kk": "жол {currency} валютасында жүргізіледі",
    },
    # budgets (budgets/access.py): {status} the label, English the code as before
    "budget_move_roles": {
        "en": "Moving a budget to {status} needs one of the roles: {roles}.",
        "ru": "Перевести бюджет в статус «{status}» может только одна из ролей: {roles}.",
        "kk": "Бюджетті «{status}» мәртебесіне ауыстыру үшін мына рөлдердің бірі қажет: {roles}.",
    },
    # reports (reports/service.py)
    "rate_on_fixed_only": {
        "en": "rate_on applies to rate_policy=fixed",
        "ru": "rate_on применяется только при rate_policy=fixed",
        "kk": "rate_on тек rate_policy=fixed кезінде қолданылады",
    },
    "rate_on_with_fixed": {
        "en": "give rate_on with rate_policy=fixed only",
        "ru": "передавайте rate_on только вместе с rate_policy=fixed",
        "kk": "rate_on мәнін тек rate_policy=fixed мәнімен бірге жіберіңіз",
    },
    "currency_with_policy": {
        "en": "give currency (to convert into) with rate_policy only",
        "ru": "передавайте currency (валюту пересчёта) только вместе с rate_policy",
        "kk": "currency мәнін (айырбастау валютасын) тек rate_policy мәнімен бірге жіберіңіз",
    },
}
