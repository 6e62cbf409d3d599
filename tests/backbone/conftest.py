from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

import pytest

from shared.natsserver import NatsServer
from tests.backbone.harness import Consumer, Producer, make_side


@pytest.fixture
async def producer(
    database: Callable[[str], str], nats_server: NatsServer
) -> AsyncIterator[Producer]:
    # the producer side lives in a real, migrated service database (registry's schema)
    engine, sessions, broker = await make_side(database("registry"), nats_server.url, "producer")
    yield Producer(engine, sessions, broker)
    await broker.close()
    await engine.dispose()


@pytest.fixture
async def consumer_side(
    database: Callable[[str], str], nats_server: NatsServer
) -> AsyncIterator[Consumer]:
    engine, sessions, broker = await make_side(database("assessment"), nats_server.url, "consumer")
    yield Consumer(engine, sessions, broker)
    await broker.close()
    await engine.dispose()


@pytest.fixture
async def run_task() -> AsyncIterator[Callable[[Coroutine[Any, Any, Any]], asyncio.Task[Any]]]:
    """Start background coroutines; they are cancelled when the test ends."""
    tasks: list[asyncio.Task[Any]] = []

    def start(coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.create_task(coroutine)
        tasks.append(task)
        return task

    yield start
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
