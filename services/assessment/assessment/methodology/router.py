"""Assessment methodologies: EFQM's 9 criteria by default; more can be added as data."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from assessment.methodology import service
from assessment.methodology.schemas import MethodologyCreate, MethodologyRead
from shared.api import rules
from shared.auth import CurrentPrincipal, ProgrammeManager
from shared.concurrency import created
from shared.db import utcnow
from shared.deps import ReadSessionDep, SessionDep
from shared.idempotency import IdempotencyDep
from shared.pagination import CursorQuery, LimitQuery, Page

router = APIRouter(prefix="/methodologies", tags=["methodologies"])


@router.post(
    "", status_code=201, response_model=MethodologyRead, responses=rules("methodology_key_taken")
)
async def create_methodology(
    body: MethodologyCreate,
    session: SessionDep,
    idem: IdempotencyDep,
    _: ProgrammeManager,
) -> Response:
    """Add a methodology as data (weights adding up to 1,000), e.g. EFQM's 7 criteria."""
    methodology = await service.create(session=session, data=body, now=utcnow())
    return await idem.respond(
        session,
        service.to_read(methodology),
        headers=created(f"/methodologies/{methodology.key}", 1),
    )


@router.get("", response_model=Page[MethodologyRead])
async def list_methodologies(
    session: ReadSessionDep,
    _: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[MethodologyRead]:
    """Every methodology, oldest (the EFQM default) first."""
    return await service.page(session=session, limit=limit, cursor=cursor)


@router.get("/{key}", response_model=MethodologyRead)
async def read_methodology(
    key: Annotated[str, Path(max_length=50)], session: ReadSessionDep, _: CurrentPrincipal
) -> MethodologyRead:
    """One methodology by key, e.g. ``efqm-9``."""
    return service.to_read(await service.get(session=session, key=key))
