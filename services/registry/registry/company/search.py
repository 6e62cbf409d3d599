"""Company search: full text in any script, filters, facets, sorting and keyset pages.

The text match runs on each engine's own machinery over the same transliteration skeleton:
FTS5 on SQLite, a tsvector GIN index on PostgreSQL. Both take every query term as a prefix
and require all of them, and relevance is an order both can deliver from an index (name
matches first, then the rest, each in registration order), so both engines return the same
companies in the same order.
"""

from __future__ import annotations

import functools
import json
import re
import time
import uuid
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from registry.company import totals
from registry.company.document import code
from registry.company.models import (
    Company,
    CompanyCapability,
    CompanyCertification,
    CompanyListing,
    CompanyProduct,
    CompanySearch,
    CompanySegment,
)
from registry.company.queries import STALE_AFTER, Details, details, details_of, key
from registry.messages import MESSAGES
from registry.participation.models import ProgrammeParticipation, VerifiedCertification, valid_on
from registry.transliteration import terms
from shared.auth import Principal
from shared.errors import Forbidden, InvalidInput
from shared.i18n import message
from shared.pagination import InvalidCursor, decode_cursor, encode_cursor

# Core columns, not the ORM's attributes: a search builds its statement on every request,
# and the ORM comparator layer made up a tenth of a search's CPU
COMPANY: sa.Table = Company.__table__  # type: ignore[assignment]
SEGMENT: sa.Table = CompanySegment.__table__  # type: ignore[assignment]
CAPABILITY: sa.Table = CompanyCapability.__table__  # type: ignore[assignment]
PRODUCT: sa.Table = CompanyProduct.__table__  # type: ignore[assignment]
CERTIFICATION: sa.Table = CompanyCertification.__table__  # type: ignore[assignment]
SEARCH: sa.Table = CompanySearch.__table__  # type: ignore[assignment]
LISTING: sa.Table = CompanyListing.__table__  # type: ignore[assignment]
# a page's details: the company's child lists, kept ready to read (refresh_details)
DETAILS = LISTING.c.lists
PARTICIPATION: sa.Table = ProgrammeParticipation.__table__  # type: ignore[assignment]
VERIFIED: sa.Table = VerifiedCertification.__table__  # type: ignore[assignment]

# A company as a search reads it: a Core row with the company table's columns (what the
# presenters read of a Company), not an ORM instance: cheaper by a page of instances.
CompanyRow = sa.Row[Any]
# a search result: the company and its details, read in the same statement (DETAILS)
Found = tuple[CompanyRow, Details]
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
    today: date | None = None
    """The day a verified certification must still be valid on (``expires_on`` on or after
    it); None: today, in UTC. Not a search parameter: tests and benchmarks pass a day in."""

    @property
    def effective_today(self) -> date:
        return self.today or datetime.now(UTC).date()

    @property
    def effective_sort(self) -> Sort:
        return self.sort or ("relevance" if self.q else "name")


def _visibility(viewer: Principal | None, staff: bool) -> sa.ColumnElement[bool] | None:
    published = COMPANY.c.publication == "published"
    if viewer is None:
        return sa.and_(published, COMPANY.c.kind == "local")
    if staff:
        return None
    if viewer.company_id is not None:
        return sa.or_(published, COMPANY.c.id == viewer.company_id)
    return published


@dataclass(frozen=True)
class Probes:
    """How filters on a company's child rows (capability, segment, ...) are written.

    ``company_id`` is the column they correlate with: a relevance page reads the search
    table's id before the company row, so probing with it skips the company lookups of
    rows the filter drops (a capability one company in ten holds: 200 lookups a page become
    20). ``fenced`` (``OFFSET 0``) keeps PostgreSQL from turning a probe into a semi-join,
    which its planner places after the company join; fenced, it is checked where the id is
    read. Unfenced is right where many rows are counted (facets): there a join is cheaper.
    """

    company_id: sa.ColumnElement[Any] = COMPANY.c.id
    fenced: bool = False
    listed: bool = False
    """``company_id IN (the child rows' ids)`` instead of a correlated EXISTS: a count without
    words reads every company its filters find, and SQLite then reads a rare capability's few
    rows from its index instead of probing it once per company (measured at 20,000
    companies, ``COUNT_EXACTLY_UP_TO``)."""

    def exists(self, table: sa.Table, *where: sa.ColumnElement[bool]) -> Any:
        if self.listed:
            return self.company_id.in_(sa.select(table.c.company_id).where(*where))
        statement = (
            sa.select(sa.literal_column("1"))
            .select_from(table)
            .where(table.c.company_id == self.company_id, *where)
        )
        return (statement.offset(0) if self.fenced else statement).exists()


