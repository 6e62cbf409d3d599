"""The languages the API speaks (Russian, Kazakh, English) and how a response picks one.

A caller says which it reads with ``Accept-Language``; ``negotiate`` is the one parser of that
header. ``RequestContextMiddleware`` (and the gateway's own exchange) puts the choice in
``current`` for the request, so code that renders human text (a problem's title and detail,
a reference label, a report) asks ``current.get()`` rather than threading a parameter.

Machine-readable parts never change with the language: a problem's ``type``, ``rule`` and
``errors[].field``/``code``, an enum's value, a reference code. Only the words a person reads
do. A ``Text`` carries those words in every language at once and is picked when rendered;
words without a translation stay English, and the response's ``Content-Language`` then says
so (``content_language``).

Free-form words are catalogue entries too: a template per language with ``{placeholders}``,
made a ``Text`` by ``message(CATALOGUE["key"], **params)`` (a parameter that is itself a
``Text`` is filled in in each language). The catalogues below are the shared kit's (titles,
the kit's problems and input checks, validation messages); each service keeps its own in
``<service>/messages.py``: ``RULES`` (its 409s' Russian and Kazakh, given to
``ServiceSpec``) and ``MESSAGES`` (every other sentence it says: a 422's field message, a
validator's ``InvalidValue``, an import's rejection reason). ``tests/test_i18n.py`` fails on
a missing translation, and on a sentence raised as a bare English string.

A ``Text`` that must outlive its request (an import job's report, read later by whoever asks
in whichever language) is kept whole, every language at once, in a field typed
``Localized``: a response renders it in the reader's language.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from typing import Annotated, Any, Literal

from fastapi import Header, Response
from pydantic import PlainSerializer, PlainValidator, SerializationInfo, WithJsonSchema

Language = Literal["en", "ru", "kk"]
ENGLISH: Language = "en"
LANGUAGES: tuple[Language, ...] = ("en", "ru", "kk")
"""Every human text has these; English when the caller accepts none of them."""

Translations = Mapping[str, str]
"""A text (or a ``str.format`` template) per language: {"en": ..., "ru": ..., "kk": ...}."""

current: ContextVar[str] = ContextVar("language", default=ENGLISH)
"""The language of the request being answered (set by the request middleware)."""


@functools.lru_cache(maxsize=512)
def negotiate(accept_language: str | bytes | None) -> str:
    """The language an Accept-Language header prefers (RFC 9110 §12.5.4): the highest
    q-value among ru, kk and en by primary tag (``ru-KZ`` is ru; ``*`` is English); English
    on a tie, with no header, a malformed one or no match.

    Every request asks, and browsers send the same few headers again and again: cached
    (a four-language header: 3.9 µs parsed, 0.3 µs remembered, with the context variable)."""
    if isinstance(accept_language, bytes):
        accept_language = accept_language.decode("latin-1")
    best, best_q = ENGLISH, 0.0
    for part in (accept_language or "").split(","):
        tag, *params = (p.strip() for p in part.split(";"))
        primary = tag.split("-")[0].lower()
        if primary == "*":
            primary = ENGLISH
        if primary not in LANGUAGES:
            continue
        q = q_value(params)
        if q > best_q or (q == best_q > 0 and primary == ENGLISH):
            best, best_q = primary, q
    return best


def q_value(params: Iterable[str]) -> float:
    """The weight (RFC 9110 §12.4.2) among a range's parameters: 1 when absent, 0 when
    unreadable. Accept's media ranges are weighed the same way."""
    q = 1.0
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                q = float(value)
            except ValueError:
                q = 0.0
    return q


def from_headers(headers: Iterable[tuple[bytes, bytes]]) -> str:
    """``negotiate`` over raw ASGI headers (the first Accept-Language; English without)."""
    for name, value in headers:
        if name == b"accept-language":
            return negotiate(value)
    return ENGLISH


AcceptLanguage = Annotated[
    str | None,
    Header(
        alias="Accept-Language",
        description="the language of labels and messages: ru, kk or en (English when none matches)",
    ),
]
"""A route whose answer has words in it declares the header, so the document says so; the
language itself is already ``current`` (the middleware read the same header)."""


