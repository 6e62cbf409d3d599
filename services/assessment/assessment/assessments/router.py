"""Assessments of selected companies, their scores and skills, the report and its PDF."""

from __future__ import annotations

import asyncio
import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Response
from fastapi import Path as FastAPIPath
from sqlalchemy.ext.asyncio import AsyncSession

from assessment.evaluation import pdf, service
from assessment.evaluation.models import Assessment, AssessmentStatus
from assessment.evaluation.negotiation import PDF, preferred
from assessment.evaluation.schemas import (
    AssessmentCreate,
    AssessmentRead,
    AssessmentSummary,
    AssessmentUpdate,
    LevelRead,
    ReportRead,
    ReportUpdate,
    ScheduleInput,
    ScoreInput,
    SkillInput,
    SkillsAreaRead,
    SkillsAreasRead,
    StatusChange,
)
from assessment.skills import LEVELS, SKILLS_AREAS, SkillsArea
from shared.api import rules
from shared.auth import CurrentPrincipal, Principal, Role, require_roles
from shared.concurrency import IfMatch, check_if_match, created, etag, tag
from shared.db import utcnow
from shared.deps import ReadSessionDep, SessionDep
from shared.errors import Problem
from shared.idempotency import IdempotencyDep
from shared.pagination import CursorQuery, LimitQuery, Page, keyset

router = APIRouter(tags=["assessments"])

ProgrammeManager = Annotated[Principal, require_roles(Role.PROGRAMME_MANAGER)]
Reader = Annotated[
    Principal,
    require_roles(
        Role.PROGRAMME_MANAGER, Role.MINISTRY, Role.ASSESSOR, Role.ANALYST, Role.LOCAL_COMPANY
    ),
]


class NotAcceptable(Problem):
    status = 406


async def _read(session: AsyncSession, assessment: Assessment) -> AssessmentRead:
    return (await service.load_view(session=session, assessment=assessment)).read()


async def _editable(
    session: AsyncSession, assessment_id: uuid.UUID, principal: Principal, if_match: str | None
) -> Assessment:
    """The locked assessment, if the caller may edit it and quoted its current ETag."""
    assessment = await service.get(session=session, assessment_id=assessment_id, lock=True)
    await service.authorize(session=session, assessment=assessment, principal=principal, edit=True)
    check_if_match(if_match, assessment.version)
    return assessment


@router.post(
    "/assessments",
    status_code=201,
    response_model=AssessmentRead,
    responses=rules("nomination_not_selected", "assessment_exists", "cohort_closed"),
)
async def create_assessment(
    body: AssessmentCreate, session: SessionDep, idem: IdempotencyDep, _: ProgrammeManager
) -> Response:
    """Open a selected company's assessment: its methodology and its assessors."""
    assessment = await service.create(session=session, data=body, now=utcnow())
    return await idem.respond(
        session,
        await _read(session, assessment),
        headers=created(f"/assessments/{assessment.id}", assessment.version),
    )


@router.get("/assessments", response_model=Page[AssessmentSummary])
async def list_assessments(
    session: ReadSessionDep,
    principal: Reader,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    cohort_id: uuid.UUID | None = None,
    company_id: uuid.UUID | None = None,
    status: AssessmentStatus | None = None,
) -> Page[AssessmentSummary]:
    """The assessments the caller may see (assessors: assigned ones; companies: own, approved)."""
    statement = service.listing(
        principal=principal, cohort_id=cohort_id, company_id=company_id, status=status
    )
    rows, next_cursor = await keyset(
        session, statement, model=Assessment, limit=limit, cursor=cursor
    )
    return Page(
        items=await service.summaries(session=session, assessments=rows), next_cursor=next_cursor
    )


@router.get("/assessments/{assessment_id}", response_model=AssessmentRead)
async def read_assessment(
    assessment_id: uuid.UUID, session: ReadSessionDep, response: Response, principal: Reader
) -> AssessmentRead:
    """The whole assessment: scores with points, skills gaps, prioritised gaps, the plan."""
    assessment = await service.get(session=session, assessment_id=assessment_id)
    await service.authorize(session=session, assessment=assessment, principal=principal)
    tag(response, assessment.version)
    return await _read(session, assessment)


@router.patch(
    "/assessments/{assessment_id}",
    response_model=AssessmentRead,
    responses=rules("assessment_approved"),
)
async def update_assessment(
    assessment_id: uuid.UUID,
    body: AssessmentUpdate,
    session: SessionDep,
    response: Response,
    principal: ProgrammeManager,
    if_match: IfMatch = None,
) -> AssessmentRead:
    """Assign the assessors (the list replaces the previous one)."""
    assessment = await _editable(session, assessment_id, principal, if_match)
    if body.assessors is not None:
        await service.set_assessors(
            session=session, assessment=assessment, assessors=body.assessors, now=utcnow()
        )
    tag(response, assessment.version)
    return await _read(session, assessment)


