"""Assessment rules: scoring, the report, the approval flow, and the audit trail of each.

Only a draft is edited; an assigned assessor (or the programme manager) submits it once
every criterion is scored; the programme manager approves it (or sends it back to draft).
Approval publishes the EFQM result and the development plan, in the same transaction.
Every change writes its audit entry (``shared.audit``) in that transaction too.

Callers pass an assessment already loaded, locked and authorised by ``access.editable``;
each command returns the ``AssessmentView`` its response is built from.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from assessment.assessments import access
from assessment.assessments.models import (
    Assessment,
    AssessmentAssessor,
    AssessmentStatus,
    CriterionScore,
    SkillAssessment,
)
from assessment.assessments.schemas import (
    AssessmentCreate,
    AssessmentSummary,
    AssessorInput,
    DevelopmentPlan,
    InternshipItem,
    ReportUpdate,
    ScheduleInput,
    ScoreInput,
    SkillInput,
    TrainingItem,
)
from assessment.assessments.views import AssessmentView, assessors_of, load_view, page
from assessment.cohort import service as cohorts
from assessment.cohort.schemas import CohortStatus
from assessment.messages import MESSAGES
from assessment.methodology import service as methodologies
from assessment.nomination import service as nominations
from assessment.nomination.models import NominationStatus
from assessment.skills import SkillsArea
from assessment.statuses import STATUSES
from shared import audit
from shared.audit import AuditEntryRead
from shared.auth import Principal, Role
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from shared.events.assessment import (
    AssessmentCompleted,
    AssessmentScheduled,
    DevelopmentPlanApprovedV2,
    InternshipRecommendationV2,
    OtherMeasure,
    TrainingRecommendationV2,
)
from shared.events.assessment import CriterionScore as ScoreFact
from shared.i18n import message
from shared.messaging import outbox
from shared.money import Money
from shared.pagination import Page
from shared.persistence import bump, flush_or_conflict, where_given

RESOURCE = "assessment"
"""The audit trail's name for these records."""


# --- reading ----------------------------------------------------------------------------------


async def listing(
    *,
    session: AsyncSession,
    principal: Principal,
    cohort_id: uuid.UUID | None,
    company_id: uuid.UUID | None,
    status: AssessmentStatus | None,
    limit: int,
    cursor: str | None,
) -> Page[AssessmentSummary]:
    """A page of the assessments the caller may see, filtered."""
    statement = access.visible(principal)
    statement = where_given(
        statement,
        (Assessment.cohort_id, cohort_id),
        (Assessment.company_id, company_id),
        (Assessment.status, status),
    )
    return await page(session=session, statement=statement, limit=limit, cursor=cursor)


async def history(
    *, session: AsyncSession, assessment: Assessment, limit: int, cursor: str | None
) -> Page[AuditEntryRead]:
    """Who changed the assessment, when and how: scores, report, submission, approval."""
    return await audit.history(
        session, resource=RESOURCE, resource_id=assessment.id, limit=limit, cursor=cursor
    )


# --- writes -----------------------------------------------------------------------------------


async def create(
    *, session: AsyncSession, principal: Principal, data: AssessmentCreate, now: datetime
) -> AssessmentView:
    """Open the assessment of a selected company, with its methodology and assessors."""
    try:
        nomination = await nominations.get(session=session, nomination_id=data.nomination_id)
    except NotFound:
        raise InvalidInput("nomination_id", message(MESSAGES["no_such_nomination"])) from None
    if nomination.status != NominationStatus.SELECTED:
        raise Conflict(
            f"Only a selected company is assessed; this nomination is {nomination.status}.",
            rule="nomination_not_selected",
            params={"status": STATUSES.text("nomination", nomination.status)},
        )
    cohort = await cohorts.get(session=session, cohort_id=nomination.cohort_id)
    if cohort.status == CohortStatus.CLOSED:
        raise Conflict("The cohort is closed.", rule="cohort_closed")
    try:
        methodology = await methodologies.get(session=session, key=data.methodology)
    except NotFound:
        raise InvalidInput("methodology", message(MESSAGES["no_such_methodology"])) from None
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
    await audit.record(
        session,
        resource=RESOURCE,
        record=assessment,
        principal=principal,
        action="created",
        before=None,
        after={
            "nomination_id": nomination.id,
            "methodology": methodology.key,
            "status": assessment.status,
            "assessors": [a.subject for a in data.assessors],
        },
        now=now,
    )
    return await load_view(session=session, assessment=assessment)


def _draft(assessment: Assessment) -> None:
    if assessment.status != AssessmentStatus.DRAFT:
        raise Conflict(
            f"Only a draft is edited; this assessment is {assessment.status}.",
            rule="assessment_not_draft",
            params={"status": STATUSES.text("assessment", assessment.status)},
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
    principal: Principal,
    assessors: Sequence[AssessorInput] | None,
    now: datetime,
) -> AssessmentView:
    """Replace the assessors of an assessment not yet approved (None: leave them)."""
    if assessors is not None:
        if assessment.status == AssessmentStatus.APPROVED:
            raise Conflict("The assessment is approved.", rule="assessment_approved")
        before = [
            a.subject for a in await assessors_of(session=session, assessment_id=assessment.id)
        ]
        await _assign(session, assessment, assessors)
        bump(assessment, now)
        await audit.record(
            session,
            resource=RESOURCE,
            record=assessment,
            principal=principal,
            action="assessors_changed",
            before={"assessors": before},
            after={"assessors": [a.subject for a in assessors]},
            now=now,
        )
    return await load_view(session=session, assessment=assessment)


