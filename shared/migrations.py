"""Alembic, driven from code: one environment per service, the same migrations on both engines.

Each service keeps its revisions in ``<service>/migrations/versions``; its ``env.py`` is one
call to ``run_env``. ``upgrade`` is what ``blp migrate``, ``make run``, the containers and
the tests use.
"""

from __future__ import annotations

import asyncio
import importlib
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.ext.asyncio import create_async_engine

MIGRATION_LOCK_KEY = 0x424C50  # "BLP": one database per service, so one key serves all


def alembic_config(service: str, database_url: str) -> Config:
    package = importlib.import_module(service)
    location = Path(package.__file__).parent / "migrations"
    config = Config()
    config.set_main_option("script_location", str(location))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.set_main_option("file_template", "%%(year)d-%%(month).2d-%%(day).2d_%%(rev)s_%%(slug)s")
    config.attributes["service"] = service
    return config


def upgrade(service: str, database_url: str, revision: str = "head") -> None:
    """Bring ``database_url`` up to ``revision`` (creating the SQLite file's folder if needed)."""
    if database_url.startswith("sqlite") and ":///" in database_url:
        path = database_url.split(":///", 1)[1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(service, database_url), revision)


def downgrade(service: str, database_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(service, database_url), revision)


def include_object(metadata: sa.MetaData) -> Any:
    """Alembic filter: skip what a service maintains by hand (``metadata.info["unmanaged"]``).

    Engine-specific search structures (an FTS5 table and its shadow tables, a generated
    tsvector column) live in migrations but not in the models; names ending in ``*`` are
    prefixes.
    """
    unmanaged: set[str] = set(metadata.info.get("unmanaged", ()))
    prefixes = tuple(n[:-1] for n in unmanaged if n.endswith("*"))

    def include(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        if name is None:
            return True
        return not (
            reflected
            and compare_to is None
            and (name in unmanaged or name.startswith(prefixes or ("\0",)))
        )

    return include


def run_env(target_metadata: sa.MetaData) -> None:
    """The body of every service's ``migrations/env.py``."""
    from alembic import context

    url = context.config.get_main_option("sqlalchemy.url")
    assert url is not None
    if context.is_offline_mode():
        context.configure(
            url=url,
            target_metadata=target_metadata,
            literal_binds=True,
            include_object=include_object(target_metadata),
            render_as_batch=url.startswith("sqlite"),
        )
        with context.begin_transaction():
            context.run_migrations()
        return

    def migrate(connection: sa.Connection) -> None:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            include_object=include_object(target_metadata),
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                # replicas starting together on an empty database take turns; the lock goes
                # with the transaction
                connection.execute(
                    sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                )
            context.run_migrations()

    async def run() -> None:
        engine = create_async_engine(url)
        async with engine.connect() as connection:
            await connection.run_sync(migrate)
            await connection.commit()
        await engine.dispose()

    asyncio.run(run())