def _conditions(
    query: SearchQuery,
    viewer: Principal | None,
    staff: bool,
    probes: Probes = Probes(),
    *,
    coded: bool = False,
) -> list[sa.ColumnElement[bool]]:
    """The query's filters; ``coded``: the text match checks the filing codes (``Codes``)."""
    c: list[sa.ColumnElement[bool]] = []
    if (visibility := _visibility(viewer, staff)) is not None:
        c.append(visibility)
    if query.kind:
        c.append(COMPANY.c.kind == query.kind)
    if query.bin:
        c.append(COMPANY.c.bin == query.bin)
    if query.segment and not coded:
        c.append(probes.exists(SEGMENT, SEGMENT.c.segment.in_(query.segment)))
    if query.region and not coded:
        c.append(COMPANY.c.region == query.region)
    if query.city:
        c.append(COMPANY.c.city == query.city)
    for capability in [] if coded else query.capability:  # every one listed is required
        c.append(probes.exists(CAPABILITY, CAPABILITY.c.capability == capability))
    if query.product_category and not coded:
        c.append(probes.exists(PRODUCT, PRODUCT.c.category == query.product_category))
    if query.certification_vendor or query.certification_name or query.verified_only:
        c.append(_certification_condition(query, probes))
    if query.employees_min is not None:
        c.append(COMPANY.c.employees >= query.employees_min)
    if query.employees_max is not None:
        c.append(COMPANY.c.employees <= query.employees_max)
    if query.min_years_in_business is not None:
        c.append(COMPANY.c.founded_on <= _years_ago(query.min_years_in_business))
    if query.status:
        c.append(COMPANY.c.status == query.status)
    if query.in_scope is not None:
        c.append(COMPANY.c.in_scope == query.in_scope)
    if query.stale is not None:  # queries.is_stale: published and not verified for a year
        cutoff = datetime.now(UTC) - STALE_AFTER
        published = COMPANY.c.publication == "published"
        stale = published & (
            COMPANY.c.last_verified_at.is_(None) | (COMPANY.c.last_verified_at < cutoff)
        )
        c.append(stale if query.stale else sa.not_(stale))
    if query.cohort_id is not None:
        if not staff:
            raise Forbidden(message(MESSAGES["participation_staff_only"]))
        c.append(probes.exists(PARTICIPATION, PARTICIPATION.c.cohort_id == query.cohort_id))
    return c


def _certification_condition(query: SearchQuery, probes: Probes) -> sa.ColumnElement[bool]:
    # checked on the table, not the listing (which keeps expired ones)
    verified = [valid_on(query.effective_today)]
    declared = []
    if query.certification_vendor:
        vendor = key(query.certification_vendor)
        verified.append(VERIFIED.c.vendor_key == vendor)
        declared.append(CERTIFICATION.c.vendor_key == vendor)
    if query.certification_name:
        name = key(query.certification_name)
        verified.append(VERIFIED.c.certification_key.startswith(name))
        declared.append(CERTIFICATION.c.name_key.startswith(name))
    condition = probes.exists(VERIFIED, *verified)
    return condition if query.verified_only else condition | probes.exists(CERTIFICATION, *declared)


def _years_ago(years: int) -> date:
    today = datetime.now(UTC).date()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


# The filters a company's filing codes answer (service.filing_codes): a conjunction of
# groups, each a disjunction of codes (the segments listed: any of them).
Codes = tuple[tuple[str, ...], ...]
_CODE = re.compile(r"[a-z0-9_]+")


def filter_codes(query: SearchQuery, dialect: str) -> Codes | None:
    """The query's coded filters, for PostgreSQL's ``codes_tsv``; None without words (the
    codes are checked with them, ``TextMatch``), without such filters, or with one that is
    not a code (it can match nothing; the probes say so without a tsquery)."""
    values = [*query.segment, *query.capability, query.region, query.product_category]
    given = [v for v in values if v is not None]
    if dialect != "postgresql" or not query.q or not given:
        return None
    if not all(_CODE.fullmatch(v) for v in given):
        return None
    groups = [tuple(code("segment", s) for s in query.segment)] if query.segment else []
    if query.region:
        groups.append((code("region", query.region),))
    groups += [(code("capability", c),) for c in query.capability]
    if query.product_category:
        groups.append((code("product_category", query.product_category),))
    return tuple(groups)


TextPart = Literal["all", "names", "rest"]
# SQLite: above this many text matches a page is read in its own order, stopping at its last
# row; below it, the matches are read first and sorted (see _page and _relevance_page).
ORDERED_SCAN_FROM = 2000


