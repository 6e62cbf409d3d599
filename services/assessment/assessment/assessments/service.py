"""Assessment rules: who sees and edits what, scoring, the report, and the approval flow.

Only a draft is edited; an assigned assessor (or the programme manager) submits it once
every criterion is scored; the programme manager approves it (or sends it back to draft).
Approval publishes the EFQM result and the development plan, in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from assessment.cohort import service as cohorts
from assessment.cohort.models import Cohort
from assessment.cohort.schemas import CohortStatus
from assessment.company_facts import service as company_facts
from assessment.evaluation.gaps import (
    GAP_ORDERING_RULE,
    AssessedSkill,
    ScoredCriterion,
    business_gaps,
    prioritise,
    technical_gaps,
)
from assessment.evaluation.models import (
    Assessment,
    AssessmentAssessor,
    AssessmentStatus,
    CriterionScore,
    SkillAssessment,
)
from assessment.evaluation.schemas import (
    SECTIONS,
    AssessmentCreate,
    AssessmentRead,
    AssessmentSummary,
    AssessorInput,
    AssessorRead,
    DevelopmentPlan,
    EfqmRead,
    GapRead,
    ReportRead,
    ReportSections,
    ReportUpdate,
    ScheduleInput,
    ScheduleRead,
    ScoreInput,
    ScoreRead,
    SkillInput,
    SkillRead,
)
from assessment.methodology import service as methodologies
from assessment.methodology.models import Methodology
from assessment.methodology.schemas import CriterionDefinition
from assessment.methodology.scoring import criterion_points, total_points
from assessment.nomination import service as nominations
from assessment.nomination.models import NominationStatus
from assessment.skills import SKILLS_AREAS
from shared.auth import Principal, Role
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from shared.events.assessment import (
    AssessmentCompleted,
    AssessmentScheduled,
    DevelopmentPlanApproved,
    InternshipRecommendation,
    OtherMeasure,
    TrainingRecommendation,
)
from shared.events.assessment import CriterionScore as ScoreFact
from shared.messaging import outbox
from shared.money import Money
from shared.persistence import bump, flush_or_conflict, one_or_404

ASSESSOR_ROLES = frozenset({Role.ASSESSOR, Role.ANALYST})
"""Roles that see only the assessments they are assigned to."""
READ_ALL_ROLES = frozenset({Role.PROGRAMME_MANAGER, Role.MINISTRY})


# --- access -----------------------------------------------------------------------------------


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


async def authorize(
    *, session: AsyncSession, assessment: Assessment, principal: Principal, edit: bool = False
) -> None:
    """Object-level access: 404 to whoever may not see the assessment, 403 to a reader who
    may not change it.

    The programme manager and the ministry see every assessment (the ministry only reads);
    assessors and analysts only those assigned to them; a local company its own, once
    approved; nobody else any.
    """
    if principal.role in ASSESSOR_ROLES:
        assigned = principal.subject in {
            a.subject for a in await assessors_of(session=session, assessment_id=assessment.id)
        }
        if not assigned:
            raise NotFound("No such assessment.")
        return
    if principal.role == Role.PROGRAMME_MANAGER:
        return
    visible = principal.role == Role.MINISTRY or (
        principal.role == Role.LOCAL_COMPANY
        and principal.acts_for(assessment.company_id)
        and assessment.status == AssessmentStatus.APPROVED
    )
    if not visible:
        raise NotFound("No such assessment.")
    if edit:
        raise Forbidden("Only the programme manager and assigned assessors change assessments.")


def listing(
    *,
    principal: Principal,
    cohort_id: uuid.UUID | None,
    company_id: uuid.UUID | None,
    status: AssessmentStatus | None,
) -> sa.Select[tuple[Assessment]]:
    """The assessments the caller may see, filtered."""
    statement = sa.select(Assessment)
    if principal.role in ASSESSOR_ROLES:
        statement = statement.where(
            col(Assessment.id).in_(
                sa.select(AssessmentAssessor.assessment_id).where(
                    AssessmentAssessor.subject == principal.subject
                )
            )
        )
    elif principal.role == Role.LOCAL_COMPANY:
        statement = statement.where(
            Assessment.company_id == principal.company_id,
            Assessment.status == AssessmentStatus.APPROVED,
        )
    elif principal.role not in READ_ALL_ROLES:
        statement = statement.where(sa.false())
    for column, value in (
        (Assessment.cohort_id, cohort_id),
        (Assessment.company_id, company_id),
        (Assessment.status, status),
    ):
        if value is not None:
            statement = statement.where(column == value)
    return statement


# --- writes ---------------------------------------------------------------------------------


async def create(*, session: AsyncSession, data: AssessmentCreate, now: datetime) -> Assessment:
    """Open the assessment of a selected company, with its methodology and assessors."""
    try:
        nomination = await nominations.get(session=session, nomination_id=data.nomination_id)
    except NotFound:
        raise InvalidInput("nomination_id", "no such nomination") from None
    if nomination.status != NominationStatus.SELECTED:
        raise Conflict(
            f"Only a selected company is assessed; this nomination is {nomination.status}.",
            rule="nomination_not_selected",
        )
    cohort = await cohorts.get(session=session, cohort_id=nomination.cohort_id)
    if cohort.status == CohortStatus.CLOSED:
        raise Conflict("The cohort is closed.", rule="cohort_closed")
    try:
        methodology = await methodologies.get(session=session, key=data.methodology)
    except NotFound:
        raise InvalidInput("methodology", "no methodology with this key") from None
    detail = "This nomination already has an assessment."
    if await session.scalar(
        sa.select(sa.func.count()).where(Assessment.nomination_id == nomination.id)
    ):
        raise Conflict(detail, rule="assessment_exists")
    assessment = Assessment(
        nomination_id=nomination.id,
        cohort_id=nomination.cohort_id,
        company_id=nomination.company_id,
        methodology_id=methodology.id,
        status=AssessmentStatus.DRAFT,
        report={},
        created_at=now,
        updated_at=now,
        version=1,
    )
    session.add(assessment)
    await flush_or_conflict(session, rule="assessment_exists", detail=detail)
    await _assign(session, assessment, data.assessors)
    return assessment


async def get(*, session: AsyncSession, assessment_id: uuid.UUID, lock: bool = False) -> Assessment:
    """The assessment, or 404 (callers then check access with ``authorize``)."""
    return await one_or_404(
        session,
        sa.select(Assessment).where(Assessment.id == assessment_id),
        what="assessment",
        lock=lock,
    )


def _draft(assessment: Assessment) -> None:
    if assessment.status != AssessmentStatus.DRAFT:
        raise Conflict(
            f"Only a draft is edited; this assessment is {assessment.status}.",
            rule="assessment_not_draft",
        )


async def _assign(
    session: AsyncSession, assessment: Assessment, assessors: Sequence[AssessorInput]
) -> None:
    await session.execute(
        sa.delete(AssessmentAssessor).where(AssessmentAssessor.assessment_id == assessment.id)
    )
    session.add_all(
        AssessmentAssessor(assessment_id=assessment.id, subject=a.subject, name=a.name)
        for a in assessors
    )
    await session.flush()


async def set_assessors(
    *,
    session: AsyncSession,
    assessment: Assessment,
    assessors: Sequence[AssessorInput],
    now: datetime,
) -> Assessment:
    """Replace the assessors of an assessment not yet approved."""
    if assessment.status == AssessmentStatus.APPROVED:
        raise Conflict("The assessment is approved.", rule="assessment_approved")
    await _assign(session, assessment, assessors)
    bump(assessment, now)
    return assessment


async def schedule(
    *, session: AsyncSession, assessment: Assessment, data: ScheduleInput, now: datetime
) -> Assessment:
    """Set the assessment's dates and expected cost; finance hears of it by event."""
    _draft(assessment)
    assessment.starts_on = data.starts_on
    assessment.ends_on = data.ends_on
    assessment.expected_cost_minor = data.expected_cost.minor
    assessment.expected_cost_currency = data.expected_cost.currency
    bump(assessment, now)
    assessors = await assessors_of(session=session, assessment_id=assessment.id)
    await outbox.add(
        session,
        AssessmentScheduled(
            assessment_id=assessment.id,
            company_id=assessment.company_id,
            cohort_id=assessment.cohort_id,
            starts_on=data.starts_on,
            ends_on=data.ends_on,
            expected_cost=data.expected_cost,
            assessors=len(assessors),
        ),
    )
    return assessment


