"""Fresh, migrated databases per test.

SQLite always; PostgreSQL too when ``BLP_TEST_POSTGRES_URL`` is set.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
from sqlalchemy.engine import make_url

from shared.migrations import upgrade

POSTGRES_ENV = "BLP_TEST_POSTGRES_URL"
T = TypeVar("T")


def backends() -> list[str]:
    return ["sqlite", "postgres"] if os.environ.get(POSTGRES_ENV) else ["sqlite"]


def asyncpg_dsn(url: str) -> str:
    """The URL as asyncpg takes it (no SQLAlchemy driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _off_loop(function: Callable[..., T], *args: Any) -> T:
    """Run blocking set-up code that itself calls ``asyncio.run`` even from inside a loop.

    Async fixtures ask for databases lazily, from within the test's running event loop.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


async def _admin(url: str, statement: str) -> None:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextmanager
def fresh_database(backend: str, tmp_path: Path, name: str) -> Iterator[str]:
    """An empty database of ``backend``; PostgreSQL ones are dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / name}.db"
        return
    admin_url = os.environ[POSTGRES_ENV]
    database = f"blp_test_{name}_{uuid.uuid4().hex[:10]}"
    _off_loop(asyncio.run, _admin(admin_url, f'CREATE DATABASE "{database}"'))
    try:
        yield make_url(admin_url).set(database=database).render_as_string(hide_password=False)
    finally:
        _off_loop(
            asyncio.run, _admin(admin_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        )


@contextmanager
def migrated_database(backend: str, tmp_path: Path, service: str) -> Iterator[str]:
    with fresh_database(backend, tmp_path, service) as url:
        _off_loop(upgrade, service, url)
        yield url