@dataclass(frozen=True)
class TextMatch:
    """Every word of ``q`` as a prefix, in part of the search document: ``names`` (the names
    in every language), ``rest`` (matches that are not name matches) or ``all``; and, on
    PostgreSQL, the filing ``codes`` the filters require (None: the caller checks them)."""

    words: tuple[str, ...]
    part: TextPart = "all"
    codes: Codes | None = None

    @classmethod
    def of(cls, q: str, part: TextPart = "all", codes: Codes | None = None) -> TextMatch:
        words = tuple(terms(q)[:MAX_TERMS])
        if not words:
            raise InvalidInput("q", message(MESSAGES["query_no_letters"]), where="query")
        return cls(words, part, codes)

    def fts5(self) -> str:
        """The FTS5 query: ``{names}`` limits it to the names column."""
        every = " AND ".join(f'"{w}"*' for w in self.words)
        names = f"{{names}} : ({every})"
        return {"all": every, "names": names, "rest": f"({every}) NOT {names}"}[self.part]

    def condition(self, dialect: str) -> sa.ColumnElement[bool]:
        """True for the ``company_search`` rows that match."""
        if dialect == "sqlite":
            return SEARCH.c.rowid.in_(self.fts5_rowids())
        # The words and codes go into the SQL as literals (skeleton words, [a-z0-9] only;
        # codes, [a-z0-9_=]): as bound parameters, PostgreSQL switches a prepared statement to
        # a generic plan after five runs, one that cannot tell "kazakh" (2 % of companies)
        # from "systems" (55 %). One SQL fragment, not a tree of operators: building those
        # took a fifth of a search's Python.
        words = "company_search.{}_tsv @@ to_tsquery('simple'::regconfig, :words)"
        sql = {
            "all": words.format("document"),
            "names": words.format("names"),
            "rest": f"{words.format('document')} AND NOT {words.format('names')}",
        }[self.part]
        query = " & ".join(f"{w}:*" for w in self.words)
        binds = [sa.bindparam("words", query, literal_execute=True)]
        if self.codes:
            sql += " AND company_search.codes_tsv @@ CAST(:codes AS tsquery)"
            codes = " & ".join(f"({' | '.join(group)})" for group in self.codes)
            binds.append(sa.bindparam("codes", codes, literal_execute=True))
        return sa.text(f"({sql})").bindparams(*binds)

    def fts5_rowids(self, first: int | None = None) -> sa.Select[Any]:
        """SQLite: the matching rowids, in rowid order (FTS5 keeps its lists so)."""
        rowids = sa.select(FTS.c.rowid).where(
            sa.text("company_fts MATCH :fts_query").bindparams(fts_query=self.fts5())
        )
        return rowids if first is None else rowids.order_by(FTS.c.rowid).limit(first)

    async def matches(self, session: AsyncSession) -> int:
        """How many companies the words match, whatever the filters: PostgreSQL's planner
        estimates (``_matches``); SQLite's FTS5 counts them in C (1-2 ms at 20,000 companies,
        a good part of a page), remembered a minute as the estimates are: the count only
        decides between reading in index order or sorting, and between an exact total and an
        estimate; either way the rows returned are read anew."""
        if session.bind.dialect.name == "postgresql":
            return await self._matches(session)
        key = (session.bind.url, "words", self.words)
        if (known := _COUNTS.get(key)) is not None:
            return known
        statement = sa.select(sa.func.count()).select_from(self.fts5_rowids().subquery())
        return _COUNTS.put(key, int((await session.execute(statement)).scalar() or 0))

    async def many(self, session: AsyncSession, above: int = ORDERED_SCAN_FROM) -> bool:
        """SQLite: more than ``above`` matches, whatever the filters?"""
        return await self.matches(session) > above

    async def walk_pays(self, session: AsyncSession, count: int) -> bool:
        """PostgreSQL: is walking the search table in rowid order until ``count`` rows match
        cheaper than reading every match of the words and sorting them?

        The walk takes about ``count`` × table rows ÷ matches steps, each a fraction
        (WALK_STEP_COST) of reading a match: a small one in the names, which the covering
        index holds with the codes, a larger one where the document must be read from the
        table. Reading the matches takes one table row per match of the words alone: the
        codes have no index of their own, since a code a third of the registry shares made a
        bitmap that cost more than it saved. The counts are the planner's estimates (counting
        would read up to that many rows)."""
        matches = await self._matches(session)
        words = matches if self.codes is None else await replace(self, codes=None)._matches(session)
        rows = await _planned_rows(
            session, "table", lambda: sa.select(sa.literal(1)).select_from(SEARCH)
        )
        return count * rows * WALK_STEP_COST[self.part] < max(matches, 1) * words

    async def _matches(self, session: AsyncSession) -> int:
        if self.part == "rest":  # the planner takes "not in the names" as independent of it
            every = await replace(self, part="all")._matches(session)
            return every - await replace(self, part="names")._matches(session)
        return await _planned_rows(
            session,
            (self.words, self.part, self.codes),
            lambda: (
                sa.select(sa.literal(1)).select_from(SEARCH).where(self.condition("postgresql"))
            ),
        )


# PostgreSQL: a step of the walk costs about this share of reading a match (a table row
# fetched by a bitmap, then sorted): in the names an index-only step, elsewhere a table row
# in order. Measured at 100,000 companies (docs/performance-registry.md): about 0.3 µs a step
# in the names, 0.7 µs elsewhere, 1.5 µs a match read.
WALK_STEP_COST: dict[TextPart, float] = {"names": 0.2, "all": 0.5, "rest": 0.5}


