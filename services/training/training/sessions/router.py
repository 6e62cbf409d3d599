"""Course sessions: plan, change, list and read dated runs of a course."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from shared.api import rules
from shared.auth import CurrentPrincipal
from shared.concurrency import IfMatch, check_if_match, created, tag
from shared.db import utcnow
from shared.deps import ReadSessionDep, SessionDep
from shared.idempotency import IdempotencyDep
from shared.pagination import CursorQuery, LimitQuery, Page, keyset
from shared.skills import SkillsAreaCode
from training.sessions import access, service, views
from training.sessions.models import CourseSession
from training.sessions.schemas import SessionCreate, SessionRead, SessionUpdate
from training.vocabulary import City

router = APIRouter(prefix="/sessions", tags=["sessions"])


@router.post(
    "",
    status_code=201,
    response_model=SessionRead,
    responses=rules("course_retired", "delivery_not_offered", "language_not_offered"),
)
async def plan_session(
    body: SessionCreate, session: SessionDep, idem: IdempotencyDep, principal: CurrentPrincipal
) -> Response:
    """Plan a session of a course, in a city the course is offered in (programme staff)."""
    access.ensure_can_plan(principal)
    run = await service.plan(session=session, data=body, now=utcnow())
    return await idem.respond(
        session, views.session_read(run, 0), headers=created(f"/sessions/{run.id}", 1)
    )


@router.get("", response_model=Page[SessionRead])
async def list_sessions(
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    course_id: uuid.UUID | None = None,
    city: City | None = None,
    skills_area: SkillsAreaCode | None = None,
) -> Page[SessionRead]:
    """Sessions of the courses the caller may see, oldest first, with the seats left in each."""
    statement = service.listing(
        visible=access.visible_sessions(principal),
        course_id=course_id,
        city=city,
        skills_area=skills_area,
    )
    rows, next_cursor = await keyset(
        session, statement, model=CourseSession, limit=limit, cursor=cursor
    )
    taken = await service.seats_taken(session=session, session_ids=[r.id for r in rows])
    return Page(items=[views.session_read(r, taken[r.id]) for r in rows], next_cursor=next_cursor)


@router.get("/{session_id:uuid}", response_model=SessionRead)
async def read_session(
    session_id: uuid.UUID, session: ReadSessionDep, response: Response, principal: CurrentPrincipal
) -> SessionRead:
    """One session, with the seats left (404 for a session of a course the caller may not see)."""
    run = await service.get(
        session=session, session_id=session_id, visible=access.visible_sessions(principal)
    )
    taken = await service.seats_taken(session=session, session_ids=[run.id])
    tag(response, run.version)
    return views.session_read(run, taken[run.id])


@router.patch(
    "/{session_id:uuid}", response_model=SessionRead, responses=rules("seat_limit_below_taken")
)
async def update_session(
    session_id: uuid.UUID,
    body: SessionUpdate,
    session: SessionDep,
    response: Response,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> SessionRead:
    """Move a session's dates or change its seat limit (programme staff)."""
    access.ensure_can_plan(principal)
    run = await service.get(
        session=session,
        session_id=session_id,
        visible=access.visible_sessions(principal),
        lock=True,
    )
    check_if_match(if_match, run.version)
    await service.update(session=session, run=run, data=body, now=utcnow())
    taken = await service.seats_taken(session=session, session_ids=[run.id])
    tag(response, run.version)
    return views.session_read(run, taken[run.id])
