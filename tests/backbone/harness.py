"""A small test-only producer and consumer on real databases and a real NATS server.

The producer writes a ``probe`` row and its ``ProbeRecorded`` event in one transaction; the
consumer records each applied event in ``probe_applied``. Counting rows there is how the
tests tell "exactly once" from "lost" or "applied twice".
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shared.db import create_engine, new_metadata, session_factory
from shared.events.base import CloudEvent, Event
from shared.messaging import outbox
from shared.messaging.backoff import Backoff
from shared.messaging.broker import Broker
from shared.messaging.consumer import EventConsumer
from shared.messaging.relay import OutboxRelay
from shared.messaging.schema import outbox as outbox_table


class ProbeRecorded(Event):
    """Test-only event of the test-only ``testkit`` producer."""

    event_type = "blp.testkit.probe.recorded"
    subject_field = "probe_id"

    probe_id: uuid.UUID
    n: int
    poison: bool = False


test_metadata = new_metadata()
probe = sa.Table(
    "probe",
    test_metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("n", sa.Integer, nullable=False),
)
probe_applied = sa.Table(
    "probe_applied",
    test_metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(36), nullable=False),
    sa.Column("n", sa.Integer, nullable=False),
)


async def create_test_tables(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(test_metadata.create_all)


@dataclass
class Producer:
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    broker: Broker

    async def write(self, n: int, *, poison: bool = False, commit: bool = True) -> CloudEvent:
        """One business change and its event, in one transaction."""
        async with self.sessions() as session:
            probe_id = uuid.uuid4()
            await session.execute(sa.insert(probe).values(id=str(probe_id), n=n))
            envelope = await outbox.add(
                session, ProbeRecorded(probe_id=probe_id, n=n, poison=poison)
            )
            if commit:
                await session.commit()
            else:
                await session.rollback()
        return envelope

    def relay(self, **kwargs: Any) -> OutboxRelay:
        kwargs.setdefault("poll_seconds", 0.5)
        return OutboxRelay(service="testkit", sessions=self.sessions, broker=self.broker, **kwargs)

    async def outbox_rows(self) -> list[sa.Row[Any]]:
        async with self.sessions() as session:
            return list((await session.execute(sa.select(outbox_table))).all())


@dataclass
class Consumer:
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    broker: Broker
    fail_on: Callable[[ProbeRecorded], bool] = lambda _: False
    calls: list[uuid.UUID] = field(default_factory=list)

    async def handle(
        self, session: AsyncSession, event: ProbeRecorded, envelope: CloudEvent
    ) -> None:
        self.calls.append(event.probe_id)
        if self.fail_on(event):
            raise RuntimeError(f"cannot apply probe {event.n}")
        await session.execute(sa.insert(probe_applied).values(event_id=envelope.id, n=event.n))

    def consumer(self, **kwargs: Any) -> EventConsumer:
        kwargs.setdefault("fetch_timeout", 0.5)
        kwargs.setdefault("retry_backoff", Backoff(0.05, 0.2))
        return EventConsumer(
            service="probeconsumer",
            sessions=self.sessions,
            broker=self.broker,
            handlers={ProbeRecorded: [self.handle]},
            **kwargs,
        )

    async def applied(self) -> list[sa.Row[Any]]:
        async with self.sessions() as session:
            return list((await session.execute(sa.select(probe_applied))).all())


async def make_side(url: str, nats_url: str, name: str) -> tuple[AsyncEngine, Any, Broker]:
    engine = create_engine(url)
    await create_test_tables(engine)
    broker = Broker(nats_url, name=name)
    await broker.start()
    return engine, session_factory(engine), broker


async def eventually(
    check: Callable[[], Awaitable[bool]], timeout: float = 20.0, interval: float = 0.1
) -> None:
    """Wait until ``check`` holds; fail with a clear message when it never does."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        if await check():
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s: {check.__name__}")
        await asyncio.sleep(interval)