async def _planned_rows(
    session: AsyncSession, key: Any, statement: Callable[[], sa.Select[Any]]
) -> int:
    """The planner's row estimate for ``statement()``, remembered a while under ``key``: it
    changes only when statistics do, and asking costs a round trip and a compile. A stale one
    can only pick the slower of two plans that return the same rows."""
    key = (session.bind.url, key)  # the URL itself: rendering it as text cost more
    if (known := _ESTIMATES.get(key)) is not None:
        return known
    compiled = statement().compile(
        dialect=session.bind.dialect, compile_kwargs={"literal_binds": True}
    )
    plan = (await session.execute(sa.text(f"EXPLAIN (FORMAT JSON) {compiled}"))).scalar()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return _ESTIMATES.put(key, int(plan[0]["Plan"]["Plan Rows"]))


ESTIMATES_KEPT = 10_000
ESTIMATE_SECONDS = 60.0


class _Recent:
    """Row counts remembered ESTIMATE_SECONDS, at most ESTIMATES_KEPT of them (the one asked
    longest ago goes first)."""

    def __init__(self) -> None:
        self._known: dict[Hashable, tuple[float, int]] = {}

    def get(self, key: Hashable) -> int | None:
        known = self._known.get(key)
        return known[1] if known and time.monotonic() - known[0] < ESTIMATE_SECONDS else None

    def put(self, key: Hashable, rows: int) -> int:
        self._known.pop(key, None)  # re-inserted last: the dict stays in order of asking
        if len(self._known) >= ESTIMATES_KEPT:
            self._known.pop(next(iter(self._known)))
        self._known[key] = (time.monotonic(), rows)
        return rows

    def clear(self) -> None:
        self._known.clear()


# PostgreSQL's row estimates per (database, what). A bulk import's ANALYZE forgets them
# (forget_estimates); other processes catch up within a minute.
_ESTIMATES = _Recent()


def forget_estimates() -> None:
    _ESTIMATES.clear()
    _COUNTS.clear()
    totals.forget()


FTS = sa.table("company_fts", sa.column("rowid"))


def _opaque(conditions: list[sa.ColumnElement[bool]]) -> list[sa.ColumnElement[bool]]:
    """The conditions as expressions SQLite's planner cannot split into index lookups: it
    then reads rows in the order an index or FTS5 delivers them and stops at the page's last
    row, instead of reading every company of a region and sorting them.

    Two of them, the company row's own columns and the child-row probes: SQLite checks each
    as soon as the columns it needs are read, so probes written for the search table's id
    run before the company row is (``Probes``).
    """
    probes = [c for c in conditions if isinstance(c, sa.Exists)]
    columns = [c for c in conditions if not isinstance(c, sa.Exists)]
    return [
        sa.func.coalesce(sa.and_(*part), False) == sa.true() for part in (columns, probes) if part
    ]


_SIZE = sa.func.coalesce(COMPANY.c.employees, -1)
# sorts an index delivers in order (ORDER BY sort column, id): an ordered scan can stop early
_INDEXED_SORTS = {"name", "updated"}
TIERS: tuple[TextPart, ...] = ("names", "rest")


@dataclass(frozen=True)
class Results:
    """A page of a search: the companies with their details, the next page's cursor (None
    at the end), and how many companies match (``count``)."""

    items: list[Found]
    next_cursor: str | None
    total: int
    total_is_exact: bool


async def search(
    *,
    session: AsyncSession,
    query: SearchQuery,
    viewer: Principal | None,
    staff: bool,
    limit: int,
    cursor: str | None,
) -> Results:
    """One page of matching companies with their details, the cursor of the next page and
    the total.

    Relevance is "the names match, then anything else matches", in registration order
    within each tier: the text index delivers a page of that and stops at its last row,
    instead of ranking every match (a common word matches half the registry), and both
    engines agree on the order. That order is not ``shared.pagination.keyset``'s (created_at,
    id): its cursor holds the tier and the search row's position instead.

    The total is counted on the first page only and carried in the cursor to the next ones,
    so paging costs what it did; a first page that is not full is its own exact total.
    """
    begun = totals.generation()  # before the first read: see totals
    sort = query.effective_sort
    codes = filter_codes(query, session.bind.dialect.name)
    if sort != "relevance":
        conditions = _conditions(query, viewer, staff, coded=codes is not None)
        text = TextMatch.of(query.q, codes=codes) if query.q else None
        position = _position(cursor, sort, {"s", "v", "id", "n", "x"})
        rows = await _page(session, conditions, text, sort, position, limit + 1)
        total = await _total(session, query, viewer, staff, position, len(rows), limit, begun)
        return Results(
            await _with_details(session, rows[:limit]),
            _next_cursor(rows, limit, sort, total),
            *total,
        )
    if not query.q:
        raise InvalidInput("sort", message(MESSAGES["relevance_needs_q"]), where="query")
    position = _position(cursor, sort, {"s", "t", "r", "n", "x"})
    first, after = 0, 0
    if position is not None:
        first, after = position["t"], position["r"]
        if first not in range(len(TIERS)) or not isinstance(after, int) or after < 0:
            raise InvalidCursor()
    found: list[tuple[int, int, CompanyRow]] = []
    conditions = functools.partial(_conditions, query, viewer, staff, coded=codes is not None)
    shape = _shape(query, viewer, staff)
    for tier in range(first, len(TIERS)):
        text = TextMatch.of(query.q, TIERS[tier], codes)
        rows = await _relevance_page(
            session,
            conditions,
            text,
            after if tier == first else 0,
            limit + 1 - len(found),
            shape,
        )
        found += [(tier, rowid, company) for rowid, company in rows]
        if len(found) > limit:
            break
    total = await _total(session, query, viewer, staff, position, len(found), limit, begun)
    companies = await _with_details(session, [company for _, _, company in found[:limit]])
    if len(found) <= limit:
        return Results(companies, None, *total)
    tier, rowid, _ = found[limit - 1]
    next_cursor = encode_cursor({"s": sort, "t": tier, "r": rowid, "n": total[0], "x": total[1]})
    return Results(companies, next_cursor, *total)


