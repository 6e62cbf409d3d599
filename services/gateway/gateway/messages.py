"""The gateway's own problem details in English, Russian and Kazakh (``shared.i18n``):
``message(MESSAGES["key"], **params)``. The gateway raises no 409 rule, so it has no
``RULES``."""

from __future__ import annotations

from shared.i18n import Translations

MESSAGES: dict[str, Translations] = {
    "unsupported_grant_type": {
        "en": "Only client_credentials is supported.",
        "ru": "Поддерживается только client_credentials.",
        "kk": "Тек client_credentials қолдау көрсетіледі.",
    },
    "credentials_twice": {
        "en": "Use HTTP Basic or form fields, not both.",
        "ru": "Используйте HTTP Basic или поля формы, но не то и другое сразу.",
        "kk": "HTTP Basic немесе форма өрістерін пайдаланыңыз, екеуін бірге емес.",
    },
    "credentials_required": {
        "en": "Client credentials are required.",
        "ru": "Требуются учётные данные клиента.",
        "kk": "Клиенттің тіркелгі деректері қажет.",
    },
    "client_locked": {
        "en": "Too many wrong secrets for this client; retry later.",
        "ru": "Слишком много неверных секретов для этого клиента; повторите позже.",
        "kk": "Бұл клиент үшін қате құпиялар тым көп; кейінірек қайталаңыз.",
    },
    "invalid_client": {
        "en": "Unknown client or wrong secret.",
        "ru": "Неизвестный клиент или неверный секрет.",
        "kk": "Белгісіз клиент немесе қате құпия.",
    },
    "no_such_visible_company": {
        "en": "No such company, or it is not visible to the caller.",
        "ru": "Такой компании нет, или она недоступна вызывающей стороне.",
        "kk": "Мұндай компания жоқ немесе ол сұрау жіберушіге көрінбейді.",
    },
    "reports_unavailable": {
        "en": "The assessment service, which keeps the reports, did not answer.",
        "ru": "Сервис оценки, в котором хранятся отчёты, не ответил.",
        "kk": "Есептерді сақтайтын бағалау қызметі жауап бермеді.",
    },
    "not_all_ready": {
        "en": "Not every service is ready.",
        "ru": "Не все сервисы готовы.",
        "kk": "Барлық қызмет дайын емес.",
    },
}
"""``POST /v1/auth/token``'s refusals and the gateway's other problems; OAuth's
``error_description`` stays the English (RFC 6749 §5.2 allows ASCII only), the problem's
``detail`` follows Accept-Language."""
