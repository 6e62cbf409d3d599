"""Cursor pagination: ``limit`` + opaque ``cursor`` in, ``{items, next_cursor}`` out.

Cursors are keyset positions (the sort values of the last item plus its id), so pages stay
stable while rows are added, and deep pages cost the same as the first.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

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
