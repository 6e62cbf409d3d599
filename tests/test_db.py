"""shared.db.insert_rows: the bulk path (COPY on PostgreSQL, one INSERT over a JSON array of
the rows on SQLite, the driver's executemany where JSON would not be exact) stores exactly
what SQLAlchemy's own INSERT stores. Runs on both engines."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import asyncpg
import pytest
import sqlalchemy as sa
from registry.company.models import Company, CompanyCertification, CompanyChange
from registry.participation.models import ProgrammeParticipation
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db import COPY_FROM, create_engine, insert_rows, session_factory
from shared.messaging.schema import outbox
from shared.testing.databases import asyncpg_dsn
from tests.test_compose import VANISHED_HOST_SETTINGS

ALMATY = timezone(timedelta(hours=5))


def _changes(company_id: uuid.UUID, n: int) -> list[dict[str, Any]]:
    return [
        {
            "id": uuid.uuid4(),
            "company_id": company_id,
            "version": i,
            "action": "imported",
            "actor": "Қазақ 🚀 client",
            "actor_role": None,
            "request_id": None if i % 2 else f"req-{i}",
            "changed_at": datetime(2026, 11, 22, 15, 0, i % 60, tzinfo=ALMATY),
            "before": None,
            "after": {"display_name": "Дала", "employees": i, "tags": ["a", None]},
        }
        for i in range(n)
    ]


def _certifications(company_id: uuid.UUID, n: int) -> list[dict[str, Any]]:
    # no "id" and no "ordinal": the model's Python-side defaults fill them
    return [
        {
            "company_id": company_id,
            "kind": "staff_certification",
            "vendor": "Cisco",
            "vendor_key": "cisco",
            "name": "CCNA",
            "name_key": "ccna",
            "level": None,
            "staff_count": i,
            "expires_on": date(2027, 1, 1),
        }
        for i in range(n)
    ]


async def _read(session: AsyncSession, statement: sa.Select[Any]) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in (await session.execute(statement)).all()]


@pytest.mark.parametrize("n", [3, COPY_FROM + 7])  # below and above the bulk threshold
async def test_bulk_rows_read_back_as_an_orm_insert_stores_them(
    database: Callable[[str], str], n: int
) -> None:
    engine = create_engine(database("registry"))
    sessions = session_factory(engine)
    company = uuid.uuid4()
    try:
        async with sessions() as session, session.begin():
            await session.execute(
                sa.insert(Company.__table__).values(  # type: ignore[arg-type]
                    id=company,
                    kind="local",
                    display_name="Дала",
                    name_key="dala",
                    oked_codes=[],
                    tags=[],
                    in_scope=True,
                )
            )
            bulk, plain = _changes(company, n), _changes(company, n)
            for row in plain:
                row["id"] = uuid.uuid4()
            await insert_rows(session, CompanyChange.__table__, bulk)  # type: ignore[arg-type]
            await session.execute(sa.insert(CompanyChange.__table__), plain)
            await insert_rows(
                session,
                CompanyCertification.__table__,  # type: ignore[arg-type]
                _certifications(company, n),
            )
            events = [
                {
                    "event_id": str(uuid.uuid4()),
                    "subject": "blp.registry.company.registered",
                    "payload": '{"q": "Қазақ 🚀"}',
                    "created_at": datetime.now(UTC),
                }
                for _ in range(n)
            ]
            await insert_rows(session, outbox, events)

        columns = [c for c in CompanyChange.__table__.c if c.name != "id"]  # type: ignore[attr-defined]
        async with sessions() as session:
            rows = await _read(
                session, sa.select(*columns).order_by(sa.column("version"), sa.column("id"))
            )
            # NULL JSON "before" as SQLAlchemy binds it (JSON null), the same for both paths
            nulls = await session.execute(
                sa.select(sa.func.count()).where(CompanyChange.before.is_(None))  # type: ignore[union-attr]
            )
            certifications = await _read(
                session,
                sa.select(CompanyCertification.id, CompanyCertification.ordinal),  # type: ignore[call-overload]
            )
            stored = await _read(session, sa.select(outbox.c.attempts, outbox.c.published_at))
        assert [rows[i] for i in range(0, 2 * n, 2)] == [rows[i] for i in range(1, 2 * n, 2)]
        assert rows[0][6].tzinfo is not None and rows[0][6] == datetime(
            2026, 11, 22, 10, 0, 0, tzinfo=UTC
        )
        assert rows[1][8] == {"display_name": "Дала", "employees": 0, "tags": ["a", None]}
        assert nulls.scalar() in (0, 2 * n)  # either way, never a mix of the two
        assert len({cid for cid, _ in certifications}) == n and {o for _, o in certifications} == {
            0
        }
        assert stored == [(0, None)] * n  # the server default and NULLs
    finally:
        await engine.dispose()


@pytest.mark.parametrize(
    ("text", "decimal"),
    [
        ("plain", False),
        ("Қазақ «Дала» 🚀 \\ \" ' \n\t", False),
        ("a NUL \x00 inside", False),
        ("plain", True),
    ],
    ids=["plain", "quotes-cyrillic-emoji", "nul", "decimal"],
)
async def test_awkward_values_read_back_as_an_orm_insert_stores_them(
    database: Callable[[str], str], text: str, decimal: bool
) -> None:
    """SQLite writes bulk rows as one JSON array; what JSON cannot carry exactly (a NUL in
    text, a decimal that would pass through a float) must still arrive unchanged."""
    engine = create_engine(database("registry"))
    sessions = session_factory(engine)
    table: sa.Table = ProgrammeParticipation.__table__  # type: ignore[assignment]

    def rows() -> list[dict[str, Any]]:
        return [
            {
                "company_id": uuid.uuid4(),
                "cohort_id": uuid.uuid4(),
                "cohort_name": f"{text} {i}",
                "selected_at": datetime(2026, 12, 4, 20, 0, i, tzinfo=UTC),
            }
            | ({"efqm_total": Decimal("612.35") + i} if decimal else {})
            for i in range(COPY_FROM + 3)
        ]

    bulk, plain = rows(), rows()
    try:
        if "\x00" in text and engine.dialect.name == "postgresql":
            # PostgreSQL's text holds no NUL at all: refused, whichever way it is written
            with pytest.raises(asyncpg.exceptions.CharacterNotInRepertoireError):
                async with sessions() as session, session.begin():
                    await insert_rows(session, table, bulk)
            return
        async with sessions() as session, session.begin():
            await insert_rows(session, table, bulk)
            await session.execute(sa.insert(table), plain)
        async with sessions() as session:
            stored = {
                row.company_id: tuple(row)[2:]  # the name onwards
                for row in (await session.execute(sa.select(table))).all()
            }
        assert [stored[r["company_id"]] for r in bulk] == [stored[r["company_id"]] for r in plain]
        assert stored[bulk[1]["company_id"]][0] == f"{text} 1"
        assert stored[bulk[1]["company_id"]][3] == (Decimal("613.35") if decimal else None)
    finally:
        await engine.dispose()


async def test_sixteen_concurrent_sessions_reuse_their_connections(
    database: Callable[[str], str],
) -> None:
    """A pool smaller than the concurrency it serves closes what it cannot keep and opens a
    connection per request (on SQLite: a thread, its pragmas and a parse of the schema)."""
    engine = create_engine(database("registry"))
    sessions = session_factory(engine)
    opened: list[object] = []
    sa.event.listen(engine.sync_engine, "connect", lambda connection, _: opened.append(connection))

    async def read(barrier: asyncio.Barrier) -> None:
        async with sessions() as session:
            # readonly: on SQLite a writer would hold the write lock across the barrier
            await session.connection(execution_options={"readonly": True})
            await session.execute(sa.text("SELECT 1"))
            await barrier.wait()  # all 16 hold a connection at once

    try:
        for _ in range(3):
            barrier = asyncio.Barrier(16)
            await asyncio.gather(*(read(barrier) for _ in range(16)))
        assert len(opened) == 16
    finally:
        await engine.dispose()


async def test_an_in_memory_sqlite_engine_can_be_created() -> None:
    engine = create_engine("sqlite+aiosqlite://")
    try:
        async with engine.connect() as connection:
            assert (await connection.execute(sa.text("SELECT 1"))).scalar() == 1
    finally:
        await engine.dispose()


async def test_our_sessions_run_with_the_servers_vanished_host_settings(
    database: Callable[[str], str], backend: str
) -> None:
    """docs/operations.md, "Vanished hosts": the server's timeouts bound how long a gone host's
    transaction holds its locks; an engine that set its own for its sessions (a longer one,
    or 0: none) would lift that bound for every request."""
    if backend != "postgres":
        pytest.skip("PostgreSQL's settings: SQLite has no clients on other hosts")
    url = database("registry")
    admin = await asyncpg.connect(asyncpg_dsn(url))
    try:  # the deployed values, as the server's (here its database's) own
        name = await admin.fetchval("SELECT current_database()")
        for setting, value in VANISHED_HOST_SETTINGS.items():
            await admin.execute(f"ALTER DATABASE \"{name}\" SET {setting} = '{value}'")
    finally:
        await admin.close()
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session, session.begin():
            rows = await session.execute(
                sa.text("SELECT name, source FROM pg_settings WHERE name = ANY(:names)"),
                {"names": list(VANISHED_HOST_SETTINGS)},
            )
            sources: dict[str, str] = {name: source for name, source in rows}
            idle = await session.scalar(sa.text("SHOW idle_in_transaction_session_timeout"))
    finally:
        await engine.dispose()
    assert sources == dict.fromkeys(VANISHED_HOST_SETTINGS, "database")
    assert idle == "1min"
