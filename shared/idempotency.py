"""``Idempotency-Key`` for POSTs that create: a retry gets the first response back.

- same key, same body: the stored first response is replayed;
- same key, another body: 422;
- same key while the first is still running: 409.

The key is claimed in its own short transaction (so a racing retry sees it at once); the
response is stored in the request's own transaction, so it commits together with the
change; a request that fails releases its claim and leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import Depends, Header, Request
from fastapi.encoders import jsonable_encoder
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import JSONResponse, Response

from shared.auth import bearer_token
from shared.db import UtcDateTime, new_metadata
from shared.errors import Conflict, Problem

idempotency_metadata = new_metadata()
idempotency_key = sa.Table(
    "idempotency_key",
    idempotency_metadata,
    sa.Column("scope", sa.String(200), primary_key=True),
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("status_code", sa.Integer, nullable=True),
    sa.Column("response_body", sa.Text, nullable=True),
    sa.Column("response_headers", sa.Text, nullable=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
)
ABANDONED_AFTER = timedelta(minutes=5)


def create_idempotency_table(bind: sa.Connection) -> None:
    idempotency_metadata.create_all(bind, tables=[idempotency_key])


def drop_idempotency_table(bind: sa.Connection) -> None:
    idempotency_metadata.drop_all(bind, tables=[idempotency_key])


class IdempotentReplay(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


class KeyReusedWithOtherBody(Problem):
    status = 422
    slug = "idempotency-key-reused"


class Idempotency:
    """What a create route holds: call ``respond`` to return (and remember) its response."""

    def __init__(self, request: Request, key: str | None) -> None:
        self._request = request
        self.key = key
        self.scope = ""
        self.fingerprint = ""

    async def respond(
        self,
        session: AsyncSession,
        content: Any,
        *,
        status_code: int = 201,
        headers: dict[str, str] | None = None,
    ) -> JSONResponse:
        body = jsonable_encoder(content)
        if self.key is not None:
            await session.execute(
                sa.update(idempotency_key)
                .where(idempotency_key.c.scope == self.scope, idempotency_key.c.key == self.key)
                .values(
                    status_code=status_code,
                    response_body=json.dumps(body),
                    response_headers=json.dumps(headers or {}),
                )
            )
        return JSONResponse(body, status_code=status_code, headers=headers)


async def _claim(request: Request, idempotency: Idempotency) -> None:
    runtime = request.app.state.runtime
    body = await request.body()
    # keys belong to the caller (the token's subject), not to one token: a retry with a
    # renewed token still finds its first response
    token = bearer_token(request)
    caller = request.app.state.token_verifier.verify(token).subject if token else "anonymous"
    # the scope keeps one client's keys apart from another's
    idempotency.scope = hashlib.sha256(
        f"{request.method} {request.url.path} {caller}".encode()
    ).hexdigest()
    idempotency.fingerprint = hashlib.sha256(body).hexdigest()
    now = datetime.now(UTC)
    async with runtime.sessions() as session, session.begin():
        try:
            await session.execute(
                sa.insert(idempotency_key).values(
                    scope=idempotency.scope,
                    key=idempotency.key,
                    fingerprint=idempotency.fingerprint,
                    created_at=now,
                )
            )
            return
        except IntegrityError:
            pass
    async with runtime.sessions() as session, session.begin():
        row = (
            await session.execute(
                sa.select(idempotency_key).where(
                    idempotency_key.c.scope == idempotency.scope,
                    idempotency_key.c.key == idempotency.key,
                )
            )
        ).one_or_none()
        if row is None:  # released between our insert and this read: claim again
            return await _claim(request, idempotency)
        if row.fingerprint != idempotency.fingerprint:
            raise KeyReusedWithOtherBody(
                "This Idempotency-Key was used with a different request body."
            )
        if row.status_code is not None:
            headers = json.loads(row.response_headers or "{}")
            raise IdempotentReplay(
                JSONResponse(
                    json.loads(row.response_body),
                    status_code=row.status_code,
                    headers={**headers, "Idempotent-Replayed": "true"},
                )
            )
        created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
        if now - created < ABANDONED_AFTER:
            raise Conflict(
                "A request with this Idempotency-Key is still being processed.",
                rule="idempotency_in_progress",
            )
        await session.execute(
            sa.update(idempotency_key)
            .where(
                idempotency_key.c.scope == idempotency.scope,
                idempotency_key.c.key == idempotency.key,
            )
            .values(created_at=now)
        )


async def _release(request: Request, idempotency: Idempotency) -> None:
    async with request.app.state.runtime.sessions() as session, session.begin():
        await session.execute(
            sa.delete(idempotency_key).where(
                idempotency_key.c.scope == idempotency.scope,
                idempotency_key.c.key == idempotency.key,
                idempotency_key.c.status_code.is_(None),
            )
        )


async def _idempotency(
    request: Request,
    idempotency_key_header: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=200,
            description="retry-safe key: a retry with the same key and body replays the response",
        ),
    ] = None,
) -> AsyncIterator[Idempotency]:
    idempotency = Idempotency(request, idempotency_key_header)
    if idempotency.key is not None:
        await _claim(request, idempotency)
    try:
        yield idempotency
    finally:
        # a no-op once the response was stored and committed; otherwise frees the key
        if idempotency.key is not None:
            await _release(request, idempotency)


IdempotencyDep = Annotated[Idempotency, Depends(_idempotency)]


def install(app: Any) -> None:
    @app.exception_handler(IdempotentReplay)
    async def _replay(_: Request, exc: IdempotentReplay) -> Response:
        return exc.response
