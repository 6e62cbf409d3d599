"""``company_listing``: a company's child lists kept ready for search result pages.

Built by the database's JSON functions from the tables (``refresh_details``, in the
transaction of every change to a list or a programme row), or in Python for companies just
created (``new_listing``: a bulk import writes thousands at once), so a result page parses
exactly what a profile read (``queries.details``) would have read.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from registry.company import totals
from registry.company.fields import CERTIFICATION_FIELDS, CONTACT_FIELDS, PRODUCT_FIELDS
from registry.company.models import Company, CompanyListing
from registry.company.queries import Details, detail_columns


async def refresh_details(*, session: AsyncSession, ids: Sequence[uuid.UUID]) -> None:
    """Rebuild these companies' ``company_listing`` rows from the tables: every change to a
    child list or a programme row calls this in that change's transaction. The database builds
    them with the JSON functions a profile read uses, so a search page parses exactly what
    ``details`` would have read."""
    if not ids:
        return
    totals.changed(session)  # what searches find changes with the lists
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