# Up to this many matches a search's total is counted exactly: one more statement on the
# first page, reading at most this many ids plus one from the indexes the page reads (later
# pages carry the total in their cursor). Above it, counting every match of a broad search
# (half the registry for a common word) would cost more than the page, so the total is an
# estimate: PostgreSQL's planner's row estimate of the search (remembered a minute, like the
# relevance walk's); on SQLite, which has no row estimates for a full-text match, a sample of
# the words' matches scaled up, or without words a full count, remembered a minute (``count``,
# ``_estimate``). ``total_is_exact`` says which the client got.
# Measured in-process on SQLite at 20,000 companies (the machine under a load of ~8 on two
# cores, so read the ratios): the capped count took 0.9-8 ms where the page it goes with
# took 1.4-16 ms; a minute's first full count of a broad search 8-56 ms. The benchmark at
# 100,000 companies, re-run with it, found three costs since removed (docs/performance-registry.md).
COUNT_EXACTLY_UP_TO = 1000
# how a count without words writes the child-row filters (Probes.listed); PostgreSQL plans
# either as a join
_COUNT_PROBES = {"sqlite": Probes(listed=True), "postgresql": Probes()}
# With words, a total is counted exactly only where the words alone match at most this many
# companies: the count then reads no more rows than that, driven by the text index.
WORDS_COUNTED_UP_TO = 2000
# SQLite: above it, the share of the first this many matches the filters let through, scaled
# up (a share of 10 % is then known to about 10 %). In-process at 20,000 companies, the
# sample's count took 2 ms a thousand matches, the words' own count 1-2 ms, the page 3-6 ms.
ESTIMATE_SAMPLE = 1000


async def _total(
    session: AsyncSession,
    query: SearchQuery,
    viewer: Principal | None,
    staff: bool,
    position: dict[str, Any] | None,
    found: int,
    limit: int,
    begun: int,
) -> tuple[int, bool]:
    if position is not None:  # a later page: the total the first page counted
        total, exact = position["n"], position["x"]
        if not isinstance(total, int) or total < 0 or not isinstance(exact, bool):
            raise InvalidCursor()
        return total, exact
    if found <= limit:
        return found, True
    return await count(
        session=session, query=query, viewer=viewer, staff=staff, begun=begun, at_least=found
    )


async def count(
    *,
    session: AsyncSession,
    query: SearchQuery,
    viewer: Principal | None,
    staff: bool,
    begun: int | None = None,
    at_least: int = 0,
) -> tuple[int, bool]:
    """How many companies the query finds, and whether that was counted exactly.

    Exactly when a count reads few rows: up to COUNT_EXACTLY_UP_TO found, and with words only
    where the words alone match at most WORDS_COUNTED_UP_TO companies. A narrow search with a
    broad word would otherwise read every match of the word on every first page (``network``
    with ``custom_software`` at 100,000 companies: 748 found among 23,527 matches, 10-70 ms
    against a page's 2-5 ms, ``make bench-registry`` 2026-12-05); it is estimated instead
    (``_estimate``). ``at_least``: what the page already found (an estimate is never less).

    A search estimated within the minute gets its estimate straight away, and an exact total
    is remembered until the registry's next write (``totals``; ``begun``: the generation
    read before the search's first statement, now when not given)."""
    begun = totals.generation() if begun is None else begun
    dialect = session.bind.dialect.name
    asked = ("total", _asked(query, viewer, staff))
    remembered = _ESTIMATES if dialect == "postgresql" else _COUNTS
    if (estimate := remembered.get((session.bind.url, asked))) is not None:
        return max(estimate, at_least), False
    if (exact := totals.get((session.bind.url, asked))) is not None:
        return exact, True
    if query.q:
        words = await TextMatch.of(query.q).matches(session)
        if words > WORDS_COUNTED_UP_TO:
            return await _estimate(session, asked, query, viewer, staff, at_least, words), False
    if query.q and dialect == "sqlite":
        counted = await _scalar(session, _words_count(query, viewer, staff))
        totals.put((session.bind.url, asked), counted, begun)
        return counted, True
    capped = matching(dialect, query, viewer, staff, _COUNT_PROBES[dialect])
    capped = capped.limit(COUNT_EXACTLY_UP_TO + 1).subquery()
    counted = await _scalar(session, sa.select(sa.func.count()).select_from(capped))
    if counted <= COUNT_EXACTLY_UP_TO:
        totals.put((session.bind.url, asked), counted, begun)
        return counted, True
    # more than COUNT_EXACTLY_UP_TO were counted: an estimate is never fewer
    at_least = max(at_least, COUNT_EXACTLY_UP_TO + 1)
    return await _estimate(session, asked, query, viewer, staff, at_least), False


