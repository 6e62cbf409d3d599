"""What the report says, in the languages the programme works in: Russian, Kazakh, English.

A ministry official reads the PDF, not the API: every code the API returns (statuses, gap
sources and kinds, levels, internship kinds, report sections) has a label here, and the
texts name no API field. Methodology labels (criteria, groups, bands) are the methodology's
own data, skills areas come with theirs from ``shared.skills``, and the status with its
labels from ``assessment.statuses.STATUSES`` (what ``/reference/statuses`` serves).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from assessment.skills import LEVELS
from assessment.statuses import STATUSES
from shared.money import Money

_STATUS = STATUSES.find("assessment")
"""The assessment's status, labelled as ``GET /reference/statuses`` labels it."""

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Assessment report",
        "page": "page",
        "bin": "BIN",
        "region": "Region",
        "cohort": "Cohort",
        "status": "Status",
        "approved_by": "Approved by",
        "programme_manager": "programme manager",
        "assessors": "Assessors",
        "visit": "Assessment visit",
        "visit_dates": "from {start} to {end}; expected cost {cost}",
        "unknown": "not known",
        "business_assessment": "Business assessment",
        "criterion": "Criterion",
        "group": "Group",
        "weight": "Weight (points)",
        "score": "Score, %",
        "points": "Points",
        "total": "Total",
        "result": "Result: {total} of {max} points. Band: {band}.",
        "result_incomplete": "Result so far: {total} of {max} points; not every criterion "
        "is scored yet, so no band is given.",
        "rounding": "Each criterion's points are exact; the total is rounded once to two "
        "decimal places (half up).",
        "bands": "Bands of the total",
        "band_from": "from {points} points",
        "strength": "Strength",
        "to_improve": "To improve",
        "skills_assessment": "Skills assessment",
        "skills_area": "Skills area",
        "type": "Type",
        "current_level": "Current level",
        "target_level": "Target level",
        "gap_levels": "Gap (levels)",
        "gaps": "Prioritised gaps",
        "gap": "Gap",
        "found_by": "Found by",
        "size": "Size (points)",
        "detail": "Detail",
        "no_gaps": "No gaps recorded.",
        "efqm_detail": "scored {score} % of {weight} points",
        "skills_detail": "level {current}, target {target}",
        "gap_rule": "Order: largest gap first, in points. An EFQM criterion misses its weight "
        "× (100 − score) / 100 points; a skills area 20 points for each level between its "
        "current and target level (0–5). Equal gaps keep a fixed order. Gaps marked * were "
        "placed first by the assessment team.",
        "plan": "Development plan",
        "training": "Training",
        "for": "For",
        "recommendation": "Recommendation",
        "estimated_cost": "Estimated cost",
        "internships": "Internships",
        "staff_member": "Staff member",
        "kind": "Kind",
        "purpose": "Purpose",
        "other_measures": "Other measures",
        "measure": "Measure",
        "no_plan": "No development plan items yet.",
    },
    "ru": {
        "title": "Отчёт об оценке",
        "page": "стр.",
        "bin": "БИН",
        "region": "Регион",
        "cohort": "Когорта",
        "status": "Статус",
        "approved_by": "Утвердил",
        "programme_manager": "менеджер программы",
        "assessors": "Оценщики",
        "visit": "Выездная оценка",
        "visit_dates": "с {start} по {end}; ожидаемая стоимость {cost}",
        "unknown": "нет данных",
        "business_assessment": "Бизнес-оценка",
        "criterion": "Критерий",
        "group": "Группа",
        "weight": "Вес (баллы)",
        "score": "Оценка, %",
        "points": "Баллы",
        "total": "Итого",
        "result": "Результат: {total} из {max} баллов. Уровень: {band}.",
        "result_incomplete": "Промежуточный результат: {total} из {max} баллов; оценены "
        "не все критерии, поэтому уровень не определён.",
        "rounding": "Баллы по каждому критерию точные; итог округлён один раз до двух "
        "знаков после запятой (половина — вверх).",
        "bands": "Уровни итоговой оценки",
        "band_from": "от {points} баллов",
        "strength": "Сильная сторона",
        "to_improve": "Что улучшить",
        "skills_assessment": "Оценка навыков",
        "skills_area": "Направление",
        "type": "Тип",
        "current_level": "Текущий уровень",
        "target_level": "Целевой уровень",
        "gap_levels": "Разрыв (уровни)",
        "gaps": "Приоритетные разрывы",
        "gap": "Разрыв",
        "found_by": "Источник",
        "size": "Размер (баллы)",
        "detail": "Подробности",
        "no_gaps": "Разрывы не выявлены.",
        "efqm_detail": "оценка {score} % из {weight} баллов",
        "skills_detail": "уровень {current}, цель {target}",
        "gap_rule": "Порядок: сначала наибольшие разрывы, в баллах. Критерий EFQM "
        "недобирает вес × (100 − оценка) / 100 баллов; направление навыков — 20 баллов за "
        "каждый уровень между текущим и целевым (0–5). Равные разрывы идут в неизменном "
        "порядке. Разрывы, отмеченные *, поставлены первыми командой оценщиков.",
        "plan": "План развития",
        "training": "Обучение",
        "for": "Для кого",
        "recommendation": "Рекомендация",
        "estimated_cost": "Оценочная стоимость",
        "internships": "Стажировки",
        "staff_member": "Сотрудник",
        "kind": "Вид",
        "purpose": "Цель",
        "other_measures": "Другие меры",
        "measure": "Мера",
        "no_plan": "Пунктов плана развития пока нет.",
    },
    "kk": {
        "title": "Бағалау есебі",
        "page": "бет",
        "bin": "БСН",
        "region": "Өңір",
        "cohort": "Когорта",
        "status": "Мәртебесі",
        "approved_by": "Бекіткен",
        "programme_manager": "бағдарлама менеджері",
        "assessors": "Бағалаушылар",
        "visit": "Бағалау сапары",
        "visit_dates": "{start} – {end}; болжамды құны {cost}",
        "unknown": "деректер жоқ",
        "business_assessment": "Бизнес-бағалау",
        "criterion": "Критерий",
        "group": "Топ",
        "weight": "Салмағы (балл)",
        "score": "Баға, %",
        "points": "Балл",
        "total": "Барлығы",
        "result": "Нәтиже: {max} балдың {total}. Деңгейі: {band}.",
        "result_incomplete": "Аралық нәтиже: {max} балдың {total}; барлық критерий "
        "бағаланбаған, сондықтан деңгей анықталмады.",
        "rounding": "Әр критерий бойынша балл дәл; қорытынды бір рет үтірден кейін екі "
        "таңбаға дейін дөңгелектенеді (жартысы — жоғары қарай).",
        "bands": "Қорытынды баға деңгейлері",
        "band_from": "{points} балдан бастап",
        "strength": "Күшті жағы",
        "to_improve": "Жақсарту керек",
        "skills_assessment": "Дағдыларды бағалау",
        "skills_area": "Бағыт",
        "type": "Түрі",
        "current_level": "Ағымдағы деңгей",
        "target_level": "Мақсатты деңгей",
        "gap_levels": "Алшақтық (деңгей)",
        "gaps": "Басым алшақтықтар",
        "gap": "Алшақтық",
        "found_by": "Көзі",
        "size": "Көлемі (балл)",
        "detail": "Толығырақ",
        "no_gaps": "Алшақтықтар анықталмады.",
        "efqm_detail": "{weight} балдың {score} %",
        "skills_detail": "деңгейі {current}, мақсаты {target}",
        "gap_rule": "Реті: алдымен ең үлкен алшақтықтар, балмен. EFQM критерийі салмақ × "
        "(100 − баға) / 100 балл жоғалтады; дағды бағыты — ағымдағы және мақсатты деңгей "
        "(0–5) арасындағы әр деңгей үшін 20 балл. Тең алшақтықтар тұрақты ретпен беріледі. "
        "* белгісі бар алшақтықтарды бағалау тобы бірінші орынға қойды.",
        "plan": "Даму жоспары",
        "training": "Оқыту",
        "for": "Кімге",
        "recommendation": "Ұсыныс",
        "estimated_cost": "Болжамды құны",
        "internships": "Тағылымдамалар",
        "staff_member": "Қызметкер",
        "kind": "Түрі",
        "purpose": "Мақсаты",
        "other_measures": "Басқа шаралар",
        "measure": "Шара",
        "no_plan": "Даму жоспарында әзірге тармақ жоқ.",
    },
}

