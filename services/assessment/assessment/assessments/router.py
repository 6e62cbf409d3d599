"""Assessments of selected companies, their scores and skills, the report and its PDF.

Each route: parse, authorise (``access``), call one service function, return one view.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response
from fastapi import Path as FastAPIPath

from assessment.assessments import access, pdf, service
from assessment.assessments.models import AssessmentStatus
from assessment.assessments.negotiation import PDF, preferred
from assessment.assessments.schemas import (
    AssessmentCreate,
    AssessmentRead,
    AssessmentSummary,
    AssessmentUpdate,
    ReportRead,
    ReportUpdate,
    ScheduleInput,
    ScoreInput,
    SkillInput,
    SkillsAreasRead,
    StatusChange,
)
from assessment.assessments.views import load_view, skills_areas
from assessment.messages import MESSAGES
from assessment.skills import SkillsArea
from shared import i18n
from shared.api import rules
from shared.audit import AuditEntryRead
from shared.auth import CurrentPrincipal, Principal, ProgrammeManager, require_roles
from shared.concurrency import IfMatch, created, etag, tag
from shared.db import utcnow
from shared.deps import ReadSessionDep, SessionDep
from shared.errors import Problem
from shared.i18n import message
from shared.idempotency import IdempotencyDep
from shared.pagination import CursorQuery, LimitQuery, Page

router = APIRouter(tags=["assessments"])

Reader = Annotated[Principal, require_roles(access.READER_ROLES)]
Criterion = Annotated[
    str, FastAPIPath(max_length=50, description="a criterion of the assessment's methodology")
]


class NotAcceptable(Problem):
    status = 406


@router.post(
    "/assessments",
    status_code=201,
    response_model=AssessmentRead,
    responses=rules("nomination_not_selected", "assessment_exists", "cohort_closed"),
)
async def create_assessment(
    body: AssessmentCreate, session: SessionDep, idem: IdempotencyDep, principal: ProgrammeManager
) -> Response:
    """Open a selected company's assessment: its methodology and its assessors."""
    view = await service.create(session=session, principal=principal, data=body, now=utcnow())
    return await idem.respond(
        session,
        view.read(),
        headers=created(f"/assessments/{view.assessment.id}", view.assessment.version),
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
    return await service.listing(
        session=session,
        principal=principal,
        cohort_id=cohort_id,
        company_id=company_id,
        status=status,
        limit=limit,
        cursor=cursor,
    )


@router.get("/assessments/{assessment_id}", response_model=AssessmentRead)
async def read_assessment(
    assessment_id: uuid.UUID, session: ReadSessionDep, response: Response, principal: Reader
) -> AssessmentRead:
    """The whole assessment: scores with points, skills gaps, prioritised gaps, the plan."""
    assessment = await access.readable(
        session=session, assessment_id=assessment_id, principal=principal
    )
    view = await load_view(session=session, assessment=assessment)
    tag(response, assessment.version)
    return view.read()


@router.get("/assessments/{assessment_id}/history", response_model=Page[AuditEntryRead])
async def assessment_history(
    assessment_id: uuid.UUID,
    session: ReadSessionDep,
    principal: Reader,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[AuditEntryRead]:
    """Who did what to the assessment and when, oldest first: its opening, assessors,
    schedule, every score and skills level, report edits, submission and approval."""
    assessment = await access.readable(
        session=session, assessment_id=assessment_id, principal=principal
    )
    return await service.history(session=session, assessment=assessment, limit=limit, cursor=cursor)


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
    assessment = await access.editable(
        session=session, assessment_id=assessment_id, principal=principal, if_match=if_match
    )
    view = await service.set_assessors(
        session=session,
        assessment=assessment,
        principal=principal,
        assessors=body.assessors,
        now=utcnow(),
    )
    tag(response, assessment.version)
    return view.read()


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
    assessment = await access.editable(
        session=session, assessment_id=assessment_id, principal=principal, if_match=if_match
    )
    view = await service.schedule(
        session=session, assessment=assessment, principal=principal, data=body, now=utcnow()
    )
    tag(response, assessment.version)
    return view.read()


@router.put(
    "/assessments/{assessment_id}/scores/{criterion}",
    response_model=AssessmentRead,
    responses=rules("assessment_not_draft"),
)
async def score_criterion(
    assessment_id: uuid.UUID,
    criterion: Criterion,
    body: ScoreInput,
    session: SessionDep,
    response: Response,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> AssessmentRead:
    """Score one criterion 0-100 %, with its strengths and areas for improvement."""
    assessment = await access.editable(
        session=session, assessment_id=assessment_id, principal=principal, if_match=if_match
    )
    view = await service.score(
        session=session,
        assessment=assessment,
        principal=principal,
        criterion=criterion,
        data=body,
        now=utcnow(),
    )
    tag(response, assessment.version)
    return view.read()


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
    assessment = await access.editable(
        session=session, assessment_id=assessment_id, principal=principal, if_match=if_match
    )
    view = await service.assess_skill(
        session=session,
        assessment=assessment,
        principal=principal,
        skills_area=skills_area,
        data=body,
        now=utcnow(),
    )
    tag(response, assessment.version)
    return view.read()


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
    assessment = await access.editable(
        session=session, assessment_id=assessment_id, principal=principal, if_match=if_match
    )
    view = await service.update_report(
        session=session, assessment=assessment, principal=principal, data=body, now=utcnow()
    )
    tag(response, assessment.version)
    return view.read()


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
    """Submit a complete draft, approve it (publishes result and plan) or return it.

    A refused transition (409 ``illegal_status_transition``) names the statuses allowed
    next, in the text and as ``allowed``."""
    assessment = await access.editable(
        session=session, assessment_id=assessment_id, principal=principal, if_match=if_match
    )
    view = await service.change_status(
        session=session,
        assessment=assessment,
        principal=principal,
        to=body.status,
        approver_name=body.approver_name,
        now=utcnow(),
    )
    tag(response, assessment.version)
    return view.read()


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
    request: Request,
    accept_language: Annotated[
        str | None,
        Header(description="the PDF's language: ru, kk or en (English when none matches)"),
    ] = None,
) -> Response:
    """The report as JSON, or as PDF (Accept: application/pdf) in Russian, Kazakh or English
    (Accept-Language): company, scores and band, gaps, plan, and who approved it."""
    # Accept is content negotiation over the 200's two media types, not a parameter: the
    # document lists both under the response, and a free-text header would invite any value
    media_type = preferred(request.headers.get("accept"))
    if media_type is None:
        raise NotAcceptable(message(MESSAGES["report_formats"]))
    assessment = await access.readable(
        session=session, assessment_id=assessment_id, principal=principal
    )
    view = await load_view(session=session, assessment=assessment)
    headers = {"ETag": etag(assessment.version), "Vary": "Accept, Accept-Language"}
    if media_type == PDF:
        lang = i18n.negotiate(accept_language)
        content = await asyncio.to_thread(pdf.render_view, view, lang)  # CPU-bound: off the loop
        filename = f"assessment-report-{assessment.id}-{lang}.pdf"
        headers["Content-Disposition"] = f'inline; filename="{filename}"'
        headers["Content-Language"] = lang
        return Response(content, media_type=PDF, headers=headers)
    return Response(view.report().model_dump_json(), media_type="application/json", headers=headers)


@router.get("/skills-areas", response_model=SkillsAreasRead)
async def list_skills_areas(
    _: CurrentPrincipal, response: Response, __: i18n.AcceptLanguage = None
) -> SkillsAreasRead:
    """The skills areas of technical assessments and training plans, and the 0-5 levels,
    named in ru, kk and en, with ``label`` in the language Accept-Language chose."""
    return skills_areas(i18n.localized(response))
