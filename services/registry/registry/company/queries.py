"""The read model of company profiles: a profile and its child lists, read in one round trip.

Reads only: commands live in ``service.py``, the search in ``search.py``, the listing kept
for result pages in ``listing.py``. Every function is keyword-only with ``session`` first.
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

from registry.company.fields import CERTIFICATION_FIELDS, CONTACT_FIELDS, PRODUCT_FIELDS
from registry.company.models import (
    Company,
    CompanyCapability,
    CompanyCertification,
    CompanyChange,
    CompanyContact,
    CompanyProduct,
    CompanySegment,
)
from registry.participation.models import (
    ProgrammeParticipation,
    VerifiedCertification,
    not_revoked,
    unexpired,
)
from registry.transliteration import skeleton
from shared import i18n
from shared.errors import NotFound
from shared.persistence import one_or_404

STALE_AFTER = timedelta(days=365)


class VerifiedRow(NamedTuple):
    """A programme-verified certification, as much of it as a profile shows."""

    vendor: str
    certification: str
    level: str | None
    expires_on: date | None
    trainee_id: uuid.UUID
    """Whose it is: a profile counts staff, not certificates."""


class ParticipationRow(NamedTuple):
    """A company's place in a cohort, as much of it as a profile shows."""

    cohort_id: uuid.UUID
    cohort_name: str | None
    selected_at: datetime | None
    efqm_total: Decimal | None
    assessment_band: str | None


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


def is_stale(publication: str, last_verified_at: datetime | None, now: datetime) -> bool:
    """A published profile not re-verified within STALE_AFTER (12 months), or never.

    A draft is never stale: it has not been reviewed yet, which the ``publication`` field
    already says, and counting it would mix new registrations with outdated profiles."""
    if publication != "published":
        return False
    if last_verified_at is None:
        return True
    if last_verified_at.tzinfo is None:
        last_verified_at = last_verified_at.replace(tzinfo=UTC)
    return now - last_verified_at > STALE_AFTER


async def get(*, session: AsyncSession, company_id: uuid.UUID, for_update: bool = False) -> Company:
    """The company, or 404; ``for_update`` locks its row for the transaction."""
    statement = select(Company).where(Company.id == company_id)
    return await one_or_404(session, statement, what="company", lock=for_update)


async def get_with_details(
    *, session: AsyncSession, company_id: uuid.UUID
) -> tuple[Company, Details]:
    """The company and its child rows in one statement (a profile read), or 404."""
    dialect = session.get_bind().dialect.name
    row = (
        await session.execute(_read_statement(dialect), {"company_id": company_id})
    ).one_or_none()
    if row is None:
        raise NotFound(i18n.no_such("company"))
    return row[0], details_of(row[1:], dialect)


async def details(*, session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, Details]:
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
        # SQLite's JSON has no booleans: the flag comes back 0 or 1 from the tables
        contacts=[
            {**dict(zip(CONTACT_FIELDS, c, strict=True)), "public": bool(c[4])} for c in contacts
        ],
        verified=[VerifiedRow(v[0], v[1], v[2], _date(v[3]), uuid.UUID(v[4])) for v in verified],
        participation=[
            ParticipationRow(
                uuid.UUID(p[0]), p[1], _datetime(p[2]), _decimal(p[3], sqlite=sqlite), p[4]
            )
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
                VerifiedCertification.trainee_id,
            ],
            # expired ones too: the listing keeps them and a page drops them (``unexpired``)
            where=of(VerifiedCertification) & not_revoked(),
        ),
        _json_list(
            dialect,
            [
                ProgrammeParticipation.cohort_id,
                ProgrammeParticipation.cohort_name,
                ProgrammeParticipation.selected_at,
                sa.cast(ProgrammeParticipation.efqm_total, sa.Text),
                ProgrammeParticipation.assessment_band,
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


@functools.cache
def _read_statement(dialect: str) -> Any:
    """A profile read: the mapped company and its seven lists in one round trip."""
    return select(Company, *detail_columns(dialect)).where(Company.id == sa.bindparam("company_id"))


def verified_certifications(verified: list[VerifiedRow], today: date) -> list[dict[str, Any]]:
    """Programme-verified certifications still valid on ``today``, grouped per vendor, name
    and level, with the count of staff holding them ("4 verified network engineers") and the
    earliest expiry. An expired one no longer counts; its renewal (a new verified
    certification) does. Staff, not certificates: a trainee whose renewal was verified before
    the old one expired holds two, and is one engineer."""
    groups: dict[tuple[str, str, str | None], list[VerifiedRow]] = defaultdict(list)
    for item in verified:
        if unexpired(item.expires_on, today):
            groups[(item.vendor, item.certification, item.level)].append(item)
    return [
        {
            "kind": "staff_certification",
            "vendor": vendor,
            "name": name,
            "level": level,
            "staff_count": len({item.trainee_id for item in items}),
            "source": "programme_verified",
            "expires_on": min((i.expires_on for i in items if i.expires_on), default=None),
        }
        # levels too, so the order does not depend on the order rows came in
        for (vendor, name, level), items in sorted(
            groups.items(), key=lambda g: (g[0][0], g[0][1], g[0][2] or "")
        )
    ]


async def history(
    *, session: AsyncSession, company_id: uuid.UUID, limit: int, before_version: int | None
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


async def public_contacts(
    *, session: AsyncSession, company_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[dict[str, Any]]]:
    """The contacts each company marked public for partners, in its order: what an
    international company sees of a profile's or a shortlist entry's contacts."""
    result: dict[uuid.UUID, list[dict[str, Any]]] = {i: [] for i in company_ids}
    if not company_ids:
        return result
    rows = await session.execute(
        select(CompanyContact)
        .where(col(CompanyContact.company_id).in_(company_ids), col(CompanyContact.public))
        .order_by(CompanyContact.company_id, CompanyContact.ordinal)
    )
    for contact in rows.scalars():
        result[contact.company_id].append({f: getattr(contact, f) for f in CONTACT_FIELDS})
    return result


def partner_contacts(contacts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Of a profile's contacts, those an international company (a partner) sees."""
    return [c for c in contacts if c["public"]]