CODES: dict[str, dict[str, str]] = {
    "en": {
        "source.efqm": "Business assessment (EFQM)",
        "source.skills": "Skills assessment",
        "kind.business": "business",
        "kind.technical": "technical",
        "internship.short": "short (management study trip)",
        "internship.long": "long (specialist placement)",
        "section.business_objective": "Business objective",
        "section.corresponding_needs": "Corresponding needs",
        "section.existing_situation": "Existing situation",
        "section.technical_skills": "Technical skills available",
        "section.management_skills": "Management and business skills available",
        "section.business_processes": "Current business processes",
    },
    "ru": {
        "source.efqm": "Бизнес-оценка (EFQM)",
        "source.skills": "Оценка навыков",
        "kind.business": "бизнес",
        "kind.technical": "технический",
        "internship.short": "краткосрочная (ознакомительная поездка руководства)",
        "internship.long": "долгосрочная (стажировка специалиста)",
        "section.business_objective": "Бизнес-цель",
        "section.corresponding_needs": "Соответствующие потребности",
        "section.existing_situation": "Текущая ситуация",
        "section.technical_skills": "Имеющиеся технические навыки",
        "section.management_skills": "Имеющиеся управленческие и бизнес-навыки",
        "section.business_processes": "Текущие бизнес-процессы",
    },
    "kk": {
        "source.efqm": "Бизнес-бағалау (EFQM)",
        "source.skills": "Дағдыларды бағалау",
        "kind.business": "бизнес",
        "kind.technical": "техникалық",
        "internship.short": "қысқа мерзімді (басшылықтың танысу сапары)",
        "internship.long": "ұзақ мерзімді (маманның тағылымдамасы)",
        "section.business_objective": "Бизнес мақсаты",
        "section.corresponding_needs": "Тиісті қажеттіліктер",
        "section.existing_situation": "Қазіргі жағдай",
        "section.technical_skills": "Бар техникалық дағдылар",
        "section.management_skills": "Бар басқарушылық және бизнес дағдылар",
        "section.business_processes": "Қазіргі бизнес-процестер",
    },
}


