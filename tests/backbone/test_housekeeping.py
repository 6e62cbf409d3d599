"""Housekeeping keeps the outbox and the idempotency keys from growing forever."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from shared import housekeeping
from shared.db import create_engine, session_factory
from shared.idempotency import idempotency_key
from shared.messaging.schema import outbox


async def test_sweep_removes_only_what_outlived_its_retention(
    database: Callable[[str], str],
) -> None:
    engine = create_engine(database("finance"))
    sessions = session_factory(engine)
    now = datetime.now(UTC)
    old, recent = now - timedelta(days=30), now - timedelta(minutes=5)
    async with sessions() as session, session.begin():
        await session.execute(
            sa.insert(outbox),
            [
                {
                    "event_id": str(uuid.uuid4()),
                    "subject": "blp.finance.x.y",
                    "payload": "{}",
                    "created_at": at,
                    "published_at": published,
                }
                for at, published in ((old, old), (recent, recent), (old, None))
            ],
        )
        await session.execute(
            sa.insert(idempotency_key),
            [
                {"scope": "s", "key": key, "fingerprint": "f", "created_at": at}
                for key, at in (("old", old), ("new", recent))
            ],
        )
    await housekeeping.sweep(sessions, now=now)
    async with sessions() as session:
        left = await session.execute(sa.select(outbox.c.created_at, outbox.c.published_at))
        kept = sorted((p is None, c) for c, p in left.all())
        keys = (await session.execute(sa.select(idempotency_key.c.key))).scalars().all()
    await engine.dispose()
    assert len(kept) == 2
    assert [unpublished for unpublished, _ in kept] == [False, True]  # unpublished stay, always
    assert keys == ["new"]