async def _estimate(
    session: AsyncSession,
    key: Hashable,
    query: SearchQuery,
    viewer: Principal | None,
    staff: bool,
    at_least: int,
    words: int | None = None,
) -> int:
    """An estimated total, no fewer than ``at_least`` (what is known to match), remembered
    ESTIMATE_SECONDS under ``key``.

    PostgreSQL: its planner's row estimate. SQLite has none for a full-text match: with words
    matching ``words`` companies, the first ESTIMATE_SAMPLE of them (registration order) are
    counted against the filters and the share scaled up; without words (filters the indexes
    answer), every match is counted."""
    dialect = session.bind.dialect.name
    if dialect == "postgresql":
        planned = await _planned_rows(session, key, lambda: matching(dialect, query, viewer, staff))
        return _ESTIMATES.put((session.bind.url, key), max(planned, at_least))  # as remembered
    if words is None:
        every = matching(dialect, query, viewer, staff, _COUNT_PROBES[dialect]).subquery()
        estimate = await _scalar(session, sa.select(sa.func.count()).select_from(every))
    else:
        found = await _scalar(session, _words_count(query, viewer, staff, ESTIMATE_SAMPLE))
        estimate = round(found * words / min(words, ESTIMATE_SAMPLE))
    return _COUNTS.put((session.bind.url, key), max(estimate, at_least))


def _words_count(
    query: SearchQuery, viewer: Principal | None, staff: bool, first: int | None = None
) -> sa.Select[Any]:
    """SQLite: how many of the words' matches (the ``first`` that many, in rowid order) the
    filters let through. Read as a relevance page reads (``_relevance_statement``): from the
    matches, each row's filters checked as it is read (``_opaque``), so a common capability
    or region cannot become the rows the count starts from (a count with a capability read
    from its side probed the search table once per listed company and matching row: 10 s a
    search at 100,000 companies, 2026-12-05)."""
    assert query.q is not None
    matches = TextMatch.of(query.q).fts5_rowids(first).subquery("text_match")
    conditions = _conditions(query, viewer, staff, Probes(SEARCH.c.company_id))
    return (
        sa.select(sa.func.count())
        .select_from(matches)
        .join(SEARCH, SEARCH.c.rowid == matches.c.rowid)
        .join(COMPANY, COMPANY.c.id == SEARCH.c.company_id)
        .where(*_opaque(conditions))
    )


async def _scalar(session: AsyncSession, statement: sa.Select[Any]) -> int:
    """A count's one value. On PostgreSQL every value is written into the SQL as a literal,
    as the text match's words are (TextMatch.condition): with parameters, PostgreSQL switches
    a prepared count to a generic plan after five runs, one that cannot see how few rows a
    narrow search reads; a "kazakh" count at 100,000 companies went from 13 ms to 100 ms on
    its sixth run (2026-12-05)."""
    executable: sa.Executable = statement
    if session.bind.dialect.name == "postgresql":
        compiled = statement.compile(
            dialect=session.bind.dialect, compile_kwargs={"literal_binds": True}
        )
        executable = sa.text(str(compiled))
    connection = await session.connection()
    return int((await connection.execute(executable)).scalar_one())


# SQLite's estimated totals per (database, query and viewer).
_COUNTS = _Recent()


async def _with_details(session: AsyncSession, rows: list[CompanyRow]) -> list[Found]:
    """Each row's Details, from its listing (``DETAILS``, the last column).

    A company without a listing row (none is, once registry_0007 ran; a safety net all the
    same) gets its Details read from the tables."""
    dialect = session.bind.dialect.name
    missing = [row.id for row in rows if row[-1] is None]
    read = await details(session=session, ids=missing) if missing else {}
    return [
        (row, read[row.id] if row[-1] is None else details_of(row[-1], dialect)) for row in rows
    ]


