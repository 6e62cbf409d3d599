"""The CSV export of a company search: UTF-8 with a BOM, so that spreadsheet programs (Excel
above all) open the Russian and Kazakh names as the letters they are, not as mojibake; the
columns and cells of the import format (``csvformat``), so an export re-imports as it is (the
import reads UTF-8 with or without the BOM).

A search is read a page at a time, each page in a session of its own, and written as it is
read; the first page before the answer starts (``export``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from registry.bulk.csvformat import EXPORT_COLUMNS, cell
from registry.company import access, search
from registry.company.queries import Details
from registry.company.search import SearchQuery
from shared.auth import Principal

BOM = "\ufeff"
PAGE = 1000


async def export(
    *,
    sessions: async_sessionmaker[AsyncSession],
    query: SearchQuery,
    principal: Principal | None,
) -> AsyncIterator[str]:
    """The companies ``query`` finds for ``principal``, by name, as CSV text in chunks (a
    page each). The first page is read before this returns: a refused query (a filter the
    caller may not use, a query without words) raises its problem here, before any answer
    starts, rather than cutting a file short."""
    staff = access.sees_everything(principal)
    query.sort = "name"

    async def page(cursor: str | None) -> search.Results:
        async with sessions() as session:
            await session.connection(execution_options={"readonly": True})
            return await search.search(
                session=session,
                query=query,
                viewer=principal,
                staff=staff,
                limit=PAGE,
                cursor=cursor,
            )

    first = await page(None)

    async def chunks() -> AsyncIterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write(BOM)
        writer.writerow(EXPORT_COLUMNS)
        found = first
        while True:
            writer.writerows(row(company, detail, principal) for company, detail in found.items)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            if found.next_cursor is None:
                return
            found = await page(found.next_cursor)

    return chunks()


def row(company: Any, detail: Details, principal: Principal | None) -> list[str]:
    """A search result row's cells in ``EXPORT_COLUMNS`` order; ``private_sector_share`` only
    for a caller who sees the full profile."""
    values: dict[str, Any] = {
        **company._mapping,  # a search result row: the company table's columns
        "segments": detail.segments,
        "capabilities": detail.capabilities,
    }
    if not access.sees_full_profile(principal, company):
        values["private_sector_share"] = None
    return [cell(values.get(column)) for column in EXPORT_COLUMNS]
