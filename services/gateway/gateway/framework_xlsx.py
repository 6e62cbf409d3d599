"""The results framework as an XLSX workbook for a quarterly report, in the reader's language.

One sheet: a row per indicator (its name, unit, availability and progress in the language
Accept-Language chose, codes beside them for machines), then one row per breakdown row under
it. Figures are numbers, times are dates; every text is a string cell, never a formula
(``shared.spreadsheet``: a vendor called ``=HYPERLINK(...)`` reads back as it was).
"""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal
from typing import Any

import xlsxwriter

from gateway.framework import FrameworkRead
from gateway.statuses import STATUSES
from shared.i18n import Translations, pick
from shared.spreadsheet import is_formula_like

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

HEADERS: tuple[tuple[str, Translations], ...] = (
    ("code", {"en": "Code", "ru": "Код", "kk": "Коды"}),
    ("name", {"en": "Indicator", "ru": "Индикатор", "kk": "Көрсеткіш"}),
    ("service", {"en": "Service", "ru": "Сервис", "kk": "Қызмет"}),
    ("unit", {"en": "Unit", "ru": "Единица", "kk": "Өлшем бірлігі"}),
    ("status", {"en": "Data", "ru": "Данные", "kk": "Деректер"}),
    ("as_of", {"en": "As of (UTC)", "ru": "По состоянию на (UTC)", "kk": "Жағдай бойынша (UTC)"}),
    ("dimensions", {"en": "Breakdown", "ru": "Разбивка", "kk": "Бөлініс"}),
    ("value", {"en": "Value", "ru": "Значение", "kk": "Мәні"}),
    ("low", {"en": "Low", "ru": "Минимум", "kk": "Төменгі"}),
    ("high", {"en": "High", "ru": "Максимум", "kk": "Жоғарғы"}),
    ("baseline", {"en": "Baseline", "ru": "Базовое значение", "kk": "Бастапқы мән"}),
    ("target", {"en": "Target", "ru": "Цель", "kk": "Мақсат"}),
    ("due", {"en": "Due by now", "ru": "Ожидается на дату", "kk": "Күнге күтілетіні"}),
    ("approval", {"en": "Target approval", "ru": "Утверждение цели", "kk": "Мақсатты бекіту"}),
    ("progress", {"en": "Progress", "ru": "Прогресс", "kk": "Үдеріс"}),
)

LABELS: dict[str, Translations] = {
    # units
    "companies": {"en": "companies", "ru": "компании", "kk": "компаниялар"},
    "plans": {"en": "plans", "ru": "планы", "kk": "жоспарлар"},
    "percent": {"en": "percent", "ru": "процент", "kk": "пайыз"},
    "certifications": {"en": "certifications", "ru": "сертификаты", "kk": "сертификаттар"},
    "trainees": {"en": "trainees", "ru": "слушатели", "kk": "тыңдаушылар"},
    "internships": {"en": "internships", "ru": "стажировки", "kk": "тағылымдамалар"},
    "linkages": {"en": "linkages", "ru": "связи", "kk": "байланыстар"},
    "money": {"en": "money", "ru": "деньги", "kk": "ақша"},
    "jobs": {"en": "jobs", "ru": "рабочие места", "kk": "жұмыс орындары"},
    # services
    "registry": {"en": "registry", "ru": "реестр", "kk": "тізілім"},
    "assessment": {"en": "assessment", "ru": "оценка", "kk": "бағалау"},
    "training": {"en": "training", "ru": "обучение", "kk": "оқыту"},
    "finance": {"en": "finance", "ru": "финансы", "kk": "қаржы"},
}
"""The words of the codes the framework carries that are no status: units and services. Its
statuses (availability, a target's approval, progress) are the gateway's status labels
(``gateway.statuses``, what ``/v1/framework/reference/statuses`` serves)."""
AVAILABILITY = STATUSES.find("indicator")
APPROVAL = STATUSES.find("target")
PROGRESS = STATUSES.find("indicator", "progress")
SHEET: Translations = {"en": "Framework", "ru": "Индикаторы", "kk": "Көрсеткіштер"}


def framework_xlsx(read: FrameworkRead, language: str) -> bytes:
    """The workbook's bytes: a header row, then each indicator and its breakdown rows."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(pick(SHEET, language))
    bold = book.add_format({"bold": True})
    quoted = book.add_format({"quote_prefix": True})
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    sheet.write_row(0, 0, [pick(words, language) for _, words in HEADERS], bold)
    sheet.freeze_panes(1, 0)

    def label(code: str) -> str:
        return pick(LABELS[code], language)

    row = 1
    for i in read.indicators:
        target = i.target
        cells: list[Any] = [
            i.code,
            pick(i.name, language),
            label(i.service),
            label(i.unit),
            AVAILABILITY.label(i.status, language),
            i.as_of,
            None,
            i.value,
            None,
            None,
            target.baseline if target else None,
            target.target if target else None,
            target.due if target else None,
            APPROVAL.label(target.approval, language) if target else None,
            PROGRESS.label(i.progress, language),
        ]
        _write(sheet, row, cells, quoted, when)
        row += 1
        for part in i.breakdown:
            dimensions = "; ".join(f"{k}={v}" for k, v in part.dimensions.items())
            cells = [i.code, None, None, None, None, None, dimensions, part.value, part.low]
            _write(sheet, row, [*cells, part.high], quoted, when)
            row += 1
    sheet.set_column(1, 1, 48)
    sheet.set_column(5, 6, 20)
    book.close()
    return out.getvalue()


def _write(sheet: Any, row: int, cells: list[Any], quoted: Any, when: Any) -> None:
    for column, value in enumerate(cells):
        if value is None:
            continue
        if isinstance(value, Decimal):
            sheet.write_number(row, column, float(value))
        elif isinstance(value, datetime):
            sheet.write_datetime(row, column, value.replace(tzinfo=None), when)
        else:
            text = str(value)
            sheet.write_string(row, column, text, quoted if is_formula_like(text) else None)
