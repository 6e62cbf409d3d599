"""Streams are brought to their configuration on every start, not only when created.

A real nats-server (one node: three replicas cannot be had, so the replica count is shown
from one, and a drift in another managed field is corrected). Whether ensure_stream changed
anything is read from JetStream's own ``STREAM.UPDATED`` advisories.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import nats
import pytest
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.js.api import StorageType
from nats.js.errors import APIError

from shared.messaging.streams import (
    DUPLICATE_WINDOW_SECONDS,
    RETENTION_SECONDS,
    ensure_deadletter_stream,
    ensure_stream,
    stream_name,
)
from shared.natsserver import NatsServer

STREAM = stream_name("probe")


@pytest.fixture
async def nc(nats_server: NatsServer) -> AsyncIterator[Client]:
    client = await nats.connect(nats_server.url)
    yield client
    await client.close()


async def _updates(nc: Client, action: object) -> int:
    """How many times JetStream reports the probe stream updated while ``action`` runs."""
    seen: list[Msg] = []

    async def record(msg: Msg) -> None:
        seen.append(msg)

    subscription = await nc.subscribe(f"$JS.EVENT.ADVISORY.STREAM.UPDATED.{STREAM}", cb=record)
    await nc.flush()
    await action  # type: ignore[misc]
    await nc.flush()
    await asyncio.sleep(0.3)
    await subscription.unsubscribe()
    return len(seen)


async def test_ensuring_an_unchanged_stream_changes_nothing(nc: Client) -> None:
    js = nc.jetstream()
    await ensure_stream(js, "probe", replicas=1)
    assert await _updates(nc, ensure_stream(js, "probe", replicas=1)) == 0
    info = await js.stream_info(STREAM)
    assert info.config.num_replicas == 1
    assert info.config.subjects == ["blp.probe.>"]


async def test_drift_in_a_managed_field_is_corrected_and_others_are_kept(nc: Client) -> None:
    js = nc.jetstream()
    await ensure_stream(js, "probe", replicas=1)
    info = await js.stream_info(STREAM)
    # an operator (or an older release) changed the limits by hand, and added a cap of its own
    await js.update_stream(
        info.config.evolve(max_age=3600.0, duplicate_window=60.0, max_msgs=10_000)
    )
    await js.publish("blp.probe.x", b"kept")

    assert await _updates(nc, ensure_stream(js, "probe", replicas=1)) == 1
    info = await js.stream_info(STREAM)
    assert info.config.max_age == RETENTION_SECONDS
    assert info.config.duplicate_window == DUPLICATE_WINDOW_SECONDS
    assert info.config.max_msgs == 10_000  # not ours to manage
    assert info.config.storage == StorageType.FILE
    assert info.state.messages == 1  # an update, not a re-creation
    assert await _updates(nc, ensure_stream(js, "probe", replicas=1)) == 0


async def test_replica_count_is_applied_to_an_existing_stream(nc: Client) -> None:
    """One node cannot hold 3 replicas, so the server refuses them: the point is that the
    request reaches it for a stream that already exists (before, only creation asked)."""
    js = nc.jetstream()
    await ensure_stream(js, "probe", replicas=1)
    with pytest.raises(APIError) as refused:
        await ensure_stream(js, "probe", replicas=3)
    assert "replicas > 1 not supported in non-clustered mode" in str(refused.value.description)
    assert (await js.stream_info(STREAM)).config.num_replicas == 1
    await ensure_deadletter_stream(js, replicas=1)  # the count as configured: no update
    assert await _updates(nc, ensure_stream(js, "probe", replicas=1)) == 0
