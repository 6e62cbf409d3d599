"""Company profiles: create, read, change, publish, and the history of every change.

Service functions take the caller's session and never commit: the request (or the consumer)
owns the transaction, so the change, its history entry, its search document and its outbox
event are written together or not at all.
"""

from __future__ import annotations

import functools
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as postgresql_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from registry import reference
from registry.company.models import (
    Company,
    CompanyCapability,
    CompanyCertification,
    CompanyChange,
    CompanyContact,
    CompanyListing,
    CompanyProduct,
    CompanySearch,
    CompanySegment,
)
from registry.company.schemas import CompanyCreate, CompanyUpdate
from registry.participation.models import ProgrammeParticipation, VerifiedCertification
from registry.transliteration import skeleton
from shared import context
from shared.auth import Principal
from shared.errors import Conflict, InvalidInput, NotFound
from shared.events.registry import (
    CompanyFacts,
    CompanyPublished,
    CompanyRegistered,
    CompanyStatusChanged,
    CompanyUpdated,
)
from shared.messaging import outbox

STALE_AFTER = timedelta(days=365)
LIST_FIELDS = ("segments", "capabilities", "products", "certifications", "contacts")
SCALAR_FIELDS = (
    "display_name",
    "name_kk",
    "name_ru",
    "name_en",
    "oked_codes",
    "region",
    "city",
    "address",
    "website",
    "description",
    "employees",
    "founded_on",
    "private_sector_share",
    "tags",
)


@dataclass(frozen=True)
class Actor:
    """Who made a change, for the history: an API client, or another service via an event."""

    subject: str
    role: str | None = None

    @classmethod
    def of(cls, principal: Principal) -> Actor:
        return cls(principal.subject, principal.role.value)


class VerifiedRow(NamedTuple):
    """A programme-verified certification, as much of it as a profile shows."""

    vendor: str
    certification: str
    level: str | None
    expires_on: date | None


class ParticipationRow(NamedTuple):
    """A company's place in a cohort, as much of it as a profile shows."""

    cohort_id: uuid.UUID
    cohort_name: str | None
    selected_at: datetime | None
    efqm_total: Decimal | None


@dataclass
class Details:
    """A company's child rows, loaded in one statement for any number of companies."""

    segments: list[str]
    capabilities: list[str]
    products: list[dict[str, Any]]
    certifications: list[dict[str, Any]]
    contacts: list[dict[str, Any]]
    verified: list[VerifiedRow]
    participation: list[ParticipationRow]


def key(text: str) -> str:
    """The comparison key of a vendor or certification name (case and script folded)."""
    return skeleton(text)


def years_in_business(founded_on: date | None, today: date | None = None) -> int | None:
    if founded_on is None:
        return None
    today = today or datetime.now(UTC).date()
    years = today.year - founded_on.year
    return years - ((today.month, today.day) < (founded_on.month, founded_on.day))


def is_stale(verified: datetime | None, now: datetime | None = None) -> bool:
    """Not verified for STALE_AFTER (12 months), or never."""
    now = now or datetime.now(UTC)
    if verified is None:
        return True
    if verified.tzinfo is None:
        verified = verified.replace(tzinfo=UTC)
    return now - verified > STALE_AFTER


def assessment_band(efqm_total: Decimal | None) -> str | None:
    """Bands programme staff read at a glance; cut-offs follow common EFQM recognition levels
    (recognised for excellence from 500 points, 5-star from 600)."""
    if efqm_total is None:
        return None
    if efqm_total >= 600:
        return "excellent"
    if efqm_total >= 500:
        return "advanced"
    if efqm_total >= 300:
        return "developing"
    return "emerging"


async def get(session: AsyncSession, *, company_id: uuid.UUID, for_update: bool = False) -> Company:
    """The company, or 404; ``for_update`` locks its row on PostgreSQL for the transaction."""
    statement = select(Company).where(Company.id == company_id)
    if for_update:
        statement = statement.with_for_update()
    company = (await session.execute(statement)).scalar_one_or_none()
    if company is None:
        raise NotFound("No such company.")
    return company


