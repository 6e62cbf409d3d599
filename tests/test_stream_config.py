"""Streams are brought to their configuration on every start, not only when created.

Real nats-servers: one node (a drift in a managed field is corrected, an unchanged stream
is left alone, and the replica count is sent for an existing stream), and a cluster of
three (an existing one-replica stream gets its three replicas). Whether ensure_stream
changed anything is read from JetStream's own ``STREAM.UPDATED`` advisories.
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import nats
import pytest
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import StorageType
from nats.js.errors import APIError

from shared.messaging.streams import (
    DUPLICATE_WINDOW_SECONDS,
    RETENTION_SECONDS,
    ensure_deadletter_stream,
    ensure_stream,
    stream_name,
)
from shared.natsserver import NatsServer, binary, die_with_parent, free_port

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


@pytest.fixture
def nats_cluster(tmp_path: Path) -> Iterator[list[str]]:
    """Three clustered nats-servers with JetStream; yields their client URLs."""
    ports = [free_port() for _ in range(3)]
    routes = [free_port() for _ in range(3)]
    processes = []
    for n in range(3):
        log = open(tmp_path / f"nats-{n}.log", "ab")  # noqa: SIM115 (closed by the process)
        processes.append(
            subprocess.Popen(
                [
                    binary(),
                    *("-a", "127.0.0.1", "-p", str(ports[n]), "-n", f"blp-{n}"),
                    *("-js", "-sd", str(tmp_path / f"store-{n}")),
                    *("--cluster_name", "blp", "--cluster", f"nats://127.0.0.1:{routes[n]}"),
                    "--routes",
                    ",".join(f"nats://127.0.0.1:{r}" for i, r in enumerate(routes) if i != n),
                ],
                stdout=log,
                stderr=log,
                start_new_session=True,
                preexec_fn=die_with_parent,
            )
        )
    try:
        deadline = time.monotonic() + 15
        for port in ports:
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    assert time.monotonic() < deadline, f"nats-server on {port} did not start"
                    time.sleep(0.05)
        yield [f"nats://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


async def _patiently(call: Callable[[], Awaitable[object]]) -> None:
    """``call`` until it succeeds: a young cluster elects its leaders (the meta leader, then
    each stream's) for some seconds, answering "no responders" or nothing meanwhile."""
    deadline = time.monotonic() + 30
    while True:
        try:
            await call()
            return
        except (nats.errors.Error, TimeoutError):
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.5)


async def _clustered(js: JetStreamContext) -> None:
    """Wait until the cluster can place three replicas."""

    async def warm_up() -> None:
        await js.add_stream(name="WARMUP", subjects=["warmup"], num_replicas=3)
        await js.delete_stream("WARMUP")

    await _patiently(warm_up)


async def test_an_existing_stream_gets_the_clusters_replicas(nats_cluster: list[str]) -> None:
    nc = await nats.connect(servers=nats_cluster)
    try:
        js = nc.jetstream(timeout=10)
        await _clustered(js)
        # made while the platform had one server
        await _patiently(lambda: ensure_stream(js, "probe", replicas=1))
        once = {"Nats-Msg-Id": "kept"}  # a retried publish is not stored twice
        await _patiently(lambda: js.publish("blp.probe.x", b"kept", headers=once))
        assert (await js.stream_info(STREAM)).config.num_replicas == 1

        # (a cluster may report one update from more than one server)
        assert await _updates(nc, ensure_stream(js, "probe", replicas=3)) >= 1
        deadline = time.monotonic() + 30
        while True:  # the new replicas catch up in the background
            info = await js.stream_info(STREAM)
            peers = info.cluster.replicas if info.cluster else None
            if peers and len(peers) == 2 and all(p.current for p in peers):
                break
            assert time.monotonic() < deadline, info.cluster
            await asyncio.sleep(0.5)
        assert info.config.num_replicas == 3
        assert info.state.messages == 1
        assert await _updates(nc, ensure_stream(js, "probe", replicas=3)) == 0
    finally:
        await nc.close()