@router.put(
    "/assessments/{assessment_id}/schedule",
    response_model=AssessmentRead,
    responses=rules("assessment_not_draft"),
)
async def schedule_assessment(
    assessment_id: uuid.UUID,
    body: ScheduleInput,
    session: SessionDep,
    response: Response,
    principal: ProgrammeManager,
    if_match: IfMatch = None,
) -> AssessmentRead:
    """Schedule the assessment visit with its expected cost; finance is told by event."""
    assessment = await _editable(session, assessment_id, principal, if_match)
    await service.schedule(session=session, assessment=assessment, data=body, now=utcnow())
    tag(response, assessment.version)
    return await _read(session, assessment)


@router.put(
    "/assessments/{assessment_id}/scores/{criterion}",
    response_model=AssessmentRead,
    responses=rules("assessment_not_draft"),
)
async def score_criterion(
    assessment_id: uuid.UUID,
    criterion: Annotated[
        str, FastAPIPath(max_length=50, description="a criterion of the assessment's methodology")
    ],
    body: ScoreInput,
    session: SessionDep,
    response: Response,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> AssessmentRead:
    """Score one criterion 0-100 %, with its strengths and areas for improvement."""
    assessment = await _editable(session, assessment_id, principal, if_match)
    await service.score(
        session=session, assessment=assessment, criterion=criterion, data=body, now=utcnow()
    )
    tag(response, assessment.version)
    return await _read(session, assessment)


@router.put(
    "/assessments/{assessment_id}/skills/{skills_area}",
    response_model=AssessmentRead,
    responses=rules("assessment_not_draft"),
)
async def assess_skills_area(
    assessment_id: uuid.UUID,
    skills_area: SkillsArea,
    body: SkillInput,
    session: SessionDep,
    response: Response,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> AssessmentRead:
    """Record the current and target level (0-5) of one skills area; the gap follows."""
    assessment = await _editable(session, assessment_id, principal, if_match)
    await service.assess_skill(
        session=session, assessment=assessment, skills_area=skills_area, data=body, now=utcnow()
    )
    tag(response, assessment.version)
    return await _read(session, assessment)


@router.patch(
    "/assessments/{assessment_id}/report",
    response_model=AssessmentRead,
    responses=rules("assessment_not_draft"),
)
async def update_report(
    assessment_id: uuid.UUID,
    body: ReportUpdate,
    session: SessionDep,
    response: Response,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> AssessmentRead:
    """Write report sections, override the gap order, or set the development plan."""
    assessment = await _editable(session, assessment_id, principal, if_match)
    await service.update_report(session=session, assessment=assessment, data=body, now=utcnow())
    tag(response, assessment.version)
    return await _read(session, assessment)


@router.put(
    "/assessments/{assessment_id}/status",
    response_model=AssessmentRead,
    responses=rules("illegal_status_transition", "scores_incomplete"),
)
async def change_assessment_status(
    assessment_id: uuid.UUID,
    body: StatusChange,
    session: SessionDep,
    response: Response,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> AssessmentRead:
    """Submit a complete draft, approve it (publishes result and plan) or return it."""
    assessment = await _editable(session, assessment_id, principal, if_match)
    await service.change_status(
        session=session, assessment=assessment, to=body.status, principal=principal, now=utcnow()
    )
    tag(response, assessment.version)
    return await _read(session, assessment)


@router.get(
    "/assessments/{assessment_id}/report",
    response_model=ReportRead,
    responses={
        200: {"content": {PDF: {"schema": {"type": "string", "format": "binary"}}}},
        406: {"description": "neither JSON nor PDF is acceptable to the caller"},
    },
)
async def read_report(
    assessment_id: uuid.UUID,
    session: ReadSessionDep,
    principal: Reader,
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    """The report as JSON, or as PDF (Accept: application/pdf): scores, gaps and plan."""
    media_type = preferred(accept)
    if media_type is None:
        raise NotAcceptable("The report is available as application/json or application/pdf.")
    assessment = await service.get(session=session, assessment_id=assessment_id)
    await service.authorize(session=session, assessment=assessment, principal=principal)
    report = (await service.load_view(session=session, assessment=assessment)).report()
    headers = {"ETag": etag(assessment.version), "Vary": "Accept"}
    if media_type == PDF:
        content = await asyncio.to_thread(pdf.render, report)  # CPU-bound: off the loop
        filename = f"assessment-report-{assessment.id}.pdf"
        headers["Content-Disposition"] = f'inline; filename="{filename}"'
        return Response(content, media_type=PDF, headers=headers)
    return Response(report.model_dump_json(), media_type="application/json", headers=headers)


@router.get("/skills-areas", response_model=SkillsAreasRead)
async def list_skills_areas(_: CurrentPrincipal) -> SkillsAreasRead:
    """The skills areas of technical assessments and training plans, and the 0-5 levels."""
    return SkillsAreasRead(
        items=[
            SkillsAreaRead(key=key, name=name, kind=kind)
            for key, (name, kind) in ((k, (a.name_en, a.kind)) for k, a in SKILLS_AREAS.items())
        ],
        levels=[LevelRead(level=level, name=name) for level, name in LEVELS.items()],
    )
