"""The service's NATS connection: connects in the background and reconnects forever.

A service must start, serve and accept writes while the broker is down (the outbox holds the
events), so nothing here blocks start-up on NATS.
"""

from __future__ import annotations

import asyncio
import logging

import nats
from nats.aio.client import Client
from nats.js import JetStreamContext

from shared.messaging.backoff import Backoff

log = logging.getLogger(__name__)


class Broker:
    def __init__(self, url: str, name: str) -> None:
        self.url = url
        self.name = name
        self._nc: Client | None = None
        self._connected = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self.generation = 0
        """Bumped on every (re)connect; pull subscriptions are rebuilt when it changes."""

    @property
    def nc(self) -> Client:
        if self._nc is None:
            raise ConnectionError("not connected to NATS")
        return self._nc

    @property
    def js(self) -> JetStreamContext:
        return self.nc.jetstream(timeout=5.0)

    @property
    def is_connected(self) -> bool:
        return self._nc is not None and self._nc.is_connected

    async def wait_connected(self) -> None:
        await self._connected.wait()

    async def start(self) -> None:
        self._task = asyncio.create_task(self._connect_loop(), name=f"nats-connect-{self.name}")

    async def _connect_loop(self) -> None:
        backoff = Backoff(0.2, 5.0)
        while True:
            try:
                self._nc = await nats.connect(
                    self.url,
                    name=self.name,
                    connect_timeout=2,
                    allow_reconnect=True,
                    max_reconnect_attempts=-1,
                    reconnect_time_wait=0.5,
                    disconnected_cb=self._on_disconnected,
                    reconnected_cb=self._on_reconnected,
                    error_cb=self._on_error,
                )
            except Exception as exc:
                delay = backoff.next()
                log.warning(
                    "nats connect failed, retrying", extra={"error": str(exc), "retry_in": delay}
                )
                await asyncio.sleep(delay)
                continue
            log.info("nats connected", extra={"url": self.url})
            self.generation += 1
            self._connected.set()
            return

    async def _on_disconnected(self) -> None:
        self._connected.clear()
        if not self._closing:  # a stopping service closes it itself: nothing to warn about
            log.warning("nats disconnected")

    async def _on_reconnected(self) -> None:
        self.generation += 1
        self._connected.set()
        log.info("nats reconnected")

    async def _on_error(self, exc: Exception) -> None:
        log.warning("nats error", extra={"error": repr(exc)})

    async def close(self) -> None:
        self._closing = True
        if self._task is not None and not self._task.done():
            self._task.cancel()
        if self._nc is not None and not self._nc.is_closed:
            try:
                await asyncio.wait_for(self._nc.drain(), timeout=5)
            except Exception:
                await self._nc.close()
