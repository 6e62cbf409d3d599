"""Cursor pagination: ``limit`` + opaque ``cursor`` in, ``{items, next_cursor}`` out.

Cursors are keyset positions (the sort values of the last item plus its id), so pages stay
stable while rows are added, and deep pages cost the same as the first.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from datetime import datetime
from typing import Annotated, Any, Generic, Protocol, TypeVar

import sqlalchemy as sa
from fastapi import Query
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from shared.errors import Problem

T = TypeVar("T")

MAX_LIMIT = 200
LimitQuery = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="page size")]
CursorQuery = Annotated[str | None, Query(max_length=2000, description="from next_cursor")]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


class InvalidCursor(Problem):
    status = 422

    def __init__(self) -> None:
        super().__init__(
            "The cursor is not one this API issued for this query.",
            slug="validation",
            errors=[
                {
                    "field": "cursor",
                    "in": "query",
                    "message": "invalid cursor",
                    "code": "cursor_invalid",
                }
            ],
        )


def encode_cursor(position: dict[str, Any]) -> str:
    raw = json.dumps(position, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_cursor(cursor: str | None, *, expect: set[str]) -> dict[str, Any] | None:
    """The position inside ``cursor``, or None; 422 if it is not a cursor we issued."""
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        position = json.loads(raw)
    except (binascii.Error, ValueError):
        raise InvalidCursor() from None
    if not isinstance(position, dict) or set(position) != expect:
        raise InvalidCursor()
    return position


class Listed(Protocol):
    id: Any
    created_at: datetime


M = TypeVar("M", bound=Listed)


async def keyset(
    session: AsyncSession,
    statement: sa.Select[tuple[M]],
    *,
    model: type[M],
    limit: int,
    cursor: str | None,
) -> tuple[list[M], str | None]:
    """One page of the ``model`` rows ``statement`` selects, oldest first, and the cursor of
    the next page (None on the last).

    Every list of every service pages this way, over (created_at, id): the order records
    were made in, stable while rows are added. (The registry's relevance search is the one
    exception: its order is a score, so its cursor holds the score; see its module.)
    """
    created_at: Any = model.created_at
    row_id: Any = model.id
    return await _page(session, statement, created_at, row_id, limit, cursor, scalars=True)


async def keyset_rows(
    session: AsyncSession,
    statement: sa.Select[Any],
    *,
    created_at: sa.ColumnElement[datetime],
    id: sa.ColumnElement[Any],
    limit: int,
    cursor: str | None,
) -> tuple[list[Any], str | None]:
    """``keyset`` for a Core statement: rows (with ``created_at`` and ``id``), not entities."""
    return await _page(session, statement, created_at, id, limit, cursor, scalars=False)


async def _page(
    session: AsyncSession,
    statement: sa.Select[Any],
    created_at: Any,
    row_id: Any,
    limit: int,
    cursor: str | None,
    *,
    scalars: bool,
) -> tuple[list[Any], str | None]:
    position = decode_cursor(cursor, expect={"created_at", "id"})
    if position is not None:
        try:
            after_at = datetime.fromisoformat(position["created_at"])
            after_id = uuid.UUID(position["id"])
        except (TypeError, ValueError):
            raise InvalidCursor() from None
        if after_at.tzinfo is None:
            raise InvalidCursor()
        statement = statement.where(
            sa.or_(created_at > after_at, sa.and_(created_at == after_at, row_id > after_id))
        )
    result = await session.execute(statement.order_by(created_at, row_id).limit(limit + 1))
    rows = list(result.scalars().all() if scalars else result.all())
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    return rows[:limit], encode_cursor(
        {"created_at": last.created_at.isoformat(), "id": str(last.id)}
    )
