"""Transactional outbox: the event row is written in the caller's transaction.

A broker outage delays events, it never loses them; a rolled-back change publishes nothing.
The relay that ships rows to JetStream lives in ``shared.messaging.relay``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from shared.db import insert_rows
from shared.events.base import CloudEvent, Event
from shared.messaging.schema import outbox

_PENDING = "blp_outbox_pending"
_wakers: dict[int, list[Callable[[], None]]] = {}


async def add(session: AsyncSession, event: Event, *, event_id: str | None = None) -> CloudEvent:
    """Stage ``event`` for publication in the session's transaction; returns its envelope.

    ``event_id`` derives the id from what the event is about (an event due once per budget,
    module and threshold): two replicas staging it publish it once, since JetStream and the
    consumers' inboxes dedup on the id.
    """
    envelope = CloudEvent.wrap(event)
    if event_id is not None:
        envelope = envelope.model_copy(update={"id": event_id})
    return (await _stage(session, [envelope]))[0]


async def add_many(session: AsyncSession, events: list[Event]) -> list[CloudEvent]:
    """Stage several events with one round trip (bulk imports write thousands at a time)."""
    return await _stage(session, [CloudEvent.wrap(event) for event in events])


async def _stage(session: AsyncSession, envelopes: list[CloudEvent]) -> list[CloudEvent]:
    if not envelopes:
        return []
    now = datetime.now(UTC)
    await insert_rows(
        session,
        outbox,
        [
            {"event_id": e.id, "subject": e.type, "payload": e.model_dump_json(), "created_at": now}
            for e in envelopes
        ],
    )
    session.sync_session.info[_PENDING] = True
    return envelopes


def on_commit(engine: sa.Engine, wake: Callable[[], None]) -> Callable[[], None]:
    """Call ``wake`` after any commit on ``engine`` that staged events; returns an unsubscribe."""
    _wakers.setdefault(id(engine), []).append(wake)
    return lambda: _wakers.get(id(engine), []).remove(wake)


@sa_event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if not session.info.pop(_PENDING, False):
        return
    bind = session.get_bind()
    engine = bind.engine if isinstance(bind, sa.Connection) else bind
    for wake in _wakers.get(id(engine), []):
        wake()


@sa_event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)