def localized(response: Response) -> str:
    """Mark a response whose words follow Accept-Language; the language to write them in."""
    language = current.get()
    response.headers["Content-Language"] = language
    vary = response.headers.get("Vary")
    response.headers["Vary"] = f"{vary}, Accept-Language" if vary else "Accept-Language"
    return language


def pick(translations: Translations, language: str | None = None) -> str:
    """The text in ``language`` (the request's by default), English where it has none."""
    return translations.get(language or current.get()) or translations[ENGLISH]


class Text:
    """Words for a person in every language, chosen when the response is rendered.

    ``str(text)`` is the English, so logs and exception messages read as before.
    """

    __slots__ = ("translations",)

    def __init__(self, translations: Translations) -> None:
        self.translations = translations

    def __str__(self) -> str:
        return self.translations[ENGLISH]

    def __repr__(self) -> str:
        return f"Text({self.translations[ENGLISH]!r})"

    def render(self, language: str) -> tuple[str, str]:
        """The text in ``language`` and the language it is really in (English as fallback)."""
        text = self.translations.get(language)
        return (text, language) if text else (self.translations[ENGLISH], ENGLISH)


def fill(template: str, params: Mapping[str, Any], language: str = ENGLISH) -> str:
    """A template filled in with its parameters (lists joined with commas; a ``Text`` in
    ``language``)."""
    values = {k: _value(v, language) for k, v in params.items()}
    return template.format(**values)


def _value(value: Any, language: str) -> Any:
    if isinstance(value, Text):
        return value.render(language)[0]
    if isinstance(value, list | tuple):
        return ", ".join(str(_value(v, language)) for v in value)
    return value


def message(templates: Translations, **params: Any) -> Text:
    """A catalogue entry filled in with its parameters, in every language it has: the one
    way to say a sentence (``message(MESSAGES["no_letters"])``,
    ``message(KIT["body_too_large"], limit=limit)``). A parameter that is a ``Text`` (a
    field's message inside a row's reason) is filled in in each language."""
    return Text(
        {language: fill(template, params, language) for language, template in templates.items()}
    )


def join(parts: Iterable[Text | str], separator: str = "; ") -> Text:
    """Several texts as one (an import row's reasons), each language joined on its own; a
    part without that language stands in English."""
    parts = list(parts)
    languages = {ENGLISH}.union(*(p.translations.keys() for p in parts if isinstance(p, Text)))
    return Text(
        {
            language: separator.join(
                p.render(language)[0] if isinstance(p, Text) else p for p in parts
            )
            for language in LANGUAGES
            if language in languages
        }
    )


def _as_text(value: Any) -> Text | str:
    """A ``Localized`` field's value: a ``Text``, its stored form (the translations) or a
    plain string (an English sentence stored before it had translations)."""
    if isinstance(value, Text | str):
        return value
    if isinstance(value, Mapping) and isinstance(value.get(ENGLISH), str):
        return Text({k: str(v) for k, v in value.items() if k in LANGUAGES})
    raise ValueError("a text: a string, or one per language")


STORED = {"languages": "all"}
"""The serialization context that keeps a ``Localized`` whole: ``model_dump_json(context=
STORED)`` writes every language (``{"en": ..., "ru": ..., "kk": ...}``)."""


def _render_text(value: Text | str, info: SerializationInfo) -> Any:
    if not isinstance(value, Text):
        return value
    if info.context == STORED:
        return dict(value.translations)
    return value.render(current.get())[0]


def words_in(value: Any, language: str) -> str:
    """A ``Localized`` value as kept (a ``Text``, its every language, or a plain string) in
    ``language``: for words kept where no field is typed ``Localized`` (a failed job's
    ``errors[].message``, an extra member of its problem)."""
    text = _as_text(value)
    return text.render(language)[0] if isinstance(text, Text) else text


Localized = Annotated[
    Any,
    PlainValidator(_as_text),
    PlainSerializer(_render_text),
    WithJsonSchema({"type": "string"}),
]
"""A response field of words that may be read later, in another language than the one it
was written in (an import report's ``reason``): it holds a ``Text`` (or a plain string),
is stored whole with ``context=STORED`` and is written in the request's language (``current``)
when a response is serialized. The document says a string, as before."""


