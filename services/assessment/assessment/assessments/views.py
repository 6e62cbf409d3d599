"""Read models of assessments: everything a response, the report or an approval is computed
from, loaded once per request (``AssessmentView``), and the list entries."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from assessment.assessments.gaps import (
    GAP_ORDERING_RULE,
    AssessedSkill,
    ScoredCriterion,
    business_gaps,
    prioritise,
    technical_gaps,
)
from assessment.assessments.models import (
    Assessment,
    AssessmentAssessor,
    CriterionScore,
    SkillAssessment,
)
from assessment.assessments.schemas import (
    SECTIONS,
    ApproverRead,
    AssessmentRead,
    AssessmentSummary,
    AssessorRead,
    BandRead,
    CompanyRead,
    DevelopmentPlan,
    EfqmRead,
    GapRead,
    LevelRead,
    ReportRead,
    ReportSections,
    ScheduleRead,
    ScoreRead,
    SkillRead,
    SkillsAreaRead,
    SkillsAreasRead,
)
from assessment.cohort import service as cohorts
from assessment.cohort.models import Cohort
from assessment.company_facts import service as company_facts
from assessment.company_facts.models import CompanyFact
from assessment.methodology import service as methodologies
from assessment.methodology.models import Methodology
from assessment.methodology.schemas import BandDefinition, CriterionDefinition, GroupDefinition
from assessment.methodology.scoring import ROUNDING_RULE, band_of, criterion_points, total_points
from assessment.skills import LEVELS, SKILLS_AREAS
from shared import i18n
from shared.auth import Role
from shared.money import Money
from shared.pagination import Page, keyset


async def assessors_of(
    *, session: AsyncSession, assessment_id: uuid.UUID
) -> list[AssessmentAssessor]:
    """The assessors assigned to an assessment."""
    rows = await session.scalars(
        sa.select(AssessmentAssessor)
        .where(AssessmentAssessor.assessment_id == assessment_id)
        .order_by(AssessmentAssessor.name, AssessmentAssessor.subject)
    )
    return list(rows)


@dataclass
class AssessmentView:
    """An assessment with everything its read models and report are computed from."""

    assessment: Assessment
    methodology: Methodology
    cohort: Cohort
    company: CompanyFact | None
    assessors: list[AssessmentAssessor]
    score_rows: dict[str, CriterionScore]
    skill_rows: list[SkillAssessment]

    @property
    def company_name(self) -> str:
        return "" if self.company is None else self.company.display_name

    def criteria(self) -> list[CriterionDefinition]:
        return methodologies.criteria_of(self.methodology)

    def groups(self) -> dict[str, GroupDefinition]:
        return methodologies.groups_of(self.methodology)

    def scores(self) -> list[ScoreRead]:
        """Every criterion of the methodology, scored or not (then null)."""
        groups = self.groups()
        reads = []
        for c in self.criteria():
            row = self.score_rows.get(c.key)
            reads.append(
                ScoreRead(
                    criterion=c.key,
                    name=c.name,
                    group=c.group,
                    group_name=groups[c.group].name,
                    weight=c.weight,
                    score_percent=None if row is None else row.score_percent,
                    points=None if row is None else criterion_points(row.score_percent, c.weight),
                    strengths=[] if row is None else row.strengths,
                    areas_for_improvement=[] if row is None else row.areas_for_improvement,
                )
            )
        return reads

    def total(self) -> Decimal:
        """The EFQM total as published: see ``methodology.scoring`` for its one rounding."""
        weights = {c.key: c.weight for c in self.criteria()}
        return total_points(
            (row.score_percent, weights[key])
            for key, row in self.score_rows.items()
            if key in weights
        )

    def complete(self) -> bool:
        return all(c.key in self.score_rows for c in self.criteria())

    def band(self) -> BandDefinition | None:
        """The band of the total, once every criterion is scored (a partial total has none)."""
        if not self.complete():
            return None
        return band_of(self.total(), methodologies.bands_of(self.methodology))

    def efqm(self) -> EfqmRead:
        scores = self.scores()
        band = self.band()
        return EfqmRead(
            methodology=self.methodology.key,
            methodology_name=self.methodology.name,
            criteria=scores,
            total=self.total(),
            max_points=sum(s.weight for s in scores),
            complete=self.complete(),
            band=None
            if band is None
            else BandRead(key=band.key, name=band.name, min_points=band.min_points),
            rounding=ROUNDING_RULE,
        )

    def skills(self) -> list[SkillRead]:
        order = list(SKILLS_AREAS)
        reads = []
        for row in sorted(self.skill_rows, key=lambda r: order.index(r.skills_area)):
            area = SKILLS_AREAS[row.skills_area]
            reads.append(
                SkillRead(
                    skills_area=row.skills_area,
                    name=area.name_en,
                    kind=area.kind,
                    current_level=row.current_level,
                    target_level=row.target_level,
                    gap=max(0, row.target_level - row.current_level),
                    comment=row.comment,
                )
            )
        return reads

    def sections(self) -> ReportSections:
        return ReportSections(**{k: self.assessment.report.get(k) for k in SECTIONS})

    def gap_order(self) -> list[str]:
        return list(self.assessment.report.get("gap_order") or [])

    def plan(self) -> DevelopmentPlan:
        return DevelopmentPlan.model_validate(self.assessment.report.get("development_plan", {}))

    def gaps(self) -> list[GapRead]:
        gaps = business_gaps(
            ScoredCriterion(c.key, c.name, c.weight, self.score_rows[c.key].score_percent)
            for c in self.criteria()
            if c.key in self.score_rows
        ) + technical_gaps(
            AssessedSkill(
                r.skills_area,
                SKILLS_AREAS[r.skills_area].name_en,
                SKILLS_AREAS[r.skills_area].kind,
                r.current_level,
                r.target_level,
            )
            for r in self.skill_rows
        )
        return [
            GapRead(
                rank=ranked.rank,
                key=ranked.gap.key,
                source=ranked.gap.source,
                kind=ranked.gap.kind,
                area=ranked.gap.area,
                name=ranked.gap.name,
                points=ranked.gap.points,
                detail=ranked.gap.detail,
                default_rank=ranked.default_rank,
                overridden=ranked.overridden,
            )
            for ranked in prioritise(gaps, self.gap_order())
        ]

    def assessor_reads(self) -> list[AssessorRead]:
        return [AssessorRead(subject=a.subject, name=a.name) for a in self.assessors]

    def approver(self) -> ApproverRead | None:
        a = self.assessment
        if a.approved_by is None:
            return None
        return ApproverRead(
            subject=a.approved_by, name=a.approved_by_name, role=Role.PROGRAMME_MANAGER.value
        )

    def read(self) -> AssessmentRead:
        return AssessmentRead(
            **_summary_fields(self.assessment, self.company_name, self.methodology.key),
            assessors=self.assessor_reads(),
            efqm=self.efqm(),
            skills=self.skills(),
            sections=self.sections(),
            gap_order=self.gap_order(),
            prioritised_gaps=self.gaps(),
            gap_ordering_rule=GAP_ORDERING_RULE,
            development_plan=self.plan(),
        )

    def report(self) -> ReportRead:
        a = self.assessment
        return ReportRead(
            assessment_id=a.id,
            status=a.status,
            company_id=a.company_id,
            company_name=self.company_name,
            company=CompanyRead(
                bin=None if self.company is None else self.company.bin,
                region=None if self.company is None else self.company.region,
            ),
            cohort_id=a.cohort_id,
            cohort_name=self.cohort.name,
            assessors=self.assessor_reads(),
            schedule=_schedule_of(a),
            sections=self.sections(),
            efqm=self.efqm(),
            skills=self.skills(),
            prioritised_gaps=self.gaps(),
            gap_ordering_rule=GAP_ORDERING_RULE,
            development_plan=self.plan(),
            approved_at=a.approved_at,
            approved_by=self.approver(),
        )


async def load_view(*, session: AsyncSession, assessment: Assessment) -> AssessmentView:
    """Everything about one assessment, for its read model, its report or its approval."""
    methodology = await methodologies.get_by_id(
        session=session, methodology_id=assessment.methodology_id
    )
    cohort = await cohorts.get(session=session, cohort_id=assessment.cohort_id)
    company = await company_facts.get(session=session, company_id=assessment.company_id)
    scores = await session.scalars(
        sa.select(CriterionScore).where(CriterionScore.assessment_id == assessment.id)
    )
    skills = await session.scalars(
        sa.select(SkillAssessment).where(SkillAssessment.assessment_id == assessment.id)
    )
    return AssessmentView(
        assessment=assessment,
        methodology=methodology,
        cohort=cohort,
        company=company,
        assessors=await assessors_of(session=session, assessment_id=assessment.id),
        score_rows={row.criterion: row for row in scores},
        skill_rows=list(skills),
    )


async def page(
    *,
    session: AsyncSession,
    statement: sa.Select[tuple[Assessment]],
    limit: int,
    cursor: str | None,
) -> Page[AssessmentSummary]:
    """A page of list entries (the assessment without its scores and report)."""
    assessments, next_cursor = await keyset(
        session, statement, model=Assessment, limit=limit, cursor=cursor
    )
    names = await company_facts.names(
        session=session, company_ids=[a.company_id for a in assessments]
    )
    rows = await session.execute(
        sa.select(Methodology.id, Methodology.key).where(
            col(Methodology.id).in_({a.methodology_id for a in assessments})
        )
    )
    keys = {methodology_id: key for methodology_id, key in rows}
    return Page(
        items=[
            AssessmentSummary(
                **_summary_fields(a, names.get(a.company_id, ""), keys[a.methodology_id])
            )
            for a in assessments
        ],
        next_cursor=next_cursor,
    )


def _schedule_of(assessment: Assessment) -> ScheduleRead | None:
    a = assessment
    if a.starts_on is None or a.ends_on is None or a.expected_cost_minor is None:
        return None
    return ScheduleRead(
        starts_on=a.starts_on,
        ends_on=a.ends_on,
        expected_cost=Money.from_minor(a.expected_cost_minor, a.expected_cost_currency or ""),
    )


def _summary_fields(
    assessment: Assessment, company_name: str, methodology_key: str
) -> dict[str, Any]:
    a = assessment
    return {
        "id": a.id,
        "nomination_id": a.nomination_id,
        "cohort_id": a.cohort_id,
        "company_id": a.company_id,
        "company_name": company_name,
        "methodology": methodology_key,
        "status": a.status,
        "schedule": _schedule_of(a),
        "submitted_at": a.submitted_at,
        "approved_at": a.approved_at,
        "created_at": a.created_at,
        "updated_at": a.updated_at,
        "version": a.version,
    }


def skills_areas(language: str) -> SkillsAreasRead:
    """The skills areas and the 0-5 levels, each named in the three languages and labelled
    in ``language``."""
    return SkillsAreasRead(
        items=[
            SkillsAreaRead(
                key=code,
                name=a.name_en,
                name_ru=a.name_ru,
                name_kk=a.name_kk,
                label=a.name(language),
                kind=a.kind,
            )
            for code, a in SKILLS_AREAS.items()
        ],
        levels=[
            LevelRead(
                level=level,
                name=en,
                name_ru=ru,
                name_kk=kk,
                label=i18n.pick({"en": en, "ru": ru, "kk": kk}, language),
            )
            for level, (en, ru, kk) in LEVELS.items()
        ],
    )