async def score(
    *,
    session: AsyncSession,
    assessment: Assessment,
    criterion: str,
    data: ScoreInput,
    now: datetime,
) -> Assessment:
    """Score one criterion of the assessment's methodology (0-100 %)."""
    _draft(assessment)
    methodology = await methodologies.get_by_id(
        session=session, methodology_id=assessment.methodology_id
    )
    if criterion not in {c.key for c in methodologies.criteria_of(methodology)}:
        raise NotFound(f"No criterion {criterion!r} in methodology {methodology.key}.")
    row = (
        await session.scalars(
            sa.select(CriterionScore).where(
                CriterionScore.assessment_id == assessment.id,
                CriterionScore.criterion == criterion,
            )
        )
    ).first()
    if row is None:
        row = CriterionScore(assessment_id=assessment.id, criterion=criterion)
        session.add(row)
    row.score_percent = data.score_percent
    row.strengths = list(data.strengths)
    row.areas_for_improvement = list(data.areas_for_improvement)
    row.updated_at = now
    bump(assessment, now)
    return assessment


async def assess_skill(
    *,
    session: AsyncSession,
    assessment: Assessment,
    skills_area: str,
    data: SkillInput,
    now: datetime,
) -> Assessment:
    """Record the current and target level of one skills area."""
    _draft(assessment)
    row = (
        await session.scalars(
            sa.select(SkillAssessment).where(
                SkillAssessment.assessment_id == assessment.id,
                SkillAssessment.skills_area == skills_area,
            )
        )
    ).first()
    if row is None:
        row = SkillAssessment(assessment_id=assessment.id, skills_area=skills_area)
        session.add(row)
    row.current_level = data.current_level
    row.target_level = data.target_level
    row.comment = data.comment
    row.updated_at = now
    bump(assessment, now)
    return assessment


