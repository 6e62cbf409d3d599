"""What the databases and the streams say after the run: lost, duplicated, drained.

For each producer, its outbox is what it published; for each consumer, its inbox is what it
applied (one row per event id and consumer). An event is **lost** when a consumer that
handles its type has no inbox row for it once everything drained, and **duplicated** when the
producer's stream holds it more than once or an effect shows it applied twice (the effects
are compared by the test: participation rows against selections, and so on).
"""

from __future__ import annotations

import asyncio
import importlib
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import nats

from blp.services import DOMAIN_SERVICES
from shared.events.base import CloudEvent
from shared.messaging.streams import DEADLETTER_STREAM, stream_name
from shared.testing.databases import asyncpg_dsn


def handled_types(service: str) -> set[str]:
    handlers = importlib.import_module(f"{service}.handlers").EVENT_HANDLERS
    return {event.event_type for event in handlers}


async def rows(url: str, query: str, *args: Any) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        return list(await connection.fetch(query, *args))
    finally:
        await connection.close()


@dataclass
class Ledger:
    published: dict[str, dict[str, str]] = field(default_factory=dict)  # producer: id -> type
    unpublished: dict[str, int] = field(default_factory=dict)
    applied: dict[str, set[str]] = field(default_factory=dict)  # consumer: event ids
    expected: dict[str, set[str]] = field(default_factory=dict)  # consumer: event ids

    @property
    def events(self) -> int:
        return sum(len(p) for p in self.published.values())

    @property
    def deliveries(self) -> int:
        return sum(len(a) for a in self.applied.values())

    def lost(self) -> dict[str, set[str]]:
        return {c: self.expected[c] - self.applied[c] for c in self.expected}

    def unknown(self) -> dict[str, set[str]]:
        return {c: self.applied[c] - self.expected[c] for c in self.expected}

    def by_type(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for events in self.published.values():
            counts.update(events.values())
        return dict(sorted(counts.items()))


async def ledger(urls: dict[str, str]) -> Ledger:
    result = Ledger()
    for service in DOMAIN_SERVICES:
        outbox = await rows(
            urls[service], "SELECT event_id, subject, published_at FROM outbox_message"
        )
        result.published[service] = {r["event_id"]: r["subject"] for r in outbox}
        result.unpublished[service] = sum(1 for r in outbox if r["published_at"] is None)
    for service in DOMAIN_SERVICES:
        inbox = await rows(
            urls[service], "SELECT event_id FROM inbox_message WHERE consumer = $1", service
        )
        result.applied[service] = {r["event_id"] for r in inbox}
        types = handled_types(service)
        result.expected[service] = {
            event_id
            for producer, events in result.published.items()
            if producer != service
            for event_id, kind in events.items()
            if kind in types
        }
    return result


async def drained(urls: dict[str, str], timeout: float) -> tuple[Ledger, float]:
    """Wait until every outbox row is published and every consumer applied what it handles.

    A lease held by a killed relay and a message in flight at a killed consumer both come back
    after 30 s (the relay's lease, the consumer's ack wait): the timeout allows for that.
    """
    started = time.monotonic()
    while True:
        state = await ledger(urls)
        done = not any(state.unpublished.values()) and not any(state.lost().values())
        if done or time.monotonic() - started > timeout:
            return state, time.monotonic() - started
        await asyncio.sleep(0.5)


@dataclass
class StreamState:
    messages: dict[str, int]  # producer: messages in its stream
    duplicates: dict[str, int]  # producer: messages beyond the first of the same event id
    foreign: dict[str, int]  # producer: messages whose id is not in its outbox
    deadletters: int
    pending: dict[str, dict[str, int]]  # consumer: {producer: unacked or undelivered}


async def streams(nats_url: str, state: Ledger) -> StreamState:
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        messages, duplicates, foreign = {}, {}, {}
        for producer, outbox in state.published.items():
            try:
                info = await js.stream_info(stream_name(producer))
            except nats.js.errors.NotFoundError:
                messages[producer] = duplicates[producer] = foreign[producer] = 0
                continue
            count = info.state.messages
            messages[producer] = count
            ids: Counter[str] = Counter()
            if count:
                subscription = await js.pull_subscribe(
                    f"blp.{producer}.>", stream=stream_name(producer)
                )
                fetched = []
                while len(fetched) < count:
                    batch = await subscription.fetch(min(256, count - len(fetched)), timeout=10)
                    fetched.extend(batch)
                await subscription.unsubscribe()
                ids.update(CloudEvent.model_validate_json(m.data).id for m in fetched)
            duplicates[producer] = sum(n - 1 for n in ids.values())
            foreign[producer] = len(set(ids) - set(outbox))
        try:
            deadletters = (await js.stream_info(DEADLETTER_STREAM)).state.messages
        except nats.js.errors.NotFoundError:
            deadletters = 0
        pending: dict[str, dict[str, int]] = {}
        for consumer in DOMAIN_SERVICES:
            for producer in DOMAIN_SERVICES:
                try:
                    info = await js.consumer_info(stream_name(producer), consumer)
                except nats.js.errors.NotFoundError:
                    continue
                pending.setdefault(consumer, {})[producer] = info.num_pending + info.num_ack_pending
        return StreamState(messages, duplicates, foreign, deadletters, pending)
    finally:
        await nc.close()