async def _relevance_page(
    session: AsyncSession,
    conditions: Callable[[Probes], list[sa.ColumnElement[bool]]],
    text: TextMatch,
    after: int,
    count: int,
    shape: Hashable | None,
) -> list[tuple[int, CompanyRow]]:
    """Up to ``count`` (search rowid, company) of one tier, in rowid order after ``after``.

    SQLite: FTS5 yields the matches in rowid order and the page stops at its last row, so
    a word in half the registry costs what a rare one does. PostgreSQL: where the walk pays
    (``TextMatch.walk_pays``), the search table's primary key or its covering index gives that
    order; elsewhere reading the matches first is cheaper, and safer: the planner assumes
    matches are spread evenly, and words tied to how and when companies were registered (a
    batch of foreign firms) are not.

    ``conditions`` writes the filters for the company id the page reads first (``Probes``);
    ``shape`` is what they are built from (``_shape``), None if they must be built anew.
    """
    if session.bind.dialect.name == "sqlite":
        path = "fts5"
    else:
        path = "walk" if await text.walk_pays(session, count) else "read"
    key = None if shape is None else (path, text, shape)
    statement = _memoized(key, lambda: _relevance_statement(path, text, conditions))
    rows = await _rows(session, statement, {"after": after, "count": count})
    return [(row.rowid, row) for row in rows]


def _relevance_statement(
    path: str, text: TextMatch, conditions: Callable[[Probes], list[sa.ColumnElement[bool]]]
) -> sa.Select[Any]:
    """A relevance page's statement, its first rowid and length bound at execution."""
    after = sa.bindparam("after", type_=sa.Integer())
    count = sa.bindparam("count", type_=sa.Integer())
    if path == "fts5":
        statement = (
            sa.select(SEARCH.c.rowid, COMPANY, DETAILS)
            .select_from(FTS)
            .join(SEARCH, SEARCH.c.rowid == FTS.c.rowid)
            .join(COMPANY, COMPANY.c.id == SEARCH.c.company_id)
            .outerjoin(LISTING, LISTING.c.company_id == COMPANY.c.id)
            .where(
                sa.text("company_fts MATCH :fts_query").bindparams(fts_query=text.fts5()),
                FTS.c.rowid > after,
                *_opaque(conditions(Probes(SEARCH.c.company_id))),
            )
            .order_by(FTS.c.rowid)
        )
    elif path == "walk":
        statement = (
            sa.select(SEARCH.c.rowid, COMPANY, DETAILS)
            .join(COMPANY, COMPANY.c.id == SEARCH.c.company_id)
            .outerjoin(LISTING, LISTING.c.company_id == COMPANY.c.id)
            .where(
                text.condition("postgresql"),
                SEARCH.c.rowid > after,
                *conditions(Probes(SEARCH.c.company_id, fenced=True)),
            )
            .order_by(SEARCH.c.rowid)
        )
    else:
        # The matches, sorted, behind a fence (OFFSET 0: the planner may not fold it into
        # the outer query and walk the primary key instead); the companies are then
        # joined in that order and the join stops at the page's last row, instead of
        # joining and filtering every match before sorting.
        matches = (
            sa.select(SEARCH.c.rowid, SEARCH.c.company_id)
            .where(text.condition("postgresql"), SEARCH.c.rowid > after)
            .order_by(SEARCH.c.rowid)
            .offset(0)
            .subquery("text_match")
        )
        statement = (
            sa.select(matches.c.rowid, COMPANY, DETAILS)
            .join(COMPANY, COMPANY.c.id == matches.c.company_id)
            .outerjoin(LISTING, LISTING.c.company_id == COMPANY.c.id)
            .where(*conditions(Probes(matches.c.company_id, fenced=True)))
            .order_by(matches.c.rowid)
        )
    return statement.limit(count)


def _shape(query: SearchQuery, viewer: Principal | None, staff: bool) -> Hashable | None:
    """Everything a relevance page's filters are built from: the query, what the viewer may
    see (``_visibility``) and the day ``min_years_in_business`` counts back from. None when
    a filter is relative to the moment (``stale``): those are built anew each time."""
    if query.stale is not None:
        return None
    return _asked(query, viewer, staff), datetime.now(UTC).date()


def _asked(query: SearchQuery, viewer: Principal | None, staff: bool) -> Hashable:
    """The query's fields and what the viewer may see (``_visibility``), as a memo's key."""
    scope = "anonymous" if viewer is None else "staff" if staff else viewer.company_id
    return tuple(tuple(v) if isinstance(v, list) else v for v in vars(query).values()), scope


def _memoized(key: Hashable | None, build: Callable[[], sa.Select[Any]]) -> sa.Select[Any]:
    """The statement built for ``key`` before, or a new one, remembered.

    Building a page's statement and its cache key took 150-280 µs of Python in a
    microbenchmark, and about 700 µs of a search's CPU in the server with the garbage it
    leaves; a search repeated or paged through (the cursor only moves ``after``) reuses it,
    and SQLAlchemy keeps a statement's cache key with it."""
    if key is None:
        return build()
    if (statement := _STATEMENTS.pop(key, None)) is None:
        statement = build()
        if len(_STATEMENTS) >= STATEMENTS_KEPT:
            _STATEMENTS.pop(next(iter(_STATEMENTS)))
    _STATEMENTS[key] = statement  # (re-)inserted last: the dict stays in order of use
    return statement