async def get_with_details(
    session: AsyncSession, *, company_id: uuid.UUID
) -> tuple[Company, Details]:
    """The company and its child rows in one statement (a profile read), or 404."""
    dialect = session.get_bind().dialect.name
    row = (
        await session.execute(_read_statement(dialect), {"company_id": company_id})
    ).one_or_none()
    if row is None:
        raise NotFound("No such company.")
    return row[0], details_of(row[1:], dialect)


# the columns of a product, certification and contact as ``details`` returns them
PRODUCT_FIELDS = ("name", "category", "description")
CERTIFICATION_FIELDS = ("kind", "vendor", "name", "level", "staff_count", "expires_on")
CONTACT_FIELDS = ("name", "position", "email", "phone")


async def details(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, Details]:
    """Child rows of many companies at once, in one statement (a page of search results too).

    Each statement is a round trip (a network one on PostgreSQL, a few thread hops through
    aiosqlite), so the seven lists come back as JSON arrays, one column each, per company.
    """
    result = {i: Details([], [], [], [], [], [], []) for i in ids}
    if not ids:
        return result
    dialect = session.get_bind().dialect.name
    rows = await session.execute(_details_statement(dialect), {"ids": ids})
    for company_id, *lists in rows:
        result[company_id] = details_of(lists, dialect)
    return result