def _schedule_fields(assessment: Assessment) -> dict[str, Any]:
    a = assessment
    cost = (
        None
        if a.expected_cost_minor is None
        else Money.from_minor(a.expected_cost_minor, a.expected_cost_currency or "")
    )
    return {
        "starts_on": a.starts_on,
        "ends_on": a.ends_on,
        "expected_cost": None if cost is None else cost.model_dump(mode="json"),
    }


async def schedule(
    *,
    session: AsyncSession,
    assessment: Assessment,
    principal: Principal,
    data: ScheduleInput,
    now: datetime,
) -> AssessmentView:
    """Set the assessment's dates and expected cost; finance hears of it by event."""
    _draft(assessment)
    before = _schedule_fields(assessment)
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
    await audit.record(
        session,
        resource=RESOURCE,
        record=assessment,
        principal=principal,
        action="scheduled",
        before=before,
        after=_schedule_fields(assessment),
        now=now,
    )
    return await load_view(session=session, assessment=assessment)


def _score_fields(row: CriterionScore | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "score_percent": f"{row.score_percent:.2f}",  # a decimal string, as the API shows it
        "strengths": list(row.strengths),
        "areas_for_improvement": list(row.areas_for_improvement),
    }


async def score(
    *,
    session: AsyncSession,
    assessment: Assessment,
    principal: Principal,
    criterion: str,
    data: ScoreInput,
    now: datetime,
) -> AssessmentView:
    """Score one criterion of the assessment's methodology (0-100 %)."""
    _draft(assessment)
    methodology = await methodologies.get_by_id(
        session=session, methodology_id=assessment.methodology_id
    )
    if criterion not in {c.key for c in methodologies.criteria_of(methodology)}:
        raise NotFound(
            message(
                MESSAGES["no_such_criterion"],
                criterion=repr(criterion),
                methodology=methodology.key,
            )
        )
    row = (
        await session.scalars(
            sa.select(CriterionScore).where(
                CriterionScore.assessment_id == assessment.id,
                CriterionScore.criterion == criterion,
            )
        )
    ).first()
    before = _score_fields(row)
    if row is None:
        row = CriterionScore(assessment_id=assessment.id, criterion=criterion)
        session.add(row)
    row.score_percent = data.score_percent
    row.strengths = list(data.strengths)
    row.areas_for_improvement = list(data.areas_for_improvement)
    row.updated_at = now
    bump(assessment, now)
    await audit.record(
        session,
        resource=RESOURCE,
        record=assessment,
        principal=principal,
        action="scored",
        before={f"scores.{criterion}": before},
        after={f"scores.{criterion}": _score_fields(row)},
        now=now,
    )
    return await load_view(session=session, assessment=assessment)


def _skill_fields(row: SkillAssessment | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "current_level": row.current_level,
        "target_level": row.target_level,
        "comment": row.comment,
    }


async def assess_skill(
    *,
    session: AsyncSession,
    assessment: Assessment,
    principal: Principal,
    skills_area: SkillsArea,
    data: SkillInput,
    now: datetime,
) -> AssessmentView:
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
    before = _skill_fields(row)
    if row is None:
        row = SkillAssessment(assessment_id=assessment.id, skills_area=skills_area)
        session.add(row)
    row.current_level = data.current_level
    row.target_level = data.target_level
    row.comment = data.comment
    row.updated_at = now
    bump(assessment, now)
    await audit.record(
        session,
        resource=RESOURCE,
        record=assessment,
        principal=principal,
        action="skill_assessed",
        before={f"skills.{skills_area}": before},
        after={f"skills.{skills_area}": _skill_fields(row)},
        now=now,
    )
    return await load_view(session=session, assessment=assessment)


async def update_report(
    *,
    session: AsyncSession,
    assessment: Assessment,
    principal: Principal,
    data: ReportUpdate,
    now: datetime,
) -> AssessmentView:
    """Change report sections, the gap order or the development plan of a draft."""
    _draft(assessment)
    before = dict(assessment.report)
    changes = data.model_dump(mode="json", exclude_unset=True, exclude={"development_plan"})
    if data.development_plan is not None:
        plan = data.development_plan
        changes["development_plan"] = plan.model_copy(
            update={
                "training": [_draft_item(item) for item in plan.training],
                "internships": [_draft_item(item) for item in plan.internships],
                "other_measures": [
                    item.model_copy(update={"item_id": item.item_id or uuid.uuid4()})
                    for item in plan.other_measures
                ],
            }
        ).stored()
    # a new dict, so the JSON column registers the change
    assessment.report = {**assessment.report, **changes}
    bump(assessment, now)
    await audit.record(
        session,
        resource=RESOURCE,
        record=assessment,
        principal=principal,
        action="report_updated",
        before=before,
        after=assessment.report,
        now=now,
    )
    return await load_view(session=session, assessment=assessment)


