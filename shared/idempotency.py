"""``Idempotency-Key`` for POSTs that create: a retry gets the first response back.

- same key, same body: the stored first response is replayed;
- same key, another body: 422;
- same key while the first is still running: 409.

The key is claimed inside the request's own transaction and its response stored in that
transaction, so the change, the key and the response commit together or not at all. The
claim is a lock, never a committed row: a request whose process is killed loses it with its
database connection, and the client's retry on another replica proceeds at once.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import Depends, Header, Request
from fastapi.encoders import jsonable_encoder
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import JSONResponse, Response

from shared import i18n
from shared.auth import bearer_token
from shared.db import UtcDateTime, new_metadata
from shared.deps import SessionDep
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
ABANDONED_AFTER = timedelta(minutes=5)  # a claim the release before this one committed apart
LOCK_TRIES = 5
LOCK_PAUSE_SECONDS = 0.1


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

    def __init__(self, key: str | None) -> None:
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
                sa.insert(idempotency_key).values(
                    scope=self.scope,
                    key=self.key,
                    fingerprint=self.fingerprint,
                    status_code=status_code,
                    response_body=json.dumps(body),
                    response_headers=json.dumps(headers or {}),
                    created_at=datetime.now(UTC),
                )
            )
        return JSONResponse(body, status_code=status_code, headers=headers)


async def _claim(request: Request, session: AsyncSession, idempotency: Idempotency) -> None:
    """Claim the key in the request's own transaction; replay, refuse or proceed.

    Nothing is committed apart: the claim is a lock the transaction holds (PostgreSQL: an
    advisory lock on the key; SQLite: the write lock every write transaction takes at
    BEGIN IMMEDIATE), so it ends when the request commits, rolls back, or its connection
    drops with a killed process. A retry then finds the stored response, or nothing (the
    first did not commit) and creates, at once.
    """
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
    if session.bind.dialect.name == "postgresql" and not await _lock(session, idempotency):
        raise _in_progress()
    row = (
        await session.execute(
            sa.select(idempotency_key).where(
                idempotency_key.c.scope == idempotency.scope,
                idempotency_key.c.key == idempotency.key,
            )
        )
    ).one_or_none()
    if row is None:
        return
    if row.fingerprint != idempotency.fingerprint:
        raise KeyReusedWithOtherBody(i18n.message(i18n.KIT["key_reused_body"]))
    if row.status_code is not None:
        headers = json.loads(row.response_headers or "{}")
        raise IdempotentReplay(
            JSONResponse(
                json.loads(row.response_body),
                status_code=row.status_code,
                headers={**headers, "Idempotent-Replayed": "true"},
            )
        )
    # a row without a response is a claim committed apart by the release before this one
    # (met during a rolling upgrade): honoured as it was, until abandoned
    if datetime.now(UTC) - row.created_at < ABANDONED_AFTER:
        raise _in_progress()
    await session.execute(
        sa.delete(idempotency_key).where(
            idempotency_key.c.scope == idempotency.scope, idempotency_key.c.key == idempotency.key
        )
    )


async def _lock(session: AsyncSession, idempotency: Idempotency) -> bool:
    """PostgreSQL: the key's advisory lock for this transaction, or False while another
    live transaction holds it.

    A claimant whose process was killed may keep it a moment longer: its server process
    learns of the dropped connection when it next reads from or writes to it (at once when
    idle, when its statement ends when busy). A few short retries let that moment pass
    rather than answer "in progress" for a claimant that is already gone.
    """
    lock = int.from_bytes(
        hashlib.sha256(f"{idempotency.scope} {idempotency.key}".encode()).digest()[:8],
        "big",
        signed=True,
    )
    for attempt in range(LOCK_TRIES):
        if (await session.execute(sa.select(sa.func.pg_try_advisory_xact_lock(lock)))).scalar_one():
            return True
        if attempt + 1 < LOCK_TRIES:
            await asyncio.sleep(LOCK_PAUSE_SECONDS)
    return False


def _in_progress() -> Conflict:
    return Conflict(
        "A request with this Idempotency-Key is still being processed.",
        rule="idempotency_in_progress",
    )


async def _idempotency(
    request: Request,
    session: SessionDep,
    idempotency_key_header: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=200,
            description="retry-safe key: a retry with the same key and body replays the response",
        ),
    ] = None,
) -> Idempotency:
    idempotency = Idempotency(idempotency_key_header)
    if idempotency.key is not None:
        await _claim(request, session, idempotency)
    return idempotency


IdempotencyDep = Annotated[Idempotency, Depends(_idempotency)]


def install(app: Any) -> None:
    @app.exception_handler(IdempotentReplay)
    async def _replay(_: Request, exc: IdempotentReplay) -> Response:
        return exc.response
