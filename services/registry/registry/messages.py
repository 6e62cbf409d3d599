"""The details of the registry's 409 rules in Russian and Kazakh (English is what the code
raises); parameters are the problem's fields and the ``params`` the rule is raised with."""

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