def placeholders(template: str) -> set[str]:
    """The parameter names a ``str.format`` template uses (the catalogue tests compare them)."""
    fields = (name for _, name, _, _ in string.Formatter().parse(template) if name)
    return {re.split(r"[.\[]", name)[0] for name in fields}  # left[amount]: the parameter left


def content_language(used: Iterable[str]) -> str:
    """``Content-Language`` for a response whose texts are in ``used``: the request's
    language first, and English too when some text had no translation (RFC 9110 §8.5)."""
    languages = list(dict.fromkeys(used)) or [current.get()]
    return ", ".join(languages)


# --- the shared kit's catalogues -------------------------------------------------------------

TITLES: dict[int, Translations] = {
    400: {"en": "Bad request", "ru": "Некорректный запрос", "kk": "Қате сұрау"},
    401: {"en": "Unauthorized", "ru": "Требуется аутентификация", "kk": "Аутентификация қажет"},
    403: {"en": "Forbidden", "ru": "Доступ запрещён", "kk": "Қолжетімділік жабық"},
    404: {"en": "Not found", "ru": "Не найдено", "kk": "Табылмады"},
    405: {"en": "Method not allowed", "ru": "Метод не разрешён", "kk": "Әдіске рұқсат жоқ"},
    406: {"en": "Not acceptable", "ru": "Неприемлемый формат", "kk": "Қабылданбайтын формат"},
    409: {"en": "Conflict", "ru": "Конфликт", "kk": "Қайшылық"},
    412: {
        "en": "Precondition failed",
        "ru": "Предусловие не выполнено",
        "kk": "Алғышарт орындалмады",
    },
    413: {"en": "Payload too large", "ru": "Слишком большой запрос", "kk": "Сұрау тым үлкен"},
    415: {
        "en": "Unsupported media type",
        "ru": "Неподдерживаемый тип данных",
        "kk": "Қолдау көрсетілмейтін деректер түрі",
    },
    422: {
        "en": "Validation failed",
        "ru": "Ошибка проверки данных",
        "kk": "Деректер тексеруден өтпеді",
    },
    428: {"en": "Precondition required", "ru": "Требуется предусловие", "kk": "Алғышарт қажет"},
    429: {"en": "Too many requests", "ru": "Слишком много запросов", "kk": "Сұраулар тым көп"},
    500: {
        "en": "Internal server error",
        "ru": "Внутренняя ошибка сервера",
        "kk": "Сервердің ішкі қатесі",
    },
    502: {"en": "Bad gateway", "ru": "Ошибка шлюза", "kk": "Шлюз қатесі"},
    503: {"en": "Service unavailable", "ru": "Сервис недоступен", "kk": "Қызмет қолжетімсіз"},
    504: {
        "en": "Gateway timeout",
        "ru": "Шлюз не дождался ответа",
        "kk": "Шлюз жауап күтуден асты",
    },
}
ERROR_TITLE: Translations = {"en": "Error", "ru": "Ошибка", "kk": "Қате"}

