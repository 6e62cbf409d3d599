"""Company search: full text in any script, filters, facets, sorting and keyset pages.

The text match runs on each engine's own machinery over the same transliteration skeleton:
FTS5 (bm25) on SQLite, a tsvector GIN index (ts_rank) on PostgreSQL. Both take every query
term as a prefix and require all of them, so both engines return the same companies.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from registry.company.models import (
    Company,
    CompanyCapability,
    CompanyCertification,
    CompanyProduct,
    CompanySearch,
    CompanySegment,
)
from registry.company.service import STALE_AFTER, key
from registry.programme.models import ProgrammeParticipation, VerifiedCertification
from registry.transliteration import terms
from shared.auth import Principal
from shared.errors import Forbidden, InvalidInput
from shared.pagination import InvalidCursor, decode_cursor, encode_cursor

Sort = Literal["relevance", "name", "size", "updated"]
Facet = Literal["kind", "segment", "region", "capability", "product_category", "status", "in_scope"]
MAX_TERMS = 12


@dataclass
class SearchQuery:
    q: str | None = None
    kind: str | None = None
    segment: list[str] = field(default_factory=list)
    region: str | None = None
    city: str | None = None
    capability: list[str] = field(default_factory=list)
    product_category: str | None = None
    certification_vendor: str | None = None
    certification_name: str | None = None
    verified_only: bool = False
    employees_min: int | None = None
    employees_max: int | None = None
    min_years_in_business: int | None = None
    status: str | None = None
    in_scope: bool | None = None
    stale: bool | None = None
    cohort_id: uuid.UUID | None = None
    bin: str | None = None
    sort: Sort | None = None

    @property
    def effective_sort(self) -> Sort:
        return self.sort or ("relevance" if self.q else "name")


def _visibility(viewer: Principal | None, staff: bool) -> sa.ColumnElement[bool] | None:
    published = col(Company.publication) == "published"
    if viewer is None:
        return sa.and_(published, col(Company.kind) == "local")
    if staff:
        return None
    if viewer.company_id is not None:
        return sa.or_(published, col(Company.id) == viewer.company_id)
    return published


def _conditions(
    query: SearchQuery, viewer: Principal | None, staff: bool
) -> list[sa.ColumnElement[bool]]:
    c: list[sa.ColumnElement[bool]] = []
    if (visibility := _visibility(viewer, staff)) is not None:
        c.append(visibility)
    if query.kind:
        c.append(col(Company.kind) == query.kind)
    if query.bin:
        c.append(col(Company.bin) == query.bin)
    if query.segment:
        c.append(
            sa.exists().where(
                col(CompanySegment.company_id) == Company.id,
                col(CompanySegment.segment).in_(query.segment),
            )
        )
    if query.region:
        c.append(col(Company.region) == query.region)
    if query.city:
        c.append(col(Company.city) == query.city)
    for capability in query.capability:  # every listed capability is required
        c.append(
            sa.exists().where(
                col(CompanyCapability.company_id) == Company.id,
                col(CompanyCapability.capability) == capability,
            )
        )
    if query.product_category:
        c.append(
            sa.exists().where(
                col(CompanyProduct.company_id) == Company.id,
                col(CompanyProduct.category) == query.product_category,
            )
        )
    if query.certification_vendor or query.certification_name:
        c.append(_certification_condition(query))
    if query.employees_min is not None:
        c.append(col(Company.employees) >= query.employees_min)
    if query.employees_max is not None:
        c.append(col(Company.employees) <= query.employees_max)
    if query.min_years_in_business is not None:
        c.append(col(Company.founded_on) <= _years_ago(query.min_years_in_business))
    if query.status:
        c.append(col(Company.status) == query.status)
    if query.in_scope is not None:
        c.append(col(Company.in_scope) == query.in_scope)
    if query.stale is not None:
        cutoff = datetime.now(UTC) - STALE_AFTER
        fresh = col(Company.last_verified_at) >= cutoff
        c.append(sa.not_(fresh) | col(Company.last_verified_at).is_(None) if query.stale else fresh)
    if query.cohort_id is not None:
        if not staff:
            raise Forbidden("Programme participation is visible to programme staff only.")
        c.append(
            sa.exists().where(
                col(ProgrammeParticipation.company_id) == Company.id,
                col(ProgrammeParticipation.cohort_id) == query.cohort_id,
            )
        )
    return c


def _certification_condition(query: SearchQuery) -> sa.ColumnElement[bool]:
    verified = [
        col(VerifiedCertification.company_id) == Company.id,
        col(VerifiedCertification.revoked_at).is_(None),
    ]
    declared = [col(CompanyCertification.company_id) == Company.id]
    if query.certification_vendor:
        vendor = key(query.certification_vendor)
        verified.append(col(VerifiedCertification.vendor_key) == vendor)
        declared.append(col(CompanyCertification.vendor_key) == vendor)
    if query.certification_name:
        name = key(query.certification_name)
        verified.append(col(VerifiedCertification.certification_key).startswith(name))
        declared.append(col(CompanyCertification.name_key).startswith(name))
    condition = sa.exists().where(*verified)
    return condition if query.verified_only else condition | sa.exists().where(*declared)


def _years_ago(years: int) -> date:
    today = datetime.now(UTC).date()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _text_match(dialect: str, q: str) -> sa.Subquery:
    """(company_id, rank) of companies matching every term of ``q``; lower rank is better."""
    words = terms(q)[:MAX_TERMS]
    if not words:
        raise InvalidInput("q", "the query has no searchable letters or digits", where="query")
    if dialect == "sqlite":
        fts = sa.table("company_fts", sa.column("rowid"))
        expression = " ".join(f'"{w}"*' for w in words)
        statement = (
            sa.select(
                col(CompanySearch.company_id).label("company_id"),
                sa.literal_column("bm25(company_fts)").label("rank"),
            )
            .select_from(CompanySearch)
            .join(fts, fts.c.rowid == col(CompanySearch.rowid))
            .where(sa.text("company_fts MATCH :fts_query").bindparams(fts_query=expression))
        )
    else:
        # The query text goes into the SQL as a literal (it is skeleton words, [a-z0-9] only):
        # as a bound parameter, PostgreSQL switches a prepared statement to a generic plan
        # after five runs, one that cannot tell "kazakh" (2 % of companies) from "systems"
        # (55 %), and broad words then take two to three times as long.
        text = sa.literal(" & ".join(f"{w}:*" for w in words), literal_execute=True)
        tsquery = sa.func.to_tsquery("simple", text)
        vector = sa.literal_column("company_search.document_tsv")
        statement = sa.select(
            col(CompanySearch.company_id).label("company_id"),
            (-sa.func.ts_rank(vector, tsquery)).label("rank"),
        ).where(vector.op("@@")(tsquery))
    return statement.subquery("text_match")


def _base(
    session: AsyncSession, query: SearchQuery, viewer: Principal | None, staff: bool
) -> tuple[sa.Select[Any], sa.ColumnElement[Any] | None]:
    statement = select(Company)
    rank = None
    if query.q:
        match = _text_match(session.bind.dialect.name, query.q)
        statement = statement.join(match, match.c.company_id == Company.id)
        rank = match.c.rank
        statement = statement.add_columns(rank)
    elif query.sort == "relevance":
        raise InvalidInput("sort", "relevance needs a text query q", where="query")
    return statement.where(*_conditions(query, viewer, staff)), rank


_SIZE = sa.func.coalesce(col(Company.employees), -1)


async def search(
    session: AsyncSession,
    *,
    query: SearchQuery,
    viewer: Principal | None,
    staff: bool,
    limit: int,
    cursor: str | None,
) -> tuple[list[Company], str | None]:
    """One page of matching companies and the cursor of the next page (None at the end)."""
    statement, rank = _base(session, query, viewer, staff)
    sort = query.effective_sort
    position = decode_cursor(cursor, expect={"s", "v", "id"} if sort != "relevance" else {"s", "o"})
    if position is not None and position["s"] != sort:
        raise InvalidCursor()  # a cursor from another sort order
    offset = 0
    if sort == "relevance":
        assert rank is not None
        statement = statement.order_by(rank, col(Company.name_key), col(Company.id))
        offset = int(position["o"]) if position else 0
        statement = statement.offset(offset)
    else:
        statement = _keyset(statement, sort, position)
    rows = (await session.execute(statement.limit(limit + 1))).all()
    companies = [row[0] for row in rows[:limit]]
    if len(rows) <= limit:
        return companies, None
    last = companies[-1]
    if sort == "relevance":
        return companies, encode_cursor({"s": sort, "o": offset + limit})
    value: Any = {
        "name": last.name_key,
        "size": last.employees if last.employees is not None else -1,
        "updated": last.updated_at.isoformat(),
    }[sort]
    return companies, encode_cursor({"s": sort, "v": value, "id": last.id.hex})


def _keyset(
    statement: sa.Select[Any], sort: Sort, position: dict[str, Any] | None
) -> sa.Select[Any]:
    column: sa.ColumnElement[Any] = {
        "name": col(Company.name_key),
        "size": _SIZE,
        "updated": col(Company.updated_at),
    }[sort]
    ascending = sort == "name"
    statement = statement.order_by(column.asc() if ascending else column.desc(), col(Company.id))
    if position is None:
        return statement
    try:
        value: Any = position["v"]
        if sort == "updated":
            value = datetime.fromisoformat(value)
        elif sort == "size":
            value = int(value)
        last_id = uuid.UUID(hex=position["id"])
    except (TypeError, ValueError):
        raise InvalidCursor() from None
    beyond = column > value if ascending else column < value
    return statement.where(sa.or_(beyond, sa.and_(column == value, col(Company.id) > last_id)))


async def facets(
    session: AsyncSession,
    *,
    query: SearchQuery,
    viewer: Principal | None,
    staff: bool,
    names: list[str],
) -> dict[str, list[dict[str, Any]]]:
    """Counts of matching companies per value of each requested facet."""
    statement, _ = _base(session, query, viewer, staff)
    ids = statement.with_only_columns(col(Company.id)).subquery("matching")
    result: dict[str, list[dict[str, Any]]] = {}
    for name in names:
        if name in ("kind", "region", "status", "in_scope"):
            column = getattr(Company, name)
            counts = (
                sa.select(column, sa.func.count())
                .where(col(Company.id).in_(sa.select(ids)))
                .group_by(column)
            )
        else:
            table, column = {
                "segment": (CompanySegment, CompanySegment.segment),
                "capability": (CompanyCapability, CompanyCapability.capability),
                "product_category": (CompanyProduct, CompanyProduct.category),
            }[name]
            counts = (
                sa.select(column, sa.func.count(sa.distinct(table.company_id)))
                .where(col(table.company_id).in_(sa.select(ids)))
                .group_by(column)
            )
        rows = (await session.execute(counts)).all()
        result[name] = sorted(
            ({"value": v, "count": n} for v, n in rows if v is not None),
            key=lambda item: (-item["count"], str(item["value"])),
        )
    return result
