"""Async engine, sessions and the declarative base each service builds its models on.

The same code runs on SQLite (embedded default, tests) and PostgreSQL (production). SQLite
gets WAL, foreign keys and a busy timeout so that API, relay and consumers of one service can
share its file without "database is locked" errors.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import registry
from sqlmodel import SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(sa.TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC, on SQLite as on PostgreSQL.

    SQLite keeps no zone and hands back naive values; without this the same row would read
    ``...T10:00:00`` from one engine and ``...T10:00:00Z`` from the other. A naive value is
    refused rather than guessed at: "naive" has meant local time somewhere before, and a
    timestamp that silently moved by five hours is worse than an error in a test.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use shared.db.utcnow()")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    """Timezone-aware now in UTC: every ``*_at`` column holds UTC."""
    return datetime.now(UTC)


def new_metadata() -> sa.MetaData:
    return sa.MetaData(naming_convention=NAMING_CONVENTION)


def make_base(*, import_jobs: bool = False) -> type[SQLModel]:
    """A SQLModel base with the service's own registry and metadata.

    SQLModel's default registry is process-wide; two services' tables of the same name would
    collide the moment one test process imports both, so each service gets its own. The
    shared tables (outbox, inbox, idempotency keys, audit trail) are copied in so Alembic sees
    them as owned; a service with imports (``import_jobs``) gets the import job table too.
    """
    from shared.audit import audit_metadata
    from shared.idempotency import idempotency_metadata
    from shared.jobs import jobs_metadata
    from shared.messaging.schema import messaging_metadata

    metadata = new_metadata()
    copied = [messaging_metadata, idempotency_metadata, audit_metadata]
    if import_jobs:
        copied.append(jobs_metadata)
    for shared_tables in copied:
        for table in shared_tables.tables.values():
            table.to_metadata(metadata)

    class Base(SQLModel, registry=registry(metadata=metadata)):
        pass

    return Base


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


SQLITE_MMAP_BYTES = 2**31 - 2**16


def create_engine(
    url: str, *, pool_size: int = 20, max_overflow: int = 10, **kwargs: Any
) -> AsyncEngine:
    """An async engine tuned for the backend the URL names.

    Connections above ``pool_size`` are closed when returned, so a pool smaller than the
    concurrency it serves opens one per request: with 10 kept, 16 concurrent searches opened
    a dozen PostgreSQL sessions a second (a backend fork each, -10 % throughput); with
    SQLAlchemy's default 5, a SQLite connection (its thread, its pragmas, a parse of the
    schema) per request. Each process may hold ``pool_size + max_overflow`` connections.
    """
    # orjson reads JSON columns 4-5x faster than json (a search page decodes about 200 of
    # them) and writes them faster too (a bulk import writes a history entry per company)
    kwargs.setdefault("json_deserializer", orjson.loads)
    kwargs.setdefault("json_serializer", json_text)
    if sa.engine.make_url(url).database not in (None, "", ":memory:"):  # in-memory: static pool
        kwargs.update(pool_size=pool_size, max_overflow=max_overflow)
    if is_sqlite(url):
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)
        _configure_sqlite(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


def json_text(value: Any) -> str:
    """A JSON column's text: orjson, or json where orjson refuses (an int beyond 64 bits)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:
        return json.dumps(value)


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling defers BEGIN; we emit it ourselves below so
        # that a write transaction takes the lock up front (no upgrade deadlocks).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        # Read pages straight from the OS page cache, shared by every connection, instead of
        # copying them into each connection's own page cache: with 16 connections the copies
        # of what searches at 100,000 companies touch cost 13 % of their throughput. 2 GiB
        # is SQLite's default ceiling; the map grows with the file.
        cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Read-only work may opt out of the write lock with execution option readonly=True.
        deferred = connection.get_execution_options().get("readonly", False)
        connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def engine_of(sessions: async_sessionmaker[AsyncSession]) -> AsyncEngine:
    """The engine a session factory's sessions are bound to, for work outside a session (a
    commit hook, VACUUM). Read from a fresh session's public ``bind``: a session that runs no
    statement opens no connection, so it needs no closing."""
    bind = sessions().bind
    if not isinstance(bind, AsyncEngine):
        raise TypeError(f"the session factory is bound to {bind!r}, not to an AsyncEngine")
    return bind