async def update_report(
    *, session: AsyncSession, assessment: Assessment, data: ReportUpdate, now: datetime
) -> Assessment:
    """Change report sections, the gap order or the development plan of a draft."""
    _draft(assessment)
    changes = data.model_dump(mode="json", exclude_unset=True, exclude={"development_plan"})
    if data.development_plan is not None:
        changes["development_plan"] = _with_item_ids(data.development_plan).model_dump(mode="json")
    # a new dict, so the JSON column registers the change
    assessment.report = {**assessment.report, **changes}
    bump(assessment, now)
    return assessment


def _with_item_ids(plan: DevelopmentPlan) -> DevelopmentPlan:
    """Every plan item keeps an id, so training and finance can refer to it."""
    return DevelopmentPlan(
        training=[i.model_copy(update={"id": i.id or uuid.uuid4()}) for i in plan.training],
        internships=[i.model_copy(update={"id": i.id or uuid.uuid4()}) for i in plan.internships],
        other_measures=[
            i.model_copy(update={"id": i.id or uuid.uuid4()}) for i in plan.other_measures
        ],
    )


NEXT_STATUSES: dict[AssessmentStatus, frozenset[AssessmentStatus]] = {
    AssessmentStatus.DRAFT: frozenset({AssessmentStatus.SUBMITTED}),
    AssessmentStatus.SUBMITTED: frozenset({AssessmentStatus.APPROVED, AssessmentStatus.DRAFT}),
    AssessmentStatus.APPROVED: frozenset(),
}


async def change_status(
    *,
    session: AsyncSession,
    assessment: Assessment,
    to: AssessmentStatus,
    principal: Principal,
    now: datetime,
) -> Assessment:
    """Submit a complete draft, approve a submitted one, or send it back to draft."""
    current = AssessmentStatus(assessment.status)
    if to not in NEXT_STATUSES[current]:
        raise Conflict(
            f"An assessment in {current} cannot move to {to}.",
            rule="illegal_status_transition",
            current_status=current,
        )
    if to == AssessmentStatus.APPROVED and principal.role != Role.PROGRAMME_MANAGER:
        raise Forbidden("Only the programme manager approves an assessment.")
    view = await load_view(session=session, assessment=assessment)
    if to == AssessmentStatus.SUBMITTED:
        missing = [s.criterion for s in view.scores() if s.score_percent is None]
        if missing:
            raise Conflict(
                f"Score every criterion before submitting; missing: {', '.join(missing)}.",
                rule="scores_incomplete",
                missing=missing,
            )
        assessment.submitted_at = now
    assessment.status = to
    if to == AssessmentStatus.APPROVED:
        assessment.approved_at = now
        assessment.approved_by = principal.subject
        await _publish_approval(session, view, now)
    bump(assessment, now)
    return assessment


