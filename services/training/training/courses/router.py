"""The course catalogue: propose, correct, approve or retire, list, and its health report."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from shared import audit, jobs
from shared.api import rules
from shared.audit import AuditEntryRead
from shared.auth import CurrentPrincipal, Staff
from shared.concurrency import IfMatch, check_if_match, created, tag
from shared.db import utcnow
from shared.deps import ReadSessionDep, SessionDep
from shared.i18n import AcceptLanguage, localized, message
from shared.idempotency import IdempotencyDep
from shared.jobs import ImportJobRead, JobKey
from shared.pagination import CursorQuery, LimitQuery, Page, keyset
from shared.skills import SkillsAreaCode
from training.courses import access, csv_import, service, views
from training.courses.models import Course
from training.courses.schemas import (
    CatalogueHealth,
    CourseCreate,
    CourseDecision,
    CourseImportRead,
    CourseRead,
    CourseStatus,
    CourseUpdate,
    ProviderKind,
)
from training.messages import MESSAGES

router = APIRouter(prefix="/courses", tags=["courses"])
IMPORT_PATH = "/courses/import"
"""Its body streams to the job's spool (``ServiceSpec.streamed_bodies``): the import's size
limit applies while it is read, whatever ``Content-Type`` the caller sent."""


@router.post("", status_code=201, response_model=CourseRead)
async def propose_course(
    body: CourseCreate, session: SessionDep, idem: IdempotencyDep, principal: CurrentPrincipal
) -> Response:
    """Propose a course for the catalogue (anyone in the programme); the PM decides on it."""
    course = await service.propose(session=session, data=body, principal=principal, now=utcnow())
    return await idem.respond(
        session, views.course_read(course), headers=created(f"/courses/{course.id}", 1)
    )


CSV_BODY = {
    "requestBody": {
        "required": True,
        "description": "UTF-8 CSV with a header row; columns in docs/training.md",
        "content": {
            "text/csv": {
                "schema": {
                    "type": "string",
                    "pattern": csv_import.HEADER_PATTERN,
                    "description": "a header line naming the columns (the required ones "
                    "first), then a course a line",
                }
            }
        },
    }
}


@router.post(
    IMPORT_PATH.removeprefix(router.prefix),
    status_code=202,
    response_model=ImportJobRead[CourseImportRead],
    openapi_extra=CSV_BODY,
    responses=jobs.responses(jobs.describe(csv_import.MAX_BYTES)),
)
async def import_courses(
    request: Request, principal: CurrentPrincipal, idempotency_key: JobKey = None
) -> JSONResponse:
    """Propose many courses from a CSV file (programme editors) as a job: 202 with its
    ``Location``; every row or none, and a row equal to a catalogue course is left alone."""
    access.ensure_can_import(principal)
    upload = await jobs.receive(
        request, limit=csv_import.MAX_BYTES, what=message(MESSAGES["course_import"])
    )
    job, replayed = await service.submit_import(
        jobs=request.app.state.jobs,
        sessions=request.app.state.runtime.sessions,
        upload=upload,
        principal=principal,
        key=idempotency_key,
        now=utcnow(),
    )
    return jobs.accepted(job, CourseImportRead, service.JOBS_AT, replayed=replayed)


@router.get(
    "/import-jobs/{job_id:uuid}",
    response_model=ImportJobRead[CourseImportRead],
    responses=jobs.JOB_RESPONSES,
)
async def read_import_job(
    job_id: uuid.UUID,
    request: Request,
    response: Response,
    principal: CurrentPrincipal,
    _: AcceptLanguage = None,
) -> ImportJobRead[CourseImportRead]:
    """A course import: its state, rows done of the total, and its report once finished, or
    the rows it refused (the caller who started it, the programme manager, the ministry)."""
    job = await jobs.read(
        sessions=request.app.state.runtime.sessions,
        kind=service.IMPORT_KIND,
        job_id=job_id,
        principal=principal,
        now=utcnow(),
    )
    localized(response)  # a failed job's detail and rows' messages, in the reader's language
    return jobs.view(job, CourseImportRead)


@router.get("", response_model=Page[CourseRead])
async def list_courses(
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    skills_area: SkillsAreaCode | None = None,
    status: CourseStatus | None = None,
    provider_kind: ProviderKind | None = None,
) -> Page[CourseRead]:
    """Courses, oldest first; proposals only to staff and their proposers."""
    statement = service.listing(
        visible=access.visible_courses(principal),
        skills_area=skills_area,
        status=status,
        provider_kind=provider_kind,
    )
    rows, next_cursor = await keyset(session, statement, model=Course, limit=limit, cursor=cursor)
    return Page(items=[views.course_read(c) for c in rows], next_cursor=next_cursor)


@router.get("/health", response_model=CatalogueHealth)
async def catalogue_health(session: ReadSessionDep, _: Staff) -> CatalogueHealth:
    """Per skills area: approved courses against the handbook's target range, whether a
    Russian-language option and in-person options in Astana and Almaty exist."""
    return views.catalogue_health(await service.approved(session=session))


@router.get("/{course_id:uuid}", response_model=CourseRead)
async def read_course(
    course_id: uuid.UUID, session: ReadSessionDep, response: Response, principal: CurrentPrincipal
) -> CourseRead:
    """One course."""
    course = await service.get(session=session, course_id=course_id)
    access.ensure_visible(principal, course)
    tag(response, course.version)
    return views.course_read(course)


@router.patch("/{course_id:uuid}", response_model=CourseRead, responses=rules("course_retired"))
async def update_course(
    course_id: uuid.UUID,
    body: CourseUpdate,
    session: SessionDep,
    response: Response,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> CourseRead:
    """Correct a course (staff; the proposer while it is undecided)."""
    course = await service.get(session=session, course_id=course_id, lock=True)
    access.ensure_can_edit(principal, course)
    check_if_match(if_match, course.version)
    await service.update(
        session=session, course=course, data=body, principal=principal, now=utcnow()
    )
    tag(response, course.version)
    return views.course_read(course)


@router.put(
    "/{course_id:uuid}/status",
    response_model=CourseRead,
    responses=rules("illegal_status_transition"),
)
async def decide_course(
    course_id: uuid.UUID,
    body: CourseDecision,
    session: SessionDep,
    response: Response,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> CourseRead:
    """Approve a proposal, or retire a course (proposed -> approved -> retired; PM only)."""
    access.ensure_can_decide(principal)
    course = await service.get(session=session, course_id=course_id, lock=True)
    check_if_match(if_match, course.version)
    await service.decide(
        session=session, course=course, data=body, principal=principal, now=utcnow()
    )
    tag(response, course.version)
    return views.course_read(course)


@router.get("/{course_id:uuid}/history", response_model=Page[AuditEntryRead])
async def course_history(
    course_id: uuid.UUID,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[AuditEntryRead]:
    """Who proposed, corrected, approved or retired the course, and when."""
    course = await service.get(session=session, course_id=course_id)
    access.ensure_history_visible(principal, course)
    return await audit.history(
        session, resource=service.RESOURCE, resource_id=course.id, limit=limit, cursor=cursor
    )