async def session_scope(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One unit of work: commits when the caller finishes, rolls back when it raises.

    Nothing else commits, so service functions compose inside one transaction and the outbox
    row always shares the fate of the change it describes.
    """
    async with factory() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


# below this many rows, COPY's set-up costs more than the INSERT it replaces
COPY_FROM = 50


async def insert_rows(session: AsyncSession, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows in the session's transaction, the cheapest way the engine offers.

    PostgreSQL: binary ``COPY``, which costs the server a fraction of parsing and planning
    ``INSERT ... VALUES`` for the same rows (a bulk import writes millions). Elsewhere, one
    executemany on the Core table. Every row must have the same keys; a column left out gets
    its Python-side default or the server's, as with an INSERT.
    """
    if not rows:
        return
    dialect = session.bind.dialect
    if len(rows) < COPY_FROM:
        await session.execute(sa.insert(table), rows)
    elif dialect.name == "sqlite":
        await _insert_json(session, table, rows)
    else:
        await _copy(session, table, rows)


async def _insert_json(session: AsyncSession, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """SQLite: every row in one ``INSERT ... SELECT`` over ``json_each`` of a JSON array of
    the rows, each value converted by its column type's own bind processor first.

    Why not the driver's executemany: it binds each row in Python and steps SQLite once per
    row, giving up the interpreter lock around each step and waiting to get it back. One
    statement is one step: SQLite parses the array and writes every row in C (measured: an
    in-process import of 20,000 companies, 9.6 s before, 7.2 s after). SQLAlchemy's own
    executemany builds a parameter set per row through its compiler, slower still.

    Values JSON cannot carry exactly (floats: SQLite's text-to-double conversion is not
    guaranteed to round-trip; bytes; a NUL or a lone surrogate in text) take the driver's
    executemany instead.
    """
    dialect = session.bind.dialect
    names, values, exact = _bound_columns(table, rows, dialect)
    records = list(zip(*values, strict=True))
    payload = _json_records(records) if exact else None
    connection = await (await session.connection()).get_raw_connection()
    driver: Any = connection.driver_connection
    quote = dialect.identifier_preparer.quote
    columns = ", ".join(quote(name) for name in names)
    if payload is None:
        slots = ", ".join("?" for _ in names)
        await driver.executemany(
            f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({slots})", records
        )
        return
    cells = ", ".join(f"json_extract(value, '$[{n}]')" for n in range(len(names)))
    await driver.execute(
        f"INSERT INTO {quote(table.name)} ({columns}) SELECT {cells} FROM json_each(?)",
        (payload,),
    )


def _bound_columns(
    table: sa.Table, rows: list[dict[str, Any]], dialect: sa.Dialect
) -> tuple[list[str], list[list[Any]], bool]:
    """The rows' columns (plus the ones with a Python-side default the rows leave out), each
    column's values as its type binds them, and whether none of the columns is a float.

    Converted column by column (``map`` loops in C), and a timestamp column converts each
    distinct value once (a batch shares its "now")."""
    given = list(rows[0])
    names = given + [
        c.name
        for c in table.columns
        if c.name not in given
        and c.default is not None
        and (c.default.is_scalar or c.default.is_callable)
    ]
    values: list[list[Any]] = []
    exact = True
    for name in names:
        column = table.c[name]
        # a default left out is computed for every row (a callable one is a new id each time)
        cells = [row[name] if name in row else _default(column) for row in rows]
        type_ = getattr(column.type, "impl_instance", column.type)
        exact = exact and not isinstance(type_, sa.Float | sa.Numeric)
        # the public pair behind SQLAlchemy's own per-dialect cache; built once per column
        # and batch, so the cache would save nothing measurable
        process = column.type.dialect_impl(dialect).bind_processor(dialect)
        if process is None:
            values.append(cells)
        elif isinstance(type_, sa.DateTime | sa.Date):
            once = {value: process(value) for value in set(cells)}
            values.append([once[value] for value in cells])
        else:
            values.append(list(map(process, cells)))
    return names, values, exact


def _json_records(records: list[tuple[Any, ...]]) -> str | None:
    """The rows as one JSON array of arrays, or None if JSON would not carry them exactly."""
    try:
        payload = orjson.dumps(records)
    except TypeError:  # bytes, an int beyond 64 bits, a lone surrogate (JSONEncodeError)
        return None
    if b"\\u0000" in payload:  # SQLite's JSON functions end text at a NUL
        return None
    return payload.decode()


async def _copy(session: AsyncSession, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    dialect = session.bind.dialect
    given = list(rows[0])
    missing = [
        column
        for column in table.columns
        if column.name not in given
        and column.default is not None
        # a Python-side default; a server default COPY applies by itself
        and (column.default.is_scalar or column.default.is_callable)
    ]
    encoders = [_copy_encoder(table.c[name].type, dialect) for name in given]
    records = [
        (
            *(encode(row[name]) for name, encode in zip(given, encoders, strict=True)),
            *(_default(column) for column in missing),
        )
        for row in rows
    ]
    connection = await (await session.connection()).get_raw_connection()
    await connection.driver_connection.copy_records_to_table(  # type: ignore[union-attr]
        table.name,
        records=records,
        columns=[*given, *(column.name for column in missing)],
        schema_name=table.schema,
    )


def _default(column: sa.Column[Any]) -> Any:
    default: Any = column.default
    return default.arg(None) if default.is_callable else default.arg


def _copy_encoder(type_: sa.types.TypeEngine[Any], dialect: sa.Dialect) -> Any:
    """What asyncpg's COPY takes for a column: JSON as text (None as JSON null unless the type
    says SQL NULL, as SQLAlchemy binds it), decorated types as they bind."""
    if isinstance(type_, sa.TypeDecorator):
        inner = _copy_encoder(type_.impl_instance, dialect)
        if type(type_).process_bind_param is sa.TypeDecorator.process_bind_param:
            return inner
        return lambda value: inner(type_.process_bind_param(value, dialect))
    if isinstance(type_, sa.JSON):
        null = None if type_.none_as_null else "null"
        return lambda value: null if value is None else json_text(value)
    return lambda value: value
