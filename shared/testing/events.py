"""Publishing and reading domain events on a real NATS server, the way services do."""

from __future__ import annotations

import asyncio
from datetime import datetime

import nats
from nats.js.errors import NotFoundError

from shared.events.base import CloudEvent, Event
from shared.messaging.streams import ensure_stream, stream_name


async def publish(
    nats_url: str, event: Event, *, envelope: CloudEvent | None = None, time: datetime | None = None
) -> CloudEvent:
    """Publish ``event`` as its producer's relay would (same stream, Nats-Msg-Id = id).

    Pass ``envelope`` to publish the very same event again (a duplicate delivery).
    """
    envelope = envelope or CloudEvent.wrap(event)
    if time is not None:
        envelope = envelope.model_copy(update={"time": time})
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        await ensure_stream(js, event.producer())
        # a distinct Msg-Id for a deliberate re-publish, so JetStream lets the duplicate through
        await js.publish(
            envelope.type,
            envelope.model_dump_json().encode(),
            headers={"Nats-Msg-Id": f"{envelope.id}:{datetime.now().timestamp()}"},
        )
    finally:
        await nc.close()
    return envelope


async def collect(
    nats_url: str, producer: str, count: int, timeout: float = 20.0
) -> list[CloudEvent]:
    """The first ``count`` events in a producer's stream (waits for them to be published)."""
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            try:
                info = await js.stream_info(stream_name(producer))
                if info.state.messages >= count:
                    break
            except NotFoundError:
                pass
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"fewer than {count} {producer} events within {timeout}s")
            await asyncio.sleep(0.1)
        subscription = await js.pull_subscribe(f"blp.{producer}.>", stream=stream_name(producer))
        messages = await subscription.fetch(count, timeout=timeout)
        return [CloudEvent.model_validate_json(m.data) for m in messages]
    finally:
        await nc.close()
