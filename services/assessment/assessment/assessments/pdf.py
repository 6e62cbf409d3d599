"""The assessment report as a PDF a ministry official reads, in Russian, Kazakh or English:
who the company is (BIN, region), its scores and band, its gaps, its plan, who approved it.

Every word comes from ``labels`` or the methodology's data; no API code or field name is
printed. Rendered with fpdf2 (pure Python) and the vendored DejaVu Sans, which covers Kazakh and
Russian Cyrillic, so the report looks the same in any container. Glyphs DejaVu lacks (most
emoji) are left out with a warning rather than failing the report.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from assessment.assessments.labels import Labels
from assessment.assessments.schemas import SECTIONS, GapRead, ReportRead
from assessment.assessments.views import AssessmentView
from assessment.methodology import service as methodologies
from assessment.methodology.schemas import BandDefinition, CriterionDefinition, GroupDefinition
from assessment.skills import SKILLS_AREAS
from shared import fonts
from shared.regions import region_name

FAMILY = "DejaVu"
HEADINGS = FontFace(emphasis="BOLD", fill_color=(230, 236, 245))

# fontTools logs every font table it subsets at INFO, some fifty lines per report
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)


class _Report(FPDF):
    def __init__(self, title: str, page_word: str) -> None:
        super().__init__(format="A4")
        self.add_font(FAMILY, "", str(fonts.REGULAR))
        self.add_font(FAMILY, "B", str(fonts.BOLD))
        self.set_title(title)
        self.set_author("BLP platform")
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=15)
        self.report_title = title
        self.page_word = page_word

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, size=7)
        self.cell(
            0, 5, f"{self.report_title} · {self.page_word} {self.page_no()}/{{nb}}", align="C"
        )

    def heading(self, text: str, size: int = 13) -> None:
        self.ln(3)
        self.set_font(FAMILY, "B", size)
        self.multi_cell(0, size * 0.55, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)
        self.set_font(FAMILY, size=9)

    def paragraph(self, text: str, size: int = 9) -> None:
        """Left-aligned: fpdf2 justifies by default, which spreads the words of the small-print
        notes (band scale, gap rule) wide apart."""
        self.set_font(FAMILY, size=size)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def grid(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[int],
        numeric: Sequence[int] = (),
    ) -> None:
        """A table, text left-aligned (justified cells spread words apart), the ``numeric``
        columns right-aligned."""
        self.set_font(FAMILY, size=8)
        with self.table(
            col_widths=tuple(widths),
            line_height=4.5,
            first_row_as_headings=True,
            headings_style=HEADINGS,
            text_align=tuple("RIGHT" if i in numeric else "LEFT" for i in range(len(widths))),
        ) as table:
            for values in [header, *rows]:
                row = table.row()
                for value in values:
                    row.cell(value)
        self.ln(2)


@dataclass(frozen=True)
class MethodologyLabels:
    """What the report prints of its methodology: it is data, with its own translations."""

    name: str
    criteria: dict[str, CriterionDefinition]
    groups: dict[str, GroupDefinition]
    bands: list[BandDefinition]


def _gap_detail(gap: GapRead, report: ReportRead, t: Labels) -> str:
    if gap.source == "efqm":
        score = next(s for s in report.efqm.criteria if s.criterion == gap.area)
        return t("efqm_detail", score=t.number(score.score_percent), weight=score.weight)
    skill = next(s for s in report.skills if s.skills_area == gap.area)
    return t(
        "skills_detail", current=t.level(skill.current_level), target=t.level(skill.target_level)
    )


def render(report: ReportRead, language: str, methodology: MethodologyLabels) -> bytes:
    """The report as PDF bytes, in ``language`` (ru, kk, en)."""
    t = Labels(language)
    pdf = _Report(f"{t('title')} — {report.company_name}", t("page"))
    pdf.add_page()
    pdf.heading(t("title"), 16)
    pdf.heading(report.company_name, 14)
    schedule = report.schedule
    facts = [
        f"{t('bin')}: {report.company.bin or t('unknown')}",
        f"{t('region')}: {region_name(report.company.region, t.language) or t('unknown')}",
        f"{t('cohort')}: {report.cohort_name}",
        f"{t('status')}: {t.code('status', report.status)}",
    ]
    approver = report.approved_by
    if approver is not None and report.approved_at is not None:
        who = approver.name or approver.subject
        facts.append(
            f"{t('approved_by')}: {who} ({t('programme_manager')}), {t.date(report.approved_at)}"
        )
    facts.append(f"{t('assessors')}: " + (", ".join(a.name for a in report.assessors) or "—"))
    if schedule is not None:
        dates = t(
            "visit_dates",
            start=t.date(schedule.starts_on),
            end=t.date(schedule.ends_on),
            cost=t.money(schedule.expected_cost),
        )
        facts.append(f"{t('visit')}: {dates}")
    pdf.paragraph("\n".join(facts))

    for key in SECTIONS:
        text = getattr(report.sections, key)
        if text:
            pdf.heading(t.code("section", key), 11)
            pdf.paragraph(text)

    efqm = report.efqm
    criteria = methodology.criteria
    groups = methodology.groups
    pdf.heading(f"{t('business_assessment')}: {methodology.name}")
    pdf.grid(
        [t("criterion"), t("group"), t("weight"), t("score"), t("points")],
        [
            [
                criteria[s.criterion].label(t.language),
                groups[s.group].label(t.language),
                str(s.weight),
                t.number(s.score_percent),
                t.number(s.points),
            ]
            for s in efqm.criteria
        ]
        + [[t("total"), "", str(efqm.max_points), "", t.fixed(efqm.total)]],
        (62, 34, 28, 26, 30),
        numeric=(2, 3, 4),
    )
    bands = {b.key: b for b in methodology.bands}
    if efqm.band is not None:
        band = bands[efqm.band.key].label(t.language)
        result = t("result", total=t.fixed(efqm.total), max=efqm.max_points, band=band)
    else:
        result = t("result_incomplete", total=t.fixed(efqm.total), max=efqm.max_points)
    pdf.set_font(FAMILY, "B", 10)
    pdf.multi_cell(0, 5, result, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    scale = "; ".join(
        f"{b.label(t.language)} — {t('band_from', points=b.min_points)}" for b in methodology.bands
    )
    pdf.paragraph(f"{t('bands')}: {scale}. {t('rounding')}", 7)
    for s in efqm.criteria:
        if s.strengths or s.areas_for_improvement:
            pdf.set_font(FAMILY, "B", 9)
            pdf.multi_cell(
                0, 4.5, criteria[s.criterion].label(t.language), new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
            lines = [f"{t('strength')}: {x}" for x in s.strengths] + [
                f"{t('to_improve')}: {x}" for x in s.areas_for_improvement
            ]
            pdf.paragraph("\n".join(lines), 8)

    if report.skills:
        pdf.heading(t("skills_assessment"))
        pdf.grid(
            [t("skills_area"), t("type"), t("current_level"), t("target_level"), t("gap_levels")],
            [
                [
                    SKILLS_AREAS[s.skills_area].name(t.language),
                    t.code("kind", s.kind),
                    t.level(s.current_level),
                    t.level(s.target_level),
                    str(s.gap),
                ]
                for s in report.skills
            ],
            (56, 26, 38, 38, 22),
            numeric=(4,),
        )

    pdf.heading(t("gaps"))
    if report.prioritised_gaps:
        pdf.grid(
            ["#", t("gap"), t("found_by"), t("type"), t("size"), t("detail")],
            [
                [
                    str(g.rank) + (" *" if g.overridden else ""),
                    _gap_name(g, criteria, t.language),
                    t.code("source", g.source),
                    t.code("kind", g.kind),
                    t.number(g.points),
                    _gap_detail(g, report, t),
                ]
                for g in report.prioritised_gaps
            ],
            (9, 43, 34, 23, 21, 50),
            numeric=(4,),
        )
    else:
        pdf.paragraph(t("no_gaps"))
    pdf.paragraph(t("gap_rule"), 7)

    plan = report.development_plan
    pdf.heading(t("plan"))
    if plan.training:
        pdf.heading(t("training"), 11)
        pdf.grid(
            [t("for"), t("skills_area"), t("recommendation"), t("estimated_cost")],
            [
                [
                    " / ".join(x for x in (i.staff_member, i.function) if x),
                    SKILLS_AREAS[i.skills_area].name(t.language),
                    i.recommendation,
                    t.money(i.estimated_cost),
                ]
                for i in plan.training
            ],
            (40, 36, 72, 32),
            numeric=(3,),
        )
    if plan.internships:
        pdf.heading(t("internships"), 11)
        pdf.grid(
            [t("staff_member"), t("kind"), t("purpose"), t("estimated_cost")],
            [
                [i.staff_member, t.code("internship", i.kind), i.purpose, t.money(i.estimated_cost)]
                for i in plan.internships
            ],
            (40, 44, 64, 32),
            numeric=(3,),
        )
    if plan.other_measures:
        pdf.heading(t("other_measures"), 11)
        pdf.grid(
            [t("measure"), t("estimated_cost")],
            [[m.description, t.money(m.estimated_cost)] for m in plan.other_measures],
            (148, 32),
            numeric=(1,),
        )
    if not (plan.training or plan.internships or plan.other_measures):
        pdf.paragraph(t("no_plan"))
    return bytes(pdf.output())


def render_view(view: AssessmentView, language: str) -> bytes:
    """The PDF of a loaded assessment (no database access: safe on a worker thread)."""
    labels = MethodologyLabels(
        name=methodologies.name_of(view.methodology, language),
        criteria={c.key: c for c in view.criteria()},
        groups=view.groups(),
        bands=methodologies.bands_of(view.methodology),
    )
    return render(view.report(), language, labels)


def _gap_name(gap: GapRead, criteria: dict[str, CriterionDefinition], language: str) -> str:
    if gap.source == "efqm" and gap.area in criteria:
        return criteria[gap.area].label(language)
    area = SKILLS_AREAS.get(gap.area)
    return gap.name if area is None else area.name(language)