for _index, _language in enumerate(("en", "ru", "kk")):
    CODES[_language] |= {f"level.{level}": names[_index] for level, names in LEVELS.items()}
    CODES[_language] |= {
        f"status.{code}": _STATUS.label(code, _language) for code in _STATUS.values
    }


class Labels:
    """The report's words in one language."""

    def __init__(self, language: str) -> None:
        self.language = language if language in TEXTS else "en"
        self._texts = TEXTS[self.language]
        self._codes = CODES[self.language]

    def __call__(self, key: str, **values: object) -> str:
        return self._texts[key].format(**values) if values else self._texts[key]

    def code(self, kind: str, value: object) -> str:
        """The label of an API code, e.g. ``code("status", "approved")``."""
        return self._codes.get(f"{kind}.{value}", str(value))

    def level(self, level: int) -> str:
        return f"{level} ({self.code('level', level)})"

    def date(self, value: date | datetime) -> str:
        return f"{value:%Y-%m-%d}" if self.language == "en" else f"{value:%d.%m.%Y}"

    def number(self, value: Decimal | None) -> str:
        """A decimal as a reader writes it: no trailing zeros, no exponent, a decimal comma
        in Russian and Kazakh (82.50 is "82,5")."""
        return "—" if value is None else self._mark(f"{value.normalize():f}")

    def fixed(self, value: Decimal) -> str:
        """A decimal with the places it has: the total, rounded to two (600.00 stays so)."""
        return self._mark(f"{value:f}")

    def _mark(self, text: str) -> str:
        return text if self.language == "en" else text.replace(".", ",")

    def money(self, value: Money | None) -> str:
        if value is None:
            return "—"
        whole, _, fraction = f"{value.amount:,f}".partition(".")
        mark = "." if self.language == "en" else ","
        amount = whole.replace(",", "\u00a0") + (mark + fraction if fraction else "")
        return f"{amount} {value.currency}"
