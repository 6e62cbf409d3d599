"""Keyset pages over (created_at, id): the order lists are shown in, stable under inserts."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Protocol, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from shared.pagination import InvalidCursor, decode_cursor, encode_cursor


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
    the next page (None on the last)."""
    position = decode_cursor(cursor, expect={"created_at", "id"})
    created_at: Any = model.created_at
    row_id: Any = model.id
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
    rows = list(
        (await session.scalars(statement.order_by(created_at, row_id).limit(limit + 1))).all()
    )
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    return rows[:limit], encode_cursor(
        {"created_at": last.created_at.isoformat(), "id": str(last.id)}
    )