KIT: dict[str, Translations] = {
    "no_such": {
        "en": "No such {what}.",
        "ru": "Запись не найдена ({what}).",
        "kk": "Мұндай жазба жоқ ({what}).",
    },
    "if_match_required": {
        "en": "Send If-Match with the ETag you read.",
        "ru": "Передайте заголовок If-Match с прочитанным ETag.",
        "kk": "Оқылған ETag мәнімен If-Match тақырыбын жіберіңіз.",
    },
    "if_match_stale": {
        "en": "The resource changed since you read it; read it again and retry.",
        "ru": "Ресурс изменился после чтения; прочитайте его заново и повторите.",
        "kk": "Ресурс оқылғаннан кейін өзгерді; оны қайта оқып, әрекетті қайталаңыз.",
    },
    "body_too_large": {
        "en": "The request body exceeds {limit} bytes.",
        "ru": "Тело запроса превышает {limit} байт.",
        "kk": "Сұрау денесі {limit} байттан асады.",
    },
    "invalid_input": {
        "en": "Invalid input: {fields}",
        "ru": "Недопустимые данные: {fields}",
        "kk": "Жарамсыз деректер: {fields}",
    },
    "bearer_required": {
        "en": "A valid bearer token is required.",
        "ru": "Требуется действительный bearer-токен.",
        "kk": "Жарамды bearer-токен қажет.",
    },
    "use_bearer": {
        "en": "Use 'Authorization: Bearer <token>'.",
        "ru": "Используйте заголовок «Authorization: Bearer <token>».",
        "kk": "«Authorization: Bearer <token>» тақырыбын пайдаланыңыз.",
    },
    "token_expired": {
        "en": "The token has expired.",
        "ru": "Срок действия токена истёк.",
        "kk": "Токеннің қолданылу мерзімі өтті.",
    },
    "token_invalid": {
        "en": "The token is invalid.",
        "ru": "Токен недействителен.",
        "kk": "Токен жарамсыз.",
    },
    "roles_needed": {
        "en": "This needs one of the roles: {roles}.",
        "ru": "Требуется одна из ролей: {roles}.",
        "kk": "Мына рөлдердің бірі қажет: {roles}.",
    },
    "internal": {
        "en": "The request failed. Quote the request id when reporting it.",
        "ru": "Запрос не выполнен. Укажите request id, сообщая о проблеме.",
        "kk": "Сұрау орындалмады. Мәселе туралы хабарлағанда request id көрсетіңіз.",
    },
    "rate_limited": {
        "en": "Rate limit exceeded; retry later.",
        "ru": "Превышен лимит запросов; повторите позже.",
        "kk": "Сұраулар шегінен асты; кейінірек қайталаңыз.",
    },
    "upstream_unavailable": {
        "en": "The {service} service is unavailable.",
        "ru": "Сервис {service} недоступен.",
        "kk": "{service} қызметі қолжетімсіз.",
    },
    "upstream_timeout": {
        "en": "The {service} service did not answer in time.",
        "ru": "Сервис {service} не ответил вовремя.",
        "kk": "{service} қызметі уақытында жауап бермеді.",
    },
    "out_of_range": {
        "en": "A value in the request is outside what can be stored (too large or too long).",
        "ru": "Значение в запросе не помещается в хранилище (слишком большое или длинное).",
        "kk": "Сұраудағы мән сақтауға сыймайды (тым үлкен немесе тым ұзын).",
    },
    # an import row's reason: the field a pydantic error names, and its message
    "field_error": {
        "en": "{field}: {message}",
        "ru": "{field}: {message}",
        "kk": "{field}: {message}",
    },
    # the shared validators (shared.inputs, shared.text, shared.money, shared.indicators)
    "iso_date": {
        "en": "a date is written as ISO 8601, YYYY-MM-DD",
        "ru": "дата указывается в формате ISO 8601: YYYY-MM-DD",
        "kk": "күн ISO 8601 форматында көрсетіледі: YYYY-MM-DD",
    },
    "not_null": {
        "en": "leave the field out to keep it; it cannot be null",
        "ru": "чтобы сохранить значение, не передавайте поле; null недопустим",
        "kk": "мәнді сақтау үшін өрісті жібермеңіз; null мәніне рұқсат жоқ",
    },
    "no_nul": {
        "en": "text may not contain NUL characters",
        "ru": "текст не может содержать символы NUL",
        "kk": "мәтінде NUL таңбалары болмауы керек",
    },
    "decimal_not_number": {
        "en": "send decimals as strings ({shape}), not JSON numbers",
        "ru": "передавайте десятичные числа строками ({shape}), а не числами JSON",
        "kk": "ондық сандарды JSON сандары түрінде емес, жол түрінде жіберіңіз ({shape})",
    },
    "decimal_shape": {
        "en": "a decimal string: {shape}",
        "ru": "десятичное число строкой: {shape}",
        "kk": "жол түріндегі ондық сан: {shape}",
    },
    "percent_shape": {
        "en": 'from "0" to "100", at most 2 decimal places, e.g. "91.5"',
        "ru": 'от "0" до "100", не более 2 знаков после запятой, например "91.5"',
        "kk": '"0" мен "100" аралығында, үтірден кейін ең көбі 2 таңба, мысалы "91.5"',
    },
    "amount_not_number": {
        "en": "send amounts as decimal strings, not numbers",
        "ru": "передавайте суммы десятичными строками, а не числами",
        "kk": "сомаларды сан түрінде емес, ондық жол түрінде жіберіңіз",
    },
    "amount_negative": {
        "en": "this amount (a price, a cost) is not negative",
        "ru": "эта сумма (цена, стоимость) не может быть отрицательной",
        "kk": "бұл сома (баға, құн) теріс бола алмайды",
    },
    "amount_shape": {
        "en": 'a decimal string with at most 2 decimal places, e.g. "1234.50"',
        "ru": 'десятичная строка, не более 2 знаков после запятой, например "1234.50"',
        "kk": 'үтірден кейін ең көбі 2 таңбасы бар ондық жол, мысалы "1234.50"',
    },
    "currency_unsupported": {
        "en": "unsupported currency {currency}; use one of {currencies}",
        "ru": "валюта {currency} не поддерживается; допустимые: {currencies}",
        "kk": "{currency} валютасына қолдау көрсетілмейді; рұқсат етілгендері: {currencies}",
    },
    "amount_out_of_range": {
        "en": "amount out of range",
        "ru": "сумма вне допустимого диапазона",
        "kk": "сома рұқсат етілген ауқымнан тыс",
    },
    "currency_decimals": {
        "en": "{currency} amounts have at most {exponent} decimal places",
        "ru": "суммы в {currency} имеют не более {exponent} знаков после запятой",
        "kk": "{currency} сомаларында үтірден кейін ең көбі {exponent} таңба болады",
    },
    "figure_not_float": {
        "en": 'send decimals as strings (e.g. "12.5"), not JSON floats',
        "ru": 'передавайте десятичные числа строками (например, "12.5"), а не дробными '
        "числами JSON",
        "kk": "ондық сандарды JSON бөлшек сандары түрінде емес, жол түрінде жіберіңіз "
        '(мысалы, "12.5")',
    },
    "time_needs_offset": {
        "en": "a time with its UTC offset, e.g. 2026-03-31T23:59:59Z",
        "ru": "время со смещением от UTC, например 2026-03-31T23:59:59Z",
        "kk": "UTC-ден ығысуы көрсетілген уақыт, мысалы 2026-03-31T23:59:59Z",
    },
    "not_in_future": {
        "en": "not in the future",
        "ru": "не может быть в будущем",
        "kk": "болашақ уақыт бола алмайды",
    },
    # the kit's other problems
    "too_deep": {
        "en": "The JSON body nests deeper than {limit} levels.",
        "ru": "Вложенность JSON в теле запроса глубже {limit} уровней.",
        "kk": "Сұрау денесіндегі JSON {limit} деңгейден тереңірек салынған.",
    },
    "not_ready": {
        "en": "Not ready.",
        "ru": "Сервис не готов.",
        "kk": "Қызмет дайын емес.",
    },
    "not_an_access_token": {
        "en": "The token is not an access token.",
        "ru": "Токен не является токеном доступа.",
        "kk": "Токен қолжетімділік токені емес.",
    },
    "untrusted_key": {
        "en": "The token is signed with a key that is not trusted.",
        "ru": "Токен подписан ключом, которому нет доверия.",
        "kk": "Токенге сенімсіз кілтпен қол қойылған.",
    },
    "claims_invalid": {
        "en": "The token's role or company is invalid.",
        "ru": "Роль или компания в токене недействительны.",
        "kk": "Токендегі рөл немесе компания жарамсыз.",
    },
    "company_claim_missing": {
        "en": "A company user's token must name its company.",
        "ru": "В токене пользователя компании должна быть указана его компания.",
        "kk": "Компания пайдаланушысының токенінде оның компаниясы көрсетілуі керек.",
    },
    "key_reused_body": {
        "en": "This Idempotency-Key was used with a different request body.",
        "ru": "Этот Idempotency-Key уже использован с другим телом запроса.",
        "kk": "Бұл Idempotency-Key басқа сұрау денесімен пайдаланылған.",
    },
    "key_reused_file": {
        "en": "This Idempotency-Key was used with a different file.",
        "ru": "Этот Idempotency-Key уже использован с другим файлом.",
        "kk": "Бұл Idempotency-Key басқа файлмен пайдаланылған.",
    },
    "import_too_large": {
        "en": "{what} is at most {limit}.",
        "ru": "{what}: не более {limit}.",
        "kk": "{what}: ең көбі {limit}.",
    },
    "import_failed": {
        "en": "The import failed unexpectedly; nothing more was written.",
        "ru": "Импорт неожиданно прервался с ошибкой; больше ничего не записано.",
        "kk": "Импорт күтпеген қатемен үзілді; басқа ештеңе жазылмады.",
    },
    "job_stopped": {
        "en": "The service stopped while the job ran; submit the file again (rows already "
        "written are left as they are, and an import changes nothing it has written).",
        "ru": "Сервис остановился во время выполнения задания; отправьте файл снова (уже "
        "записанные строки остаются как есть, а импорт не меняет того, что уже записал).",
        "kk": "Тапсырма орындалып жатқанда қызмет тоқтады; файлды қайта жіберіңіз (жазылған "
        "жолдар сол күйінде қалады, ал импорт өзі жазғанын өзгертпейді).",
    },
    "job_abandoned": {
        "en": "The job's service stopped (no sign of life since {since}); submit the file "
        "again (an import changes nothing it has already written).",
        "ru": "Сервис, выполнявший задание, остановился (нет признаков работы с {since}); "
        "отправьте файл снова (импорт не меняет того, что уже записал).",
        "kk": "Тапсырманы орындаған қызмет тоқтады ({since} бастап жұмыс белгісі жоқ); файлды "
        "қайта жіберіңіз (импорт өзі жазғанын өзгертпейді).",
    },
}