def details_of(lists: Sequence[Any], dialect: str) -> Details:
    """Details from the seven JSON columns of ``detail_columns``, typed as the tables are."""
    sqlite = dialect == "sqlite"
    # PostgreSQL's json_agg of no rows is NULL, SQLite's json_group_array an empty array
    segments, capabilities, products, certifications, contacts, verified, participation = (
        value or [] for value in lists
    )
    return Details(
        segments=segments,
        capabilities=capabilities,
        products=[dict(zip(PRODUCT_FIELDS, p, strict=True)) for p in products],
        certifications=[
            dict(zip(CERTIFICATION_FIELDS, (*c[:5], _date(c[5])), strict=True))
            for c in certifications
        ],
        contacts=[dict(zip(CONTACT_FIELDS, c, strict=True)) for c in contacts],
        verified=[VerifiedRow(v[0], v[1], v[2], _date(v[3])) for v in verified],
        participation=[
            ParticipationRow(uuid.UUID(p[0]), p[1], _datetime(p[2]), _decimal(p[3], sqlite=sqlite))
            for p in participation
        ],
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value is not None else None


def _datetime(value: str | None) -> datetime | None:
    """A ``UtcDateTime`` as JSON carries it: naive UTC text on SQLite, with offset on PostgreSQL."""
    if value is None:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _decimal(value: str | None, *, sqlite: bool) -> Decimal | None:
    """A ``Numeric(7, 2)`` read from its text, so PostgreSQL's exact value never meets a float.

    SQLite has no exact decimal and stores it as REAL; that float is read the way SQLAlchemy's
    Numeric reads it there (rounded to the scale), so both engines answer as they did before.
    """
    if value is None:
        return None
    return Decimal(f"{float(value):.2f}") if sqlite else Decimal(value)


def _json_list(
    dialect: str,
    items: Sequence[Any],
    *,
    where: Any,
    order_by: Sequence[Any] = (),
) -> sa.ScalarSelect[Any]:
    """A correlated subquery with a company's rows of one table as a JSON array: of values
    for one item, of arrays of values for several.

    PostgreSQL orders inside the aggregate; SQLite (before 3.44) cannot, but aggregates an
    ordered subquery in its order.
    """
    if dialect == "sqlite":
        inner = sa.select(*(c.label(f"v{n}") for n, c in enumerate(items))).where(where)
        rows = inner.order_by(*order_by).correlate(Company).subquery()
        element = sa.func.json_array(*rows.c) if len(items) > 1 else rows.c.v0
        return sa.select(sa.func.json_group_array(element, type_=sa.JSON)).scalar_subquery()
    element = sa.func.json_build_array(*items) if len(items) > 1 else items[0]
    aggregate: Any = sa.func.json_agg(element, type_=sa.JSON)
    if order_by:
        aggregate = aggregate.aggregate_order_by(*order_by)
    return sa.select(aggregate).where(where).scalar_subquery()


DETAIL_LISTS = (
    "segments",
    "capabilities",
    "products",
    "certifications",
    "contacts",
    "verified",
    "participation",
)
_DIALECTS = {"sqlite": sqlite_dialect.dialect(), "postgresql": postgresql_dialect.dialect()}


@functools.cache
def detail_columns(dialect: str) -> tuple[sa.ColumnElement[Any], ...]:
    """The seven lists of ``Details``, each a JSON column correlated with ``company``: added to
    any statement that reads companies, they bring the details in the same round trip.

    They go in as SQL text compiled once per engine: SQLAlchemy would otherwise walk their
    structure on every search to find its compiled form (176 µs a statement with them as
    constructs, 61 µs without). They name the table ``company``, so the statement must read
    it unaliased.
    """
    columns = []
    for name, subquery in zip(DETAIL_LISTS, _detail_subqueries(dialect), strict=True):
        compiled = str(
            sa.select(subquery.label(name))
            .select_from(Company)
            .compile(dialect=_DIALECTS[dialect], compile_kwargs={"literal_binds": True})
        )
        # "SELECT (<subquery>) AS <name> \nFROM company"
        sql = compiled.removeprefix("SELECT ").rpartition(f" AS {name}")[0]
        if not (sql.startswith("(SELECT ") and sql.endswith(")")):
            raise RuntimeError(f"unexpected SQL for the {name} column: {compiled!r}")
        columns.append(sa.literal_column(sql, type_=sa.JSON).label(name))
    return tuple(columns)


def _detail_subqueries(dialect: str) -> tuple[sa.ScalarSelect[Any], ...]:
    """Numerics travel as text (JSON numbers would be floats); dates and timestamps as ISO
    text."""

    def of(table: Any) -> Any:
        return col(table.company_id) == Company.id

    return (
        _json_list(
            dialect,
            [CompanySegment.segment],
            where=of(CompanySegment),
            order_by=[_bytewise(CompanySegment.segment, dialect)],
        ),
        _json_list(
            dialect,
            [CompanyCapability.capability],
            where=of(CompanyCapability),
            order_by=[_bytewise(CompanyCapability.capability, dialect)],
        ),
        _json_list(
            dialect,
            [getattr(CompanyProduct, f) for f in PRODUCT_FIELDS],
            where=of(CompanyProduct),
            order_by=[CompanyProduct.ordinal],
        ),
        _json_list(
            dialect,
            [getattr(CompanyCertification, f) for f in CERTIFICATION_FIELDS],
            where=of(CompanyCertification),
            order_by=[CompanyCertification.ordinal],
        ),
        _json_list(
            dialect,
            [getattr(CompanyContact, f) for f in CONTACT_FIELDS],
            where=of(CompanyContact),
            order_by=[CompanyContact.ordinal],
        ),
        _json_list(
            dialect,
            [
                VerifiedCertification.vendor,
                VerifiedCertification.certification,
                VerifiedCertification.level,
                VerifiedCertification.expires_on,
            ],
            where=of(VerifiedCertification) & col(VerifiedCertification.revoked_at).is_(None),
        ),
        _json_list(
            dialect,
            [
                ProgrammeParticipation.cohort_id,
                ProgrammeParticipation.cohort_name,
                ProgrammeParticipation.selected_at,
                sa.cast(ProgrammeParticipation.efqm_total, sa.Text),
            ],
            where=of(ProgrammeParticipation),
            # a participation known only from its assessment (the selection event not yet
            # in) has no selected_at: last on both engines (their default NULL order differs)
            order_by=[
                col(ProgrammeParticipation.selected_at).nulls_last(),
                ProgrammeParticipation.cohort_id,
            ],
        ),
    )


def _bytewise(column: Any, dialect: str) -> Any:
    """Codes ordered by their bytes on both engines (SQLite's BINARY, PostgreSQL's "C"), as
    Python sorts them too (``new_listing``); a PostgreSQL database created with a language's
    collation would otherwise order ``data_science`` after ``database_admin``."""
    return sa.collate(column, "C") if dialect == "postgresql" else column


@functools.cache
def _details_statement(dialect: str) -> sa.Select[Any]:
    """Built once per engine: constructing a statement this size costs more than running it."""
    return sa.select(Company.id, *detail_columns(dialect)).where(
        col(Company.id).in_(sa.bindparam("ids", expanding=True))
    )


async def refresh_details(session: AsyncSession, ids: Sequence[uuid.UUID]) -> None:
    """Rebuild these companies' ``company_listing`` rows from the tables: every change to a
    child list or a programme row calls this in that change's transaction. The database builds
    them with the JSON functions a profile read uses, so a search page parses exactly what
    ``details`` would have read."""
    if not ids:
        return
    await session.flush()  # the ORM's pending child and programme rows first
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        # One refresh of a company at a time, each reading what the one before committed:
        # without the lock, an API change and an event handler rebuilding the same listing
        # side by side could leave the lists of whichever read its tables first, or trip
        # over each other's row. (SQLite writers take turns already.)
        await session.execute(
            sa.select(Company.id)
            .where(col(Company.id).in_(ids))
            .order_by(Company.id)
            .with_for_update()
        )
    listing: sa.Table = CompanyListing.__table__  # type: ignore[assignment]
    await session.execute(
        sa.delete(listing).where(listing.c.company_id.in_(sa.bindparam("ids", expanding=True))),
        {"ids": list(ids)},
    )
    await session.execute(listing_insert(dialect), {"ids": list(ids)})


def new_listing(detail: Details) -> list[list[Any]]:
    """The ``company_listing.lists`` of a company just created, built in Python from what it
    was created with (a bulk import writes thousands at once; the database building them
    cost PostgreSQL 300 µs a company). The same values ``refresh_details`` has the database
    build, as ``details_of`` reads them: lists ordered as the detail subqueries order them,
    dates as ISO text, no programme rows yet."""
    return [
        sorted(detail.segments),
        sorted(detail.capabilities),
        [[p.get(f) for f in PRODUCT_FIELDS] for p in detail.products],
        [
            [*(c.get(f) for f in CERTIFICATION_FIELDS[:5]), _iso(c.get("expires_on"))]
            for c in detail.certifications
        ],
        [[c.get(f) for f in CONTACT_FIELDS] for c in detail.contacts],
        [],
        [],
    ]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


@functools.cache
def listing_insert(dialect: str) -> sa.Insert:
    """``INSERT INTO company_listing ... SELECT`` the lists of the companies ``ids`` names
    (also what registry_0007 filled the table with)."""
    lists = [column.element for column in detail_columns(dialect)]  # without their labels
    # SQLite's json_array embeds a subquery's JSON text as text unless json() marks it JSON
    array = (
        sa.func.json_array(*(sa.func.json(c) for c in lists))
        if dialect == "sqlite"
        else sa.func.json_build_array(*lists)
    )
    company: sa.Table = Company.__table__  # type: ignore[assignment]
    listing: sa.Table = CompanyListing.__table__  # type: ignore[assignment]
    rows = sa.select(company.c.id, array).where(
        company.c.id.in_(sa.bindparam("ids", expanding=True))
    )
    return sa.insert(listing).from_select(["company_id", "lists"], rows)


@functools.cache
def _read_statement(dialect: str) -> Any:
    """A profile read: the mapped company and its seven lists in one round trip."""
    return select(Company, *detail_columns(dialect)).where(Company.id == sa.bindparam("company_id"))


def verified_certifications(verified: list[VerifiedRow]) -> list[dict[str, Any]]:
    """Programme-verified certifications grouped per vendor, name and level, with the count of
    staff holding them ("4 verified network engineers") and the earliest expiry."""
    groups: dict[tuple[str, str, str | None], list[VerifiedRow]] = defaultdict(list)
    for item in verified:
        groups[(item.vendor, item.certification, item.level)].append(item)
    return [
        {
            "kind": "staff_certification",
            "vendor": vendor,
            "name": name,
            "level": level,
            "staff_count": len(items),
            "source": "programme_verified",
            "expires_on": min((i.expires_on for i in items if i.expires_on), default=None),
        }
        # levels too, so the order does not depend on the order rows came in
        for (vendor, name, level), items in sorted(
            groups.items(), key=lambda g: (g[0][0], g[0][1], g[0][2] or "")
        )
    ]


def snapshot(company: Company, detail: Details) -> dict[str, Any]:
    """The editable state of a company, JSON-ready: compared for changes, kept in history."""
    state: dict[str, Any] = {name: getattr(company, name) for name in SCALAR_FIELDS}
    state["founded_on"] = company.founded_on.isoformat() if company.founded_on else None
    state.update(
        segments=detail.segments,
        capabilities=detail.capabilities,
        products=detail.products,
        contacts=detail.contacts,
        certifications=[
            {**c, "expires_on": c["expires_on"].isoformat() if c["expires_on"] else None}
            for c in detail.certifications
        ],
    )
    return state


def facts(company: Company, segments: list[str]) -> CompanyFacts:
    return CompanyFacts(
        company_id=company.id,
        version=company.version,
        kind=company.kind,
        bin=company.bin,
        display_name=company.display_name,
        segments=segments,
        in_scope=company.in_scope,
        region=company.region,
        city=company.city,
        employees=company.employees,
        founded_on=company.founded_on,
        private_sector_share=company.private_sector_share,
        status=company.status,
        publication=company.publication,
    )


def search_document(company: Company, detail: Details) -> dict[str, str]:
    """The ``company_search`` row's text columns: what ``q`` matches, folded to the
    transliteration skeleton, as ``names`` (every language; a search ranks their matches
    first) and ``document`` (names, description, tags, capabilities by their names in three
    languages, and products); and the ``codes`` PostgreSQL checks filters on."""
    # The skeleton is word by word, so the skeleton of the whole text is the skeletons of its
    # parts joined by spaces; the reference names' (most of the text) are computed once.
    names = _skeleton_of([company.display_name, company.name_kk, company.name_ru, company.name_en])
    parts = [names, _skeleton_of([company.description, *company.tags])]
    parts.extend(_reference_skeleton(reference.CAPABILITIES[c]) for c in detail.capabilities)
    for product in detail.products:
        parts.append(_skeleton_of([product["name"], product.get("description")]))
        parts.append(_reference_skeleton(reference.PRODUCT_CATEGORIES[product["category"]]))
    return {
        "names": names,
        "document": " ".join(p for p in parts if p),
        "codes": " ".join(sorted(filing_codes(company, detail))),
    }


def filing_codes(company: Company, detail: Details) -> set[str]:
    """The ``company_search.codes`` of a company: the reference codes a search filters on."""
    codes = {code("segment", s) for s in detail.segments}
    codes.update(code("capability", c) for c in detail.capabilities)
    codes.update(code("product_category", p["category"]) for p in detail.products)
    if company.region is not None:
        codes.add(code("region", company.region))
    return codes


def code(field: str, value: str) -> str:
    """One filing code. Reference codes are ``[a-z0-9_]`` (tests/test_reference.py), so a
    code is one lexeme of a tsvector and of a tsquery, with nothing to quote."""
    return f"{field}={value}"


def _skeleton_of(texts: list[str | None]) -> str:
    return skeleton(" ".join(t for t in texts if t))


@functools.cache
def _reference_skeleton(item: reference.Capability | reference.ProductCategory) -> str:
    return _skeleton_of(list(item.names()))


def child_row(
    table: type, company_id: uuid.UUID, ordinal: int, values: dict[str, Any]
) -> dict[str, Any]:
    """A product, certification or contact row, in the order the caller listed them."""
    row = {"id": uuid.uuid4(), "company_id": company_id, "ordinal": ordinal, **values}
    if table is CompanyCertification:
        row["vendor_key"] = key(row["vendor"])
        row["name_key"] = key(row["name"])
    return row


async def _write_children(
    session: AsyncSession, company_id: uuid.UUID, changes: dict[str, Any]
) -> None:
    """Replace the child rows of each list field present in ``changes``."""
    tables = {
        "segments": CompanySegment,
        "capabilities": CompanyCapability,
        "products": CompanyProduct,
        "certifications": CompanyCertification,
        "contacts": CompanyContact,
    }
    for field, table in tables.items():
        if field not in changes:
            continue
        await session.execute(sa.delete(table).where(col(table.company_id) == company_id))
        values = changes[field]
        if field == "segments":
            rows = [{"company_id": company_id, "segment": v} for v in values]
        elif field == "capabilities":
            rows = [{"company_id": company_id, "capability": v} for v in values]
        else:
            rows = [child_row(table, company_id, n, v) for n, v in enumerate(values)]
        if rows:
            await session.execute(sa.insert(table), rows)


async def _refresh_search(session: AsyncSession, company: Company, detail: Details) -> None:
    document = search_document(company, detail)
    updated = await session.execute(
        sa.update(CompanySearch)
        .where(col(CompanySearch.company_id) == company.id)
        .values(**document)
    )
    if updated.rowcount == 0:  # type: ignore[attr-defined]
        await session.execute(sa.insert(CompanySearch).values(company_id=company.id, **document))


async def _record(
    session: AsyncSession,
    company: Company,
    action: str,
    actor: Actor,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    session.add(
        CompanyChange(
            company_id=company.id,
            version=company.version,
            action=action,
            actor=actor.subject,
            actor_role=actor.role,
            request_id=context.request_id.get(),
            before=before,
            after=after,
        )
    )


def _details_from(values: dict[str, Any]) -> Details:
    return Details(
        segments=values["segments"],
        capabilities=values["capabilities"],
        products=values["products"],
        certifications=values["certifications"],
        contacts=values["contacts"],
        verified=[],
        participation=[],
    )


async def create(
    session: AsyncSession, *, data: CompanyCreate, actor: Actor, action: str = "created"
) -> Company:
    """Register a company (a draft until programme staff publish it)."""
    if (
        data.bin is not None
        and await session.scalar(select(Company.id).where(Company.bin == data.bin)) is not None
    ):
        raise Conflict(f"A company with BIN {data.bin} is already registered.", rule="bin_unique")
    values = data.model_dump()
    values.update({f: values[f] or [] for f in (*LIST_FIELDS, "tags", "oked_codes")})
    children = {f: values.pop(f) for f in LIST_FIELDS}
    company = Company(
        **values,
        name_key=skeleton(data.display_name),
        in_scope=reference.is_in_scope(children["segments"]),
    )
    session.add(company)
    await session.flush()
    await _write_children(session, company.id, children)
    detail = _details_from(children)
    await _refresh_search(session, company, detail)
    await refresh_details(session, [company.id])
    await _record(session, company, action, actor, None, snapshot(company, detail))
    await outbox.add(
        session, CompanyRegistered(company_id=company.id, company=facts(company, detail.segments))
    )
    return company


async def update(
    session: AsyncSession,
    *,
    company: Company,
    data: CompanyUpdate,
    actor: Actor,
    action: str = "updated",
) -> list[str]:
    """Apply a partial update; returns the fields that really changed (none: no new version)."""
    detail = (await details(session, [company.id]))[company.id]
    before = snapshot(company, detail)
    sent = data.model_dump(exclude_unset=True)
    if "city" in sent or "region" in sent:
        region = sent.get("region", company.region)
        city = sent.get("city", company.city)
        if city is not None and (region is None or not reference.city_in_region(region, city)):
            raise InvalidInput("city", f"city {city!r} is not in region {region!r}")
    proposed = {**before, **{k: _jsonable(v) for k, v in sent.items()}}
    changed = sorted(k for k in sent if proposed[k] != before[k])
    if not changed:
        return []
    for name in changed:
        if name in SCALAR_FIELDS:
            setattr(company, name, sent[name] if name != "founded_on" else data.founded_on)
    if "display_name" in changed:
        company.name_key = skeleton(company.display_name)
    if "segments" in changed:
        company.in_scope = reference.is_in_scope(sent["segments"])
    await _write_children(session, company.id, {k: sent[k] for k in changed if k in LIST_FIELDS})
    after_detail = Details(
        **{**detail.__dict__, **{k: sent[k] for k in changed if k in LIST_FIELDS}}
    )
    company.version += 1
    company.updated_at = datetime.now(UTC)
    session.add(company)
    await _refresh_search(session, company, after_detail)
    await refresh_details(session, [company.id])
    await _record(
        session,
        company,
        action,
        actor,
        {k: before[k] for k in changed},
        {k: proposed[k] for k in changed},
    )
    await outbox.add(
        session,
        CompanyUpdated(
            company_id=company.id,
            changed_fields=changed,
            company=facts(company, after_detail.segments),
        ),
    )
    return changed


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


async def publish(session: AsyncSession, *, company: Company, actor: Actor) -> None:
    """Programme staff reviewed the draft: make it public (and count it as verified now)."""
    if company.publication == "published":
        raise Conflict("The profile is already published.", rule="already_published")
    now = datetime.now(UTC)
    company.publication, company.published_at, company.last_verified_at = "published", now, now
    await _bump(
        session, company, "published", actor, {"publication": "draft"}, {"publication": "published"}
    )
    segments = (await details(session, [company.id]))[company.id].segments
    await outbox.add(
        session,
        CompanyPublished(company_id=company.id, published_at=now, company=facts(company, segments)),
    )


async def verify(session: AsyncSession, *, company: Company, actor: Actor) -> None:
    """Programme staff confirmed the profile is current: it is not stale for 12 months."""
    previous = company.last_verified_at
    company.last_verified_at = datetime.now(UTC)
    await _bump(
        session,
        company,
        "verified",
        actor,
        {"last_verified_at": previous.isoformat() if previous else None},
        {"last_verified_at": company.last_verified_at.isoformat()},
    )


async def change_status(
    session: AsyncSession, *, company: Company, status: str, actor: Actor, reason: str | None = None
) -> None:
    """Active, inactive or out of business; the company stays in the registry either way."""
    if status == company.status:
        raise Conflict(f"The company is already {status}.", rule="status_unchanged")
    previous = company.status
    company.status = status
    await _bump(
        session,
        company,
        "status_changed",
        actor,
        {"status": previous},
        {"status": status, "reason": reason},
    )
    segments = (await details(session, [company.id]))[company.id].segments
    await outbox.add(
        session,
        CompanyStatusChanged(
            company_id=company.id, previous_status=previous, company=facts(company, segments)
        ),
    )


async def touch(
    session: AsyncSession,
    *,
    company_id: uuid.UUID,
    action: str,
    actor: Actor,
    after: dict[str, Any],
) -> None:
    """Record a change the programme made through an event (e.g. a verified certification)."""
    company = await session.get(Company, company_id)
    if company is not None:
        await _bump(session, company, action, actor, None, after)


async def _bump(
    session: AsyncSession,
    company: Company,
    action: str,
    actor: Actor,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    company.version += 1
    company.updated_at = datetime.now(UTC)
    session.add(company)
    await session.flush()
    await _record(session, company, action, actor, before, after)


async def history(
    session: AsyncSession, *, company_id: uuid.UUID, limit: int, before_version: int | None
) -> list[CompanyChange]:
    """Changes newest first, a page at a time."""
    statement = (
        select(CompanyChange)
        .where(CompanyChange.company_id == company_id)
        .order_by(col(CompanyChange.version).desc(), col(CompanyChange.changed_at).desc())
        .limit(limit)
    )
    if before_version is not None:
        statement = statement.where(CompanyChange.version < before_version)
    return list((await session.execute(statement)).scalars())
