"""Periodic clean-up every service runs: old published outbox rows, expired idempotency keys.

Both tables only grow otherwise. The deletes are idempotent, so several replicas running them
at once do no harm.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.idempotency import idempotency_key
from shared.messaging.schema import outbox

log = logging.getLogger(__name__)

PUBLISHED_RETENTION = timedelta(days=7)
"""Published events stay a week in the outbox for inspection; the stream keeps them longer."""
IDEMPOTENCY_RETENTION = timedelta(hours=24)
"""A client retrying a create a day later is making a new request."""
INTERVAL_SECONDS = 3600.0


async def sweep(sessions: async_sessionmaker[AsyncSession], now: datetime | None = None) -> None:
    now = now or datetime.now(UTC)
    async with sessions() as session, session.begin():
        await session.execute(
            sa.delete(outbox).where(outbox.c.published_at < now - PUBLISHED_RETENTION)
        )
        await session.execute(
            sa.delete(idempotency_key).where(
                idempotency_key.c.created_at < now - IDEMPOTENCY_RETENTION
            )
        )


async def run(
    sessions: async_sessionmaker[AsyncSession], interval: float = INTERVAL_SECONDS
) -> None:
    while True:
        try:
            await sweep(sessions)
        except Exception as exc:
            log.warning("housekeeping failed", extra={"error": repr(exc)})
        await asyncio.sleep(interval)