async def _publish_approval(session: AsyncSession, view: AssessmentView, now: datetime) -> None:
    assessment = view.assessment
    scores = view.scores()
    await outbox.add(
        session,
        AssessmentCompleted(
            assessment_id=assessment.id,
            company_id=assessment.company_id,
            cohort_id=assessment.cohort_id,
            methodology=view.methodology.key,
            efqm_total=view.total(),
            scores=[
                ScoreFact(
                    criterion=s.criterion,
                    score_percent=s.score_percent,
                    weight=s.weight,
                    points=s.points,
                )
                for s in scores
                if s.score_percent is not None and s.points is not None
            ],
            completed_at=now,
        ),
    )
    plan = view.plan()
    await outbox.add(
        session,
        DevelopmentPlanApproved(
            assessment_id=assessment.id,
            company_id=assessment.company_id,
            cohort_id=assessment.cohort_id,
            approved_at=now,
            training=[
                TrainingRecommendation(item_id=i.id, **i.model_dump(exclude={"id"}))
                for i in plan.training
            ],
            internships=[
                InternshipRecommendation(item_id=i.id, **i.model_dump(exclude={"id"}))
                for i in plan.internships
            ],
            other_measures=[
                OtherMeasure(item_id=i.id, **i.model_dump(exclude={"id"}))
                for i in plan.other_measures
            ],
        ),
    )


# --- reading --------------------------------------------------------------------------------


@dataclass
class AssessmentView:
    """An assessment with everything its read models and report are computed from."""

    assessment: Assessment
    methodology: Methodology
    cohort: Cohort
    company_name: str
    assessors: list[AssessmentAssessor]
    score_rows: dict[str, CriterionScore]
    skill_rows: list[SkillAssessment]

    def criteria(self) -> list[CriterionDefinition]:
        return methodologies.criteria_of(self.methodology)

    def scores(self) -> list[ScoreRead]:
        """Every criterion of the methodology, scored or not (then null)."""
        reads = []
        for c in self.criteria():
            row = self.score_rows.get(c.key)
            reads.append(
                ScoreRead(
                    criterion=c.key,
                    name=c.name,
                    group=c.group,
                    weight=c.weight,
                    score_percent=None if row is None else row.score_percent,
                    points=None if row is None else criterion_points(row.score_percent, c.weight),
                    strengths=[] if row is None else row.strengths,
                    areas_for_improvement=[] if row is None else row.areas_for_improvement,
                )
            )
        return reads

    def total(self) -> Decimal:
        weights = {c.key: c.weight for c in self.criteria()}
        return total_points(
            (row.score_percent, weights[key])
            for key, row in self.score_rows.items()
            if key in weights
        )

    def efqm(self) -> EfqmRead:
        scores = self.scores()
        return EfqmRead(
            methodology=self.methodology.key,
            methodology_name=self.methodology.name,
            criteria=scores,
            total=self.total(),
            max_points=sum(s.weight for s in scores),
            complete=all(s.score_percent is not None for s in scores),
        )

    def skills(self) -> list[SkillRead]:
        reads = []
        for row in sorted(self.skill_rows, key=lambda r: list(SKILLS_AREAS).index(r.skills_area)):
            name, kind = SKILLS_AREAS[row.skills_area].name_en, SKILLS_AREAS[row.skills_area].kind
            reads.append(
                SkillRead(
                    skills_area=row.skills_area,
                    name=name,
                    kind=kind,
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
        criteria = {c.key: c for c in self.criteria()}
        gaps = business_gaps(
            ScoredCriterion(c.key, c.name, c.weight, self.score_rows[c.key].score_percent)
            for c in criteria.values()
            if c.key in self.score_rows
        ) + technical_gaps(
            AssessedSkill(
                r.skills_area, SKILLS_AREAS[r.skills_area].name_en, r.current_level, r.target_level
            )
            for r in self.skill_rows
        )
        return [
            GapRead(
                rank=ranked.rank,
                key=ranked.gap.key,
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
        )


async def load_view(*, session: AsyncSession, assessment: Assessment) -> AssessmentView:
    """Everything about one assessment, for its read model, its report or its approval."""
    methodology = await methodologies.get_by_id(
        session=session, methodology_id=assessment.methodology_id
    )
    cohort = await cohorts.get(session=session, cohort_id=assessment.cohort_id)
    names = await company_facts.names(session=session, company_ids=[assessment.company_id])
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
        company_name=names.get(assessment.company_id, ""),
        assessors=await assessors_of(session=session, assessment_id=assessment.id),
        score_rows={row.criterion: row for row in scores},
        skill_rows=list(skills),
    )


async def summaries(
    *, session: AsyncSession, assessments: Sequence[Assessment]
) -> list[AssessmentSummary]:
    """List entries: the assessment without its scores and report."""
    names = await company_facts.names(
        session=session, company_ids=[a.company_id for a in assessments]
    )
    rows = await session.execute(
        sa.select(Methodology.id, Methodology.key).where(
            col(Methodology.id).in_({a.methodology_id for a in assessments})
        )
    )
    keys = {methodology_id: key for methodology_id, key in rows}
    return [
        AssessmentSummary(**_summary_fields(a, names.get(a.company_id, ""), keys[a.methodology_id]))
        for a in assessments
    ]


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
