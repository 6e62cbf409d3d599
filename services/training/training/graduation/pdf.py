"""The programme completion certificate as a PDF a person reads, in Russian, Kazakh or
English: the company, its BIN, the cohort, the plan implementation it reached and its staff's
verified certifications. Every word comes from ``LABELS``; no API code or field name is
printed. fpdf2 with the platform's one copy of DejaVu Sans (``shared.fonts``), which covers
Kazakh and Russian Cyrillic."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from shared import fonts
from training.graduation.schemas import GraduateRead, GraduatesRead

FAMILY = "DejaVu"
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Labels:
    programme: str
    title: str
    awarded: str
    completed: str
    bin: str
    bin_unknown: str
    implementation: str
    certifications: str
    none: str
    vendor: str
    certification: str
    level: str
    staff: str
    valid_until: str
    no_expiry: str
    issued: str
    footer: str


LABELS = {
    "en": Labels(
        programme="Business Linkage Programme for Kazakhstan's IT sector",
        title="Programme completion certificate",
        awarded="This certifies that",
        completed="has completed the programme with the cohort",
        bin="BIN",
        bin_unknown="not known",
        implementation="Development plan implemented",
        certifications="Staff certifications verified by the programme",
        none="None verified.",
        vendor="Vendor",
        certification="Certification",
        level="Level",
        staff="Staff",
        valid_until="Valid until",
        no_expiry="no expiry",
        issued="Issued on",
        footer="Verified certifications are those valid on the date of issue.",
    ),
    "ru": Labels(
        programme="Программа деловых связей для IT-отрасли Казахстана",
        title="Сертификат о завершении программы",
        awarded="Настоящим подтверждается, что компания",
        completed="завершила программу в составе когорты",
        bin="БИН",
        bin_unknown="неизвестен",
        implementation="Выполнение плана развития",
        certifications="Сертификации сотрудников, подтверждённые программой",
        none="Подтверждённых нет.",
        vendor="Вендор",
        certification="Сертификация",
        level="Уровень",
        staff="Кол-во",
        valid_until="Действует до",
        no_expiry="бессрочно",
        issued="Дата выдачи",
        footer="Подтверждённые сертификации указаны действующими на дату выдачи.",
    ),
    "kk": Labels(
        programme="Қазақстанның IT саласына арналған іскерлік байланыстар бағдарламасы",
        title="Бағдарламаны аяқтау туралы сертификат",
        awarded="Осымен расталады:",
        completed="бағдарламаны мына когорта құрамында аяқтады",
        bin="БСН",
        bin_unknown="белгісіз",
        implementation="Даму жоспарының орындалуы",
        certifications="Бағдарлама растаған қызметкерлер сертификаттары",
        none="Расталғандары жоқ.",
        vendor="Вендор",
        certification="Сертификат",
        level="Деңгей",
        staff="Саны",
        valid_until="Мерзімі",
        no_expiry="мерзімсіз",
        issued="Берілген күні",
        footer="Расталған сертификаттар берілген күнгі жарамды күйінде көрсетілген.",
    ),
}


def render(cohort: GraduatesRead, graduate: GraduateRead, lang: str, issued_on: date) -> bytes:
    """The certificate, one A4 page (more if the certifications run long)."""
    t = LABELS[lang]
    pdf = FPDF(format="A4")
    pdf.add_font(FAMILY, "", str(fonts.REGULAR))
    pdf.add_font(FAMILY, "B", str(fonts.BOLD))
    pdf.set_title(t.title)
    pdf.set_author("BLP platform")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    width = pdf.epw

    def line(text: str, size: float, *, bold: bool = False, gap: float = 2) -> None:
        pdf.set_font(FAMILY, "B" if bold else "", size)
        pdf.multi_cell(width, size * 0.55, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(gap)

    pdf.set_draw_color(40, 70, 120)
    pdf.set_line_width(0.8)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    line(t.programme, 11, gap=10)
    line(t.title, 22, bold=True, gap=10)
    line(t.awarded, 12, gap=4)
    line(graduate.name or str(graduate.company_id), 18, bold=True, gap=3)
    line(f"{t.bin}: {graduate.bin or t.bin_unknown}", 12, gap=6)
    line(t.completed, 12, gap=3)
    line(cohort.cohort_name, 14, bold=True, gap=6)  # the sentence above names it a cohort
    line(
        f"{t.implementation}: {graduate.percent} % ({graduate.fulfilled} / {graduate.planned})",
        12,
        gap=10,
    )

    pdf.set_font(FAMILY, "B", 12)
    pdf.cell(width, 8, t.certifications, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 9)
    if not graduate.verified_certifications:
        pdf.cell(width, 7, t.none, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    else:
        headings = FontFace(emphasis="BOLD", fill_color=(230, 236, 245))
        with pdf.table(
            col_widths=(36, 60, 24, 18, 32),  # no heading breaks mid-word
            headings_style=headings,
            line_height=5,
            text_align="LEFT",
        ) as table:
            table.row([t.vendor, t.certification, t.level, t.staff, t.valid_until])
            for item in graduate.verified_certifications:
                table.row(
                    [
                        item.vendor,
                        item.certification,
                        item.level or "—",
                        str(item.staff_count),
                        item.expires_on.isoformat() if item.expires_on else t.no_expiry,
                    ]
                )
    pdf.ln(8)
    pdf.set_font(FAMILY, "", 11)
    pdf.cell(width, 7, f"{t.issued}: {issued_on.isoformat()}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 8)
    pdf.multi_cell(width, 4, t.footer, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
