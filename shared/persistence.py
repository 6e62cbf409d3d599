"""Persistence helpers every aggregate's service functions use, in every service."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol, TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from shared import i18n
from shared.errors import Conflict, NotFound

S = TypeVar("S", bound=sa.Select[Any])


class Versioned(Protocol):
    version: int
    updated_at: datetime


def bump(entity: Versioned, now: datetime) -> None:
    """Record a change: a new version (the next ETag) and its time."""
    entity.version += 1
    entity.updated_at = now


async def one_or_404(
    session: AsyncSession, statement: sa.Select[Any], *, what: str, lock: bool = False
) -> Any:
    """The single row ``statement`` selects, fresh from the database; 404 naming ``what``.

    ``lock`` takes the row lock (FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already
    serialises writers), so the If-Match check and the change that follows see the latest
    committed version, never one another writer is about to replace.
    """
    if lock:
        statement = statement.with_for_update()
    row = (await session.scalars(statement.execution_options(populate_existing=True))).first()
    if row is None:
        raise NotFound(i18n.no_such(what))
    return row


async def flush_or_conflict(
    session: AsyncSession, *, rule: str, detail: str, params: dict[str, Any] | None = None
) -> None:
    """Flush, turning a unique-constraint race into the 409 a pre-check would have given
    (``params``: what the rule's Russian and Kazakh name, as the pre-check gives them)."""
    try:
        await session.flush()
    except IntegrityError:
        raise Conflict(detail, rule=rule, params=params) from None


def where_given(statement: S, *filters: tuple[Any, Any]) -> S:
    """``statement`` narrowed by each ``(column, value)`` whose value is given: a list's
    optional query parameters, where an absent one (None) means any value."""
    for column, value in filters:
        if value is not None:
            statement = statement.where(column == value)
    return statement