RESOURCES: dict[str, Translations] = {
    "assessment": {"ru": "оценка", "kk": "бағалау"},
    "board member": {"ru": "член совета", "kk": "кеңес мүшесі"},
    "budget": {"ru": "бюджет", "kk": "бюджет"},
    "certification": {"ru": "сертификация", "kk": "сертификаттау"},
    "cohort": {"ru": "когорта", "kk": "когорта"},
    "commitment": {"ru": "обязательство", "kk": "міндеттеме"},
    "commitment line": {"ru": "строка обязательства", "kk": "міндеттеме жолы"},
    "company": {"ru": "компания", "kk": "компания"},
    "company statement": {"ru": "отчёт компании", "kk": "компания есебі"},
    "course": {"ru": "курс", "kk": "курс"},
    "course session": {"ru": "сессия курса", "kk": "курс сессиясы"},
    "enrolment": {"ru": "запись на курс", "kk": "курсқа жазылу"},
    "exchange rate": {"ru": "курс валюты", "kk": "валюта бағамы"},
    "graduate": {"ru": "выпускник", "kk": "түлек"},
    "import job": {"ru": "задание импорта", "kk": "импорт тапсырмасы"},
    "internship": {"ru": "стажировка", "kk": "тағылымдама"},
    "linkage": {"ru": "связь", "kk": "байланыс"},
    "methodology": {"ru": "методика", "kk": "әдістеме"},
    "nomination": {"ru": "номинация", "kk": "номинация"},
    "partner need": {"ru": "потребность партнёра", "kk": "серіктес қажеттілігі"},
    "partner statement": {"ru": "отчёт партнёра", "kk": "серіктес есебі"},
    "programme event": {"ru": "мероприятие программы", "kk": "бағдарлама іс-шарасы"},
    "resource": {"ru": "ресурс", "kk": "ресурс"},
    "review": {"ru": "обзор", "kk": "шолу"},
    "rule": {"ru": "правило", "kk": "ереже"},
    "snapshot": {"ru": "отчёт", "kk": "есеп"},
    "target": {"ru": "цель", "kk": "мақсат"},
    "trainee": {"ru": "слушатель", "kk": "тыңдаушы"},
    "training need": {"ru": "потребность в обучении", "kk": "оқу қажеттілігі"},
    "vote": {"ru": "голос", "kk": "дауыс"},
}
"""The names of what a 404 says it did not find (``no_such``), in Russian and Kazakh (the key
is the English), so that its detail is wholly in the caller's language."""


