"""HTTP API of company profiles: ``/companies``.

HTTP only: parse, authorise (``access``), call one service function, return one view. A
route that changes a profile loads it with its row locked, checks If-Match, calls the
service and answers the new profile with its ETag.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from registry.company import access, queries, search, service
from registry.company.params import SearchQueryDep
from registry.company.present import company_read
from registry.company.schemas import (
    CompanyChangeRead,
    CompanyCreate,
    CompanyPage,
    CompanyRead,
    CompanyUpdate,
    StatusChange,
)
from registry.company.service import Actor
from shared.api import rules
from shared.auth import CurrentPrincipal, Editor, OptionalPrincipal, Principal
from shared.concurrency import IfMatch, check_if_match, created, tag
from shared.db import utcnow
from shared.deps import ReadSessionDep, SessionDep
from shared.idempotency import IdempotencyDep
from shared.pagination import CursorQuery, LimitQuery, Page, decode_cursor, encode_cursor
from shared.responses import FastJSON

router = APIRouter(prefix="/companies", tags=["companies"])

_CHANGE = {412: {"description": "stale If-Match"}, 428: {"description": "If-Match missing"}}


@router.post(
    "",
    status_code=201,
    response_model=CompanyRead,
    responses=rules("bin_unique"),
)
async def create_company(
    body: CompanyCreate, session: SessionDep, principal: Editor, idem: IdempotencyDep
) -> Response:
    """Register a local or international company (a draft until staff publish it)."""
    company = await service.create(
        session=session, data=body, actor=Actor.of(principal), now=utcnow()
    )
    return await idem.respond(
        session,
        await _read(session, company, "full"),
        headers=created(f"/companies/{company.id}", company.version),
    )


@router.get("", response_model=CompanyPage)
async def list_companies(
    query: SearchQueryDep,
    session: ReadSessionDep,
    principal: OptionalPrincipal,
    limit: LimitQuery = 20,
    cursor: CursorQuery = None,
    facets: Annotated[list[search.Facet], Query(description="facet counts to include")] = [],  # noqa: B006
) -> FastJSON:
    """Search companies: full text in Kazakh, Russian or English, filters, facets, sorting;
    every page says how many companies match (``total``, exact or estimated)."""
    staff = access.sees_everything(principal)
    found = await search.search(
        session=session, query=query, viewer=principal, staff=staff, limit=limit, cursor=cursor
    )
    now = utcnow()
    page: dict[str, Any] = {
        "items": [
            company_read(c, detail, view=access.profile_view(principal, c), now=now)
            for c, detail in found.items
        ],
        "next_cursor": found.next_cursor,
        "total": found.total,
        "total_is_exact": found.total_is_exact,
    }
    if facets:
        page["facets"] = await search.facets(
            session=session,
            query=query,
            viewer=principal,
            staff=staff,
            names=list(dict.fromkeys(facets)),
        )
    return FastJSON(page)


@router.get("/{company_id:uuid}", response_model=CompanyRead)
async def get_company(
    company_id: uuid.UUID, session: ReadSessionDep, principal: OptionalPrincipal
) -> FastJSON:
    """One company profile; its ETag is what a later update must send in If-Match."""
    company, detail = await queries.get_with_details(session=session, company_id=company_id)
    access.ensure_visible(principal, company)
    view = access.profile_view(principal, company)
    answer = FastJSON(company_read(company, detail, view=view, now=utcnow()))
    tag(answer, company.version)
    return answer


@router.patch("/{company_id:uuid}", response_model=CompanyRead, responses=_CHANGE)
async def update_company(
    company_id: uuid.UUID,
    body: CompanyUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> FastJSON:
    """Change some fields of a profile (lists replace whole lists; programme-verified
    certifications stay, sent back as read or left out); needs If-Match."""
    company = await queries.get(session=session, company_id=company_id, for_update=True)
    access.ensure_can_edit(principal, company)
    check_if_match(if_match, company.version)
    await service.update(
        session=session, company=company, data=body, actor=Actor.of(principal), now=utcnow()
    )
    return await _answer(session, company, principal)


@router.post(
    "/{company_id:uuid}/publish",
    response_model=CompanyRead,
    responses={**_CHANGE, **rules("already_published")},
)
async def publish_company(
    company_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> FastJSON:
    """Publish a reviewed draft (programme staff only); needs If-Match."""
    company = await queries.get(session=session, company_id=company_id, for_update=True)
    access.ensure_editor(principal, company)
    check_if_match(if_match, company.version)
    await service.publish(session=session, company=company, actor=Actor.of(principal), now=utcnow())
    return await _answer(session, company, principal)


@router.post("/{company_id:uuid}/verify", response_model=CompanyRead)
async def verify_company(
    company_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> FastJSON:
    """Confirm the profile is current (programme staff): not stale for another 12 months.
    No If-Match: confirming is the same act whatever version the caller read."""
    company = await queries.get(session=session, company_id=company_id, for_update=True)
    access.ensure_editor(principal, company)
    await service.verify(session=session, company=company, actor=Actor.of(principal), now=utcnow())
    return await _answer(session, company, principal)


@router.post(
    "/{company_id:uuid}/status",
    response_model=CompanyRead,
    responses={**_CHANGE, **rules("status_unchanged")},
)
async def change_status(
    company_id: uuid.UUID,
    body: StatusChange,
    session: SessionDep,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> FastJSON:
    """Mark a company active, inactive or out of business (programme staff); needs If-Match."""
    company = await queries.get(session=session, company_id=company_id, for_update=True)
    access.ensure_editor(principal, company)
    check_if_match(if_match, company.version)
    await service.change_status(
        session=session,
        company=company,
        status=body.status,
        actor=Actor.of(principal),
        reason=body.reason,
        now=utcnow(),
    )
    return await _answer(session, company, principal)


@router.get("/{company_id:uuid}/history", response_model=Page[CompanyChangeRead])
async def company_history(
    company_id: uuid.UUID,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[CompanyChangeRead]:
    """Every change to the profile, newest first: who, when, before and after.

    Paged by version (the ETag a client holds), not by ``shared.pagination.keyset``'s time:
    versions are the order the changes were committed in, under the profile's row lock."""
    company = await queries.get(session=session, company_id=company_id)
    access.ensure_full_view(principal, company)
    position = decode_cursor(cursor, expect={"before_version"})
    changes = await queries.history(
        session=session,
        company_id=company_id,
        limit=limit + 1,
        before_version=int(position["before_version"]) if position else None,
    )
    more = len(changes) > limit
    changes = changes[:limit]
    return Page[CompanyChangeRead](
        items=[CompanyChangeRead.model_validate(c, from_attributes=True) for c in changes],
        next_cursor=encode_cursor({"before_version": changes[-1].version}) if more else None,
    )


async def _read(session: Any, company: Any, view: access.ProfileView) -> dict[str, Any]:
    detail = (await queries.details(session=session, ids=[company.id]))[company.id]
    return company_read(company, detail, view=view, now=utcnow())


async def _answer(session: Any, company: Any, principal: Principal) -> FastJSON:
    """The changed profile as its editor sees it, with its new ETag."""
    answer = FastJSON(await _read(session, company, access.profile_view(principal, company)))
    tag(answer, company.version)
    return answer
