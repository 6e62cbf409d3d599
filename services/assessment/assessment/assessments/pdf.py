"""The assessment report as a PDF a person reads: scores, gaps and the plan in tables.

Rendered with fpdf2 (pure Python) and the vendored DejaVu Sans, which covers Kazakh and
Russian Cyrillic, so the report looks the same in any container. Glyphs DejaVu lacks (most
emoji) are left out with a warning rather than failing the report.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from assessment.evaluation.schemas import ReportRead
from assessment.skills import LEVELS, SKILLS_AREAS
from shared.money import Money

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVu"
SECTION_TITLES = {
    "business_objective": "Business objective",
    "corresponding_needs": "Corresponding needs",
    "existing_situation": "Existing situation",
    "technical_skills": "Technical skills available",
    "management_skills": "Management and business skills available",
    "business_processes": "Current business processes",
}


HEADINGS = FontFace(emphasis="BOLD", fill_color=(230, 236, 245))

# fontTools logs every font table it subsets at INFO, some fifty lines per report
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)


def _number(value: Decimal | None) -> str:
    return "—" if value is None else f"{value.normalize():f}"


def _money(value: Money | None) -> str:
    return "—" if value is None else f"{value.amount:,f} {value.currency}".replace(",", " ")


class _Report(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_title(title)
        self.set_author("BLP platform")
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=15)
        self.report_title = title

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, size=7)
        self.cell(0, 5, f"{self.report_title} · page {self.page_no()}/{{nb}}", align="C")

    def heading(self, text: str, size: int = 13) -> None:
        self.ln(3)
        self.set_font(FAMILY, "B", size)
        self.multi_cell(0, size * 0.55, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)
        self.set_font(FAMILY, size=9)

    def paragraph(self, text: str, size: int = 9) -> None:
        self.set_font(FAMILY, size=size)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def grid(
        self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]
    ) -> None:
        self.set_font(FAMILY, size=8)
        with self.table(
            col_widths=tuple(widths),
            line_height=4.5,
            first_row_as_headings=True,
            headings_style=HEADINGS,
        ) as table:
            for values in [header, *rows]:
                row = table.row()
                for value in values:
                    row.cell(value)
        self.ln(2)


def render(report: ReportRead) -> bytes:
    """The report as PDF bytes."""
    pdf = _Report(f"Assessment report — {report.company_name}")
    pdf.add_page()
    pdf.heading("Assessment report", 16)
    pdf.heading(report.company_name, 14)
    schedule = report.schedule
    facts = [
        f"Cohort: {report.cohort_name}",
        f"Status: {report.status}"
        + (f" on {report.approved_at:%Y-%m-%d}" if report.approved_at else ""),
        "Assessors: " + (", ".join(a.name for a in report.assessors) or "—"),
    ]
    if schedule is not None:
        facts.append(
            f"Assessment visit: {schedule.starts_on} to {schedule.ends_on}; "
            f"expected cost {_money(schedule.expected_cost)}"
        )
    pdf.paragraph("\n".join(facts))

    for key, title in SECTION_TITLES.items():
        text = getattr(report.sections, key)
        if text:
            pdf.heading(title, 11)
            pdf.paragraph(text)

    efqm = report.efqm
    pdf.heading(f"Business assessment: {efqm.methodology_name}")
    pdf.grid(
        ["Criterion", "Group", "Weight", "Score %", "Points"],
        [
            [s.name, s.group, str(s.weight), _number(s.score_percent), _number(s.points)]
            for s in efqm.criteria
        ]
        + [["Total", "", str(efqm.max_points), "", _number(efqm.total)]],
        (62, 38, 24, 26, 30),
    )
    for s in efqm.criteria:
        if s.strengths or s.areas_for_improvement:
            pdf.set_font(FAMILY, "B", 9)
            pdf.multi_cell(0, 4.5, s.name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            lines = [f"Strength: {t}" for t in s.strengths] + [
                f"To improve: {t}" for t in s.areas_for_improvement
            ]
            pdf.paragraph("\n".join(lines), 8)

    if report.skills:
        pdf.heading("Technical assessment")
        pdf.grid(
            ["Skills area", "Current level", "Target level", "Gap"],
            [
                [
                    s.name,
                    f"{s.current_level} ({LEVELS[s.current_level]})",
                    f"{s.target_level} ({LEVELS[s.target_level]})",
                    str(s.gap),
                ]
                for s in report.skills
            ],
            (70, 40, 40, 30),
        )

    pdf.heading("Prioritised gaps")
    if report.prioritised_gaps:
        pdf.grid(
            ["#", "Gap", "Kind", "Points", "Detail"],
            [
                [
                    str(g.rank) + (" *" if g.overridden else ""),
                    g.name,
                    g.kind,
                    _number(g.points),
                    g.detail,
                ]
                for g in report.prioritised_gaps
            ],
            (12, 58, 24, 22, 64),
        )
    else:
        pdf.paragraph("No gaps recorded.")
    pdf.paragraph(f"Order: {report.gap_ordering_rule} (* placed by the assessment team.)", 7)

    plan = report.development_plan
    pdf.heading("Development plan")
    if plan.training:
        pdf.heading("Training", 11)
        pdf.grid(
            ["For", "Skills area", "Recommendation", "Estimated cost"],
            [
                [
                    " / ".join(x for x in (t.staff_member, t.function) if x),
                    SKILLS_AREAS[t.skills_area].name_en,
                    t.recommendation,
                    _money(t.estimated_cost),
                ]
                for t in plan.training
            ],
            (40, 36, 72, 32),
        )
    if plan.internships:
        pdf.heading("Internships", 11)
        pdf.grid(
            ["Staff member", "Kind", "Purpose", "Estimated cost"],
            [
                [i.staff_member, i.kind, i.purpose, _money(i.estimated_cost)]
                for i in plan.internships
            ],
            (44, 20, 84, 32),
        )
    if plan.other_measures:
        pdf.heading("Other measures", 11)
        pdf.grid(
            ["Measure", "Estimated cost"],
            [[m.description, _money(m.estimated_cost)] for m in plan.other_measures],
            (148, 32),
        )
    if not (plan.training or plan.internships or plan.other_measures):
        pdf.paragraph("No development plan items yet.")
    return bytes(pdf.output())