def no_such(what: str) -> Text:
    """The detail of a 404 for a record the caller cannot see or that does not exist, naming
    ``what`` in each language (``RESOURCES``; ``tests/test_i18n.py`` checks every name the
    code passes is there)."""
    words = RESOURCES.get(what, {})
    return Text(
        {
            language: fill(template, {"what": words.get(language, what)})
            for language, template in KIT["no_such"].items()
        }
    )


RULES: dict[str, Translations] = {
    "idempotency_in_progress": {
        "ru": "Запрос с этим Idempotency-Key ещё обрабатывается.",
        "kk": "Осы Idempotency-Key бар сұрау әлі өңделуде.",
    },
}
"""The shared kit's own 409 rules; a service adds its own (``ServiceSpec.rules``). A rule's
English is the detail the code raises, so these hold Russian and Kazakh."""

VALIDATION: dict[str, Translations] = {
    "missing": {"en": "Field required", "ru": "Обязательное поле", "kk": "Міндетті өріс"},
    "extra_forbidden": {
        "en": "Extra inputs are not permitted",
        "ru": "Лишние поля не допускаются",
        "kk": "Артық өрістерге рұқсат етілмейді",
    },
    "string_too_long": {
        "en": "String should have at most {max_length} characters",
        "ru": "Строка должна содержать не более {max_length} символов",
        "kk": "Жол ең көбі {max_length} таңбадан тұруы керек",
    },
    "string_too_short": {
        "en": "String should have at least {min_length} characters",
        "ru": "Строка должна содержать не менее {min_length} символов",
        "kk": "Жол кемінде {min_length} таңбадан тұруы керек",
    },
    "string_pattern_mismatch": {
        "en": "String should match pattern '{pattern}'",
        "ru": "Строка должна соответствовать шаблону «{pattern}»",
        "kk": "Жол «{pattern}» үлгісіне сәйкес келуі керек",
    },
    "enum": {
        "en": "Input should be {expected}",
        "ru": "Допустимые значения: {expected}",
        "kk": "Рұқсат етілген мәндер: {expected}",
    },
    "literal_error": {
        "en": "Input should be {expected}",
        "ru": "Допустимые значения: {expected}",
        "kk": "Рұқсат етілген мәндер: {expected}",
    },
    "greater_than_equal": {
        "en": "Input should be greater than or equal to {ge}",
        "ru": "Значение должно быть не меньше {ge}",
        "kk": "Мән кемінде {ge} болуы керек",
    },
    "less_than_equal": {
        "en": "Input should be less than or equal to {le}",
        "ru": "Значение должно быть не больше {le}",
        "kk": "Мән {le} мәнінен аспауы керек",
    },
    "wrong_type": {
        "en": "Input should be a valid {kind}",
        "ru": "Значение неверного типа (ожидается {kind})",
        "kk": "Мәннің түрі қате ({kind} күтіледі)",
    },
}
"""Messages for pydantic's common error types, by ``type``; parameters from its ``ctx``.
Every ``*_type`` and ``*_parsing`` error (a wrong JSON type, an unparseable number or date)
is ``wrong_type``, ``kind`` naming what was expected (``int``, ``uuid``, ``date``...). Other
error types keep pydantic's English message."""


def validation_message(error: Mapping[str, Any], language: str) -> tuple[str, str]:
    """One pydantic error's message in ``language`` and the language it is in."""
    kind = str(error.get("type", ""))
    english = str(error.get("msg", "invalid"))
    if language == ENGLISH:
        return english, ENGLISH
    params = dict(error.get("ctx") or {})
    templates = VALIDATION.get(kind)
    if templates is None and kind.endswith(("_type", "_parsing")) and "." not in kind:
        templates = VALIDATION["wrong_type"]
        params["kind"] = kind.removesuffix("_type").removesuffix("_parsing")
    if templates is None or not placeholders(templates[language]) <= params.keys():
        return english, ENGLISH
    return templates[language].format(**params), language