StaffItem = TypeVar("StaffItem", TrainingItem, InternshipItem)


def _draft_item(item: StaffItem) -> StaffItem:
    """A plan item as a draft stores it: its id assigned when absent; no staff member id,
    whatever was sent (approval assigns them)."""
    return item.model_copy(
        update={"item_id": item.item_id or uuid.uuid4(), "staff_member_id": None}
    )


def _staffed(plan: DevelopmentPlan) -> DevelopmentPlan:
    """The plan with an id for each staff member it names, one per person (names compared
    without case and extra spaces): the approved plan's event carries these, not the names."""
    ids: dict[str, uuid.UUID] = {}

    def staffed(item: StaffItem) -> StaffItem:
        if item.staff_member is None:
            return item.model_copy(update={"staff_member_id": None})
        person = " ".join(item.staff_member.split()).casefold()
        return item.model_copy(update={"staff_member_id": ids.setdefault(person, uuid.uuid4())})

    return plan.model_copy(
        update={
            "training": [staffed(item) for item in plan.training],
            "internships": [staffed(item) for item in plan.internships],
        }
    )


NEXT_STATUSES: dict[AssessmentStatus, tuple[AssessmentStatus, ...]] = {
    AssessmentStatus.DRAFT: (AssessmentStatus.SUBMITTED,),
    AssessmentStatus.SUBMITTED: (AssessmentStatus.APPROVED, AssessmentStatus.DRAFT),
    AssessmentStatus.APPROVED: (),
}


def _check_transition(current: AssessmentStatus, to: AssessmentStatus) -> None:
    allowed = NEXT_STATUSES[current]
    if to in allowed:
        return
    raise Conflict(
        f"An assessment in {current} cannot move to {to}"
        + (
            f"; the next status is {' or '.join(allowed)}."
            if allowed
            else "; it is approved, which is final."
        ),
        rule="illegal_status_transition",
        params={
            "current_status": STATUSES.text("assessment", current),
            "target": STATUSES.text("assessment", to),
        },
        current_status=current,
        allowed=list(allowed),
    )


async def change_status(
    *,
    session: AsyncSession,
    assessment: Assessment,
    principal: Principal,
    to: AssessmentStatus,
    approver_name: str | None,
    now: datetime,
) -> AssessmentView:
    """Submit a complete draft, approve a submitted one, or send it back to draft."""
    current = AssessmentStatus(assessment.status)
    _check_transition(current, to)
    if to == AssessmentStatus.APPROVED and principal.role != Role.PROGRAMME_MANAGER:
        raise Forbidden(message(MESSAGES["approver_is_manager"]))
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
    after: dict[str, Any] = {"status": to}
    if to == AssessmentStatus.APPROVED:
        assessment.approved_at = now
        assessment.approved_by = principal.subject
        assessment.approved_by_name = approver_name
        assessment.report = {
            **assessment.report,
            "development_plan": _staffed(view.plan()).stored(),
        }
        band = view.band()
        after |= {
            "approved_by": principal.subject,
            "approved_by_name": approver_name,
            "efqm_total": str(view.total()),
            "band": None if band is None else band.key,
        }
        await _publish_approval(session, view, now)
    bump(assessment, now)
    await audit.record(
        session,
        resource=RESOURCE,
        record=assessment,
        principal=principal,
        action="status_changed",
        before={"status": current},
        after=after,
        now=now,
    )
    return view


async def _publish_approval(session: AsyncSession, view: AssessmentView, now: datetime) -> None:
    assessment = view.assessment
    band = view.band()
    await outbox.add(
        session,
        AssessmentCompleted(
            assessment_id=assessment.id,
            company_id=assessment.company_id,
            cohort_id=assessment.cohort_id,
            methodology=view.methodology.key,
            efqm_total=view.total(),
            band=None if band is None else band.key,
            scores=[
                ScoreFact(
                    criterion=s.criterion,
                    score_percent=s.score_percent,
                    weight=s.weight,
                    points=s.points,
                )
                for s in view.scores()
                if s.score_percent is not None and s.points is not None
            ],
            completed_at=now,
        ),
    )
    plan = view.plan()
    await outbox.add(
        session,
        DevelopmentPlanApprovedV2(
            assessment_id=assessment.id,
            company_id=assessment.company_id,
            cohort_id=assessment.cohort_id,
            approved_at=now,
            training=[
                TrainingRecommendationV2(**i.model_dump(exclude={"id", "staff_member"}))
                for i in plan.training
            ],
            internships=[
                InternshipRecommendationV2(**i.model_dump(exclude={"id", "staff_member"}))
                for i in plan.internships
            ],
            other_measures=[
                OtherMeasure(**i.model_dump(exclude={"id"})) for i in plan.other_measures
            ],
        ),
    )
