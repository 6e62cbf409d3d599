"""Expiry reminders: ``blp.training.certification.expiring`` once per verified certification
and threshold (90, then 30 days before it expires), however often and on however many
replicas the job runs.

The reminder row's primary key (certification, threshold) is the guard: it is written in
the same transaction as the event, so two runs racing cannot both commit it; the loser's
transaction rolls back whole and it sends nothing. A certification first seen inside 30 days
gets the 30-day reminder only; its 90-day one is recorded as needless. A certification whose
renewal is verified gets no more reminders.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm
from fastapi import FastAPI
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from shared.db import session_scope, utcnow
from shared.events.training import CertificationExpiring
from shared.messaging import outbox
from training.certifications.models import Certification, CertificationReminder
from training.certifications.schemas import CertificationStatus

log = logging.getLogger(__name__)

THRESHOLDS = (90, 30)
RUN_EVERY_SECONDS = 3600.0
"""Hourly: a run finds nothing new most of the time, and a day's reminders go out within an
hour of midnight UTC even after a restart."""


async def send_due(*, session: AsyncSession, today: date, now: datetime) -> int:
    """Stage the reminders due ``today``; returns how many events were staged."""
    horizon = today + timedelta(days=max(THRESHOLDS))
    renewal = sa.orm.aliased(Certification)
    renewed = (
        sa.select(renewal.id)
        .where(
            renewal.renews_id == Certification.id,
            renewal.status == CertificationStatus.VERIFIED,
        )
        .exists()
    )
    due = (
        await session.scalars(
            sa.select(Certification).where(
                Certification.status == CertificationStatus.VERIFIED,
                col(Certification.expires_on).between(today, horizon),
                ~renewed,
            )
        )
    ).all()
    if not due:
        return 0
    done = {
        (row.certification_id, row.threshold_days)
        for row in (
            await session.scalars(
                sa.select(CertificationReminder).where(
                    col(CertificationReminder.certification_id).in_([c.id for c in due])
                )
            )
        ).all()
    }
    sent = 0
    for certification in due:
        assert certification.expires_on is not None
        left = (certification.expires_on - today).days
        reached = [t for t in THRESHOLDS if left <= t and (certification.id, t) not in done]
        if not reached:
            continue
        nearest = min(reached)
        for threshold in reached:
            session.add(
                CertificationReminder(
                    certification_id=certification.id,
                    threshold_days=threshold,
                    event_sent=threshold == nearest,
                    created_at=now,
                )
            )
        await outbox.add(
            session,
            CertificationExpiring(
                certification_id=certification.id,
                company_id=certification.company_id,
                trainee_id=certification.trainee_id,
                expires_on=certification.expires_on,
                threshold_days=nearest,
            ),
        )
        sent += 1
    await session.flush()
    return sent


async def run_once(sessions: async_sessionmaker[AsyncSession], today: date | None = None) -> int:
    """One run of the job in its own transaction; 0 when another run got there first."""
    sent = 0
    try:
        # the scope commits when the loop body is done: no return from inside it
        async for session in session_scope(sessions):
            sent = await send_due(session=session, today=today or utcnow().date(), now=utcnow())
    except IntegrityError:
        log.info("expiry reminders were sent by another run meanwhile")
        return 0
    return sent


def reminder_job(app: FastAPI) -> contextlib.AbstractAsyncContextManager[Any]:
    """The service resource that runs the job hourly while the service runs its workers."""

    @contextlib.asynccontextmanager
    async def running() -> AsyncIterator[None]:
        runtime = app.state.runtime
        if not runtime.settings.run_workers:
            yield
            return

        async def loop() -> None:
            while True:
                try:
                    sent = await run_once(runtime.sessions)
                    if sent:
                        log.info("expiry reminders sent", extra={"reminders": sent})
                except Exception:
                    log.exception("expiry reminders failed; retrying at the next run")
                await asyncio.sleep(RUN_EVERY_SECONDS)

        task = asyncio.create_task(loop(), name="expiry-reminders")
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return running()
