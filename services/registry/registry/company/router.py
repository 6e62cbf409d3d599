"""HTTP API of company profiles: ``/companies``."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Response
from pydantic import BaseModel, Field

from registry.company import access, search, service
from registry.company.present import company_read
from registry.company.schemas import (
    CompanyChangeRead,
    CompanyCreate,
    CompanyRead,
    CompanyUpdate,
    StatusChange,
)
from registry.company.service import Actor
from shared.auth import CurrentPrincipal, OptionalPrincipal, require_roles
from shared.concurrency import check_if_match, etag
from shared.deps import ReadSessionDep, SessionDep
from shared.idempotency import IdempotencyDep
from shared.pagination import CursorQuery, LimitQuery, Page, decode_cursor, encode_cursor
from shared.responses import FastJSON

router = APIRouter(prefix="/companies", tags=["companies"])
EditorDep = require_roles(*access.EDITORS)


class CompanyPage(Page[CompanyRead]):
    """A page of companies, with facet counts when asked for."""

    facets: dict[str, list[dict[str, Any]]] | None = None


class SearchParams(BaseModel):
    """The search filters, shared by the list and the CSV export.

    One model, not twenty parameters: FastAPI validates a query model in one call instead
    of one per parameter (measured: 0.17 against 0.45 ms a request)."""

    q: str | None = Field(None, max_length=200, description="words in any script")
    kind: Literal["local", "international"] | None = None
    segment: list[str] = Field([], description="any of these segments")
    region: str | None = None
    city: str | None = None
    capability: list[str] = Field([], description="all of these capabilities")
    product_category: str | None = None
    certification_vendor: str | None = Field(None, max_length=200)
    certification_name: str | None = Field(None, max_length=300)
    verified_only: bool = False
    employees_min: int | None = Field(None, ge=0)
    employees_max: int | None = Field(None, ge=0)
    min_years_in_business: int | None = Field(None, ge=0, le=200)
    status: Literal["active", "inactive", "out_of_business"] | None = None
    in_scope: bool | None = None
    stale: bool | None = None
    cohort_id: uuid.UUID | None = None
    bin: str | None = Field(None, pattern=r"^\d{12}$")
    sort: search.Sort | None = None


async def search_query(params: Annotated[SearchParams, Query()]) -> search.SearchQuery:
    """The filters as the search service takes them (async: FastAPI runs a plain function
    dependency on a worker thread, a thread hop per search for nothing)."""
    return search.SearchQuery(**dict(params))


SearchQueryDep = Annotated[search.SearchQuery, Depends(search_query)]


@router.post(
    "",
    status_code=201,
    response_model=CompanyRead,
    response_model_exclude_unset=True,
    dependencies=[EditorDep],
)
async def create_company(
    body: CompanyCreate, session: SessionDep, principal: CurrentPrincipal, idem: IdempotencyDep
) -> Response:
    """Register a local or international company (a draft until staff publish it)."""
    company = await service.create(session, data=body, actor=Actor.of(principal))
    detail = (await service.details(session, [company.id]))[company.id]
    return await idem.respond(
        session,
        company_read(company, detail, full=True),
        headers={"Location": f"/companies/{company.id}", "ETag": etag(company.version)},
    )


@router.get("", response_model=CompanyPage, response_class=FastJSON)
async def list_companies(
    query: SearchQueryDep,
    session: ReadSessionDep,
    principal: OptionalPrincipal,
    limit: LimitQuery = 20,
    cursor: CursorQuery = None,
    facets: Annotated[list[search.Facet], Query(description="facet counts to include")] = [],  # noqa: B006
) -> FastJSON:
    """Search companies: full text in Kazakh, Russian or English, filters, facets, sorting."""
    staff = access.sees_everything(principal)
    found, next_cursor = await search.search(
        session, query=query, viewer=principal, staff=staff, limit=limit, cursor=cursor
    )
    now = datetime.now(UTC)
    page: dict[str, Any] = {
        "items": [
            company_read(c, detail, full=access.sees_full_profile(principal, c), now=now)
            for c, detail in found
        ],
        "next_cursor": next_cursor,
    }
    if facets:
        page["facets"] = await search.facets(
            session, query=query, viewer=principal, staff=staff, names=list(dict.fromkeys(facets))
        )
    return FastJSON(page)


@router.get("/{company_id}", response_model=CompanyRead, response_model_exclude_unset=True)
async def get_company(
    company_id: uuid.UUID, session: ReadSessionDep, principal: OptionalPrincipal, response: Response
) -> dict[str, Any]:
    """One company profile; its ETag is what a later update must send in If-Match."""
    company, detail = await service.get_with_details(session, company_id=company_id)
    access.ensure_visible(principal, company)
    response.headers["ETag"] = etag(company.version)
    return company_read(company, detail, full=access.sees_full_profile(principal, company))


@router.patch(
    "/{company_id}",
    response_model=CompanyRead,
    responses={412: {"description": "stale If-Match"}, 428: {}},
)
async def update_company(
    company_id: uuid.UUID,
    body: CompanyUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    """Change some fields of a profile (lists replace whole lists); needs If-Match."""
    company = await service.get(session, company_id=company_id, for_update=True)
    access.ensure_can_edit(principal, company)
    check_if_match(if_match, company.version)
    await service.update(session, company=company, data=body, actor=Actor.of(principal))
    return await _current(session, company, response, full=True)


@router.post("/{company_id}/publish", response_model=CompanyRead, response_model_exclude_unset=True)
async def publish_company(
    company_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    """Publish a reviewed draft (programme staff only); needs If-Match."""
    company = await service.get(session, company_id=company_id, for_update=True)
    access.ensure_editor(principal, company)
    check_if_match(if_match, company.version)
    await service.publish(session, company=company, actor=Actor.of(principal))
    return await _current(session, company, response, full=True)


@router.post("/{company_id}/verify", response_model=CompanyRead, response_model_exclude_unset=True)
async def verify_company(
    company_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> dict[str, Any]:
    """Confirm the profile is current (programme staff): not stale for another 12 months."""
    company = await service.get(session, company_id=company_id, for_update=True)
    access.ensure_editor(principal, company)
    await service.verify(session, company=company, actor=Actor.of(principal))
    return await _current(session, company, response, full=True)


@router.post("/{company_id}/status", response_model=CompanyRead, response_model_exclude_unset=True)
async def change_status(
    company_id: uuid.UUID,
    body: StatusChange,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    """Mark a company active, inactive or out of business (programme staff); needs If-Match."""
    company = await service.get(session, company_id=company_id, for_update=True)
    access.ensure_editor(principal, company)
    check_if_match(if_match, company.version)
    await service.change_status(
        session, company=company, status=body.status, actor=Actor.of(principal), reason=body.reason
    )
    return await _current(session, company, response, full=True)


@router.get("/{company_id}/history", response_model=Page[CompanyChangeRead])
async def company_history(
    company_id: uuid.UUID,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> dict[str, Any]:
    """Every change to the profile, newest first: who, when, before and after."""
    company = await service.get(session, company_id=company_id)
    access.ensure_full_view(principal, company)
    position = decode_cursor(cursor, expect={"before_version"})
    changes = await service.history(
        session,
        company_id=company_id,
        limit=limit + 1,
        before_version=int(position["before_version"]) if position else None,
    )
    more = len(changes) > limit
    changes = changes[:limit]
    return {
        "items": changes,
        "next_cursor": encode_cursor({"before_version": changes[-1].version}) if more else None,
    }


async def _current(session: Any, company: Any, response: Response, *, full: bool) -> dict[str, Any]:
    detail = (await service.details(session, [company.id]))[company.id]
    response.headers["ETag"] = etag(company.version)
    return company_read(company, detail, full=full)