_STATEMENTS: dict[Hashable, sa.Select[Any]] = {}
STATEMENTS_KEPT = 256


def _position(cursor: str | None, sort: Sort, keys: set[str]) -> dict[str, Any] | None:
    position = decode_cursor(cursor, expect=keys)
    if position is not None and position["s"] != sort:
        raise InvalidCursor()  # a cursor from another sort order
    return position


def _next_cursor(
    rows: list[CompanyRow], limit: int, sort: Sort, total: tuple[int, bool]
) -> str | None:
    if len(rows) <= limit:
        return None
    last = rows[limit - 1]
    value: Any = {
        "name": last.name_key,
        "size": last.employees if last.employees is not None else -1,
        "updated": last.updated_at.isoformat(),
    }[sort]
    return encode_cursor({"s": sort, "v": value, "id": last.id.hex, "n": total[0], "x": total[1]})


async def _page(
    session: AsyncSession,
    conditions: list[sa.ColumnElement[bool]],
    text: TextMatch | None,
    sort: Sort,
    position: dict[str, Any] | None,
    count: int,
) -> list[CompanyRow]:
    """Up to ``count`` companies in ``sort`` order after ``position``.

    PostgreSQL's planner picks between reading the text matches and reading in sort order
    by itself (the tsquery is a literal it has statistics for). SQLite's cannot estimate an
    FTS5 match, so we choose: FTS5 counts the matches (cheap); many, and the companies are
    read in index order with every condition checked per row, stopping when the page is
    full; few, and the matches are read and sorted.
    """
    dialect = session.bind.dialect.name
    # outer: the company table stays the one the sort's index walks
    statement = sa.select(COMPANY, DETAILS).outerjoin(LISTING, LISTING.c.company_id == COMPANY.c.id)
    where = list(conditions)
    if text is not None:
        statement = statement.join(SEARCH, SEARCH.c.company_id == COMPANY.c.id)
        where.append(text.condition(dialect))
        if dialect == "sqlite" and sort in _INDEXED_SORTS and await text.many(session):
            where = _opaque(where)
    statement = _keyset(statement.where(*where), sort, position)
    return await _rows(session, statement.limit(count))


async def _rows(
    session: AsyncSession, statement: sa.Select[Any], values: dict[str, Any] | None = None
) -> list[CompanyRow]:
    """Executed on the session's connection, not through the session: the ORM's result
    layer cost a tenth of a search's Python for rows that are plain columns anyway."""
    connection = await session.connection()
    return list((await connection.execute(statement, values)).all())


def _keyset(
    statement: sa.Select[Any], sort: Sort, position: dict[str, Any] | None
) -> sa.Select[Any]:
    column: sa.ColumnElement[Any] = {
        "name": COMPANY.c.name_key,
        "size": _SIZE,
        "updated": COMPANY.c.updated_at,
    }[sort]
    ascending = sort == "name"
    statement = statement.order_by(column.asc() if ascending else column.desc(), COMPANY.c.id)
    if position is None:
        return statement
    try:
        value: Any = position["v"]
        if sort == "updated":
            value = datetime.fromisoformat(value)
        elif sort == "size":
            value = int(value)
        elif not isinstance(value, str):
            raise TypeError(value)
        last_id = uuid.UUID(hex=position["id"])
    except (TypeError, ValueError, AttributeError):
        raise InvalidCursor() from None
    # "at or beyond" alone is a range the sort column's index can seek to
    at_or_beyond = column >= value if ascending else column <= value
    beyond = column > value if ascending else column < value
    return statement.where(
        at_or_beyond, sa.or_(beyond, sa.and_(column == value, COMPANY.c.id > last_id))
    )


def matching(
    dialect: str,
    query: SearchQuery,
    viewer: Principal | None,
    staff: bool,
    probes: Probes = Probes(),
) -> sa.Select[Any]:
    """The ids of every company the query finds, in no order (facet counts, totals,
    benchmarks)."""
    codes = filter_codes(query, dialect)
    statement = select(COMPANY.c.id).where(
        *_conditions(query, viewer, staff, probes, coded=codes is not None)
    )
    if query.q:
        statement = statement.join(SEARCH, SEARCH.c.company_id == COMPANY.c.id).where(
            TextMatch.of(query.q, codes=codes).condition(dialect)
        )
    return statement


async def facets(
    *,
    session: AsyncSession,
    query: SearchQuery,
    viewer: Principal | None,
    staff: bool,
    names: list[str],
) -> dict[str, list[dict[str, Any]]]:
    """Counts of matching companies per value of each requested facet."""
    ids = matching(session.bind.dialect.name, query, viewer, staff).subquery("matching")
    result: dict[str, list[dict[str, Any]]] = {}
    for name in names:
        if name in ("kind", "region", "status", "in_scope"):
            column = getattr(Company, name)
            counts = (
                sa.select(column, sa.func.count())
                .where(COMPANY.c.id.in_(sa.select(ids)))
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
