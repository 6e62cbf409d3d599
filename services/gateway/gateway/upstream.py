"""Keep-alive HTTP/1.1 connections to the services, pooled per service.

The gateway's own client instead of aiohttp on the hot path: aiohttp builds a request
object, a response object, a stream reader and a timer per call, which was about a third of
the gateway's CPU per proxied request (docs/performance.md). Here a connection is an
``asyncio.Protocol`` with an httptools response parser whose callbacks hand the response
straight to the exchange that owns the connection (``gateway.exchange``): no task, no
future and no intermediate buffer per request.
"""

from __future__ import annotations

import asyncio
import collections
import ssl
import time
from dataclasses import dataclass
from typing import Protocol, cast
from urllib.parse import urlsplit

import httptools

# a service keeps an idle connection open for 5 s (uvicorn's default); closing ours a little
# earlier keeps us from sending a request on a connection the service is just closing
IDLE_SECONDS = 4.0
CONNECTIONS_PER_SERVICE = 256  # what aiohttp's limit_per_host was


class Receiver(Protocol):
    """What an upstream connection reports to: the exchange using it (gateway.exchange)."""

    def upstream_head(self, status: int, headers: list[tuple[bytes, bytes]], chunked: bool) -> None:
        """The response's status and headers (interim 1xx responses are not reported)."""

    def upstream_body(self, chunk: bytes) -> None:
        """A piece of the response body, already de-chunked."""

    def upstream_flush(self) -> None:
        """The end of one read from the socket: a good moment to write to the client."""

    def upstream_done(self, reusable: bool) -> None:
        """The response is complete; ``reusable``: the connection may carry another."""

    def upstream_lost(self, exc: BaseException | None, received: bool) -> None:
        """The connection broke (or sent garbage) before the response was complete."""

    def upstream_paused(self, paused: bool) -> None:
        """The connection's send buffer is full (True) or drained again (False)."""


@dataclass(frozen=True, slots=True)
class Upstream:
    """Where one service listens, parsed once from its base URL."""

    host: str
    port: int
    ssl: ssl.SSLContext | None
    host_header: bytes  # what the Host header of a forwarded request says
    path_prefix: bytes  # a base URL's path, put before every forwarded path

    @classmethod
    def from_url(cls, url: str) -> Upstream:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) base URL: {url!r}")
        secure = parts.scheme == "https"
        return cls(
            host=parts.hostname,
            port=parts.port or (443 if secure else 80),
            ssl=ssl.create_default_context() if secure else None,
            host_header=parts.netloc.encode("idna"),
            path_prefix=parts.path.rstrip("/").encode(),
        )


class UpstreamConnection(asyncio.Protocol):
    """One connection to a service; carries one request at a time (no pipelining)."""

    def __init__(self, pool: UpstreamPool, service: str) -> None:
        self.pool = pool
        self.service = service
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.receiver: Receiver | None = None
        self.closed = False
        self.counted = True  # still counted among the pool's open connections
        self.reused = False  # has carried a request before the current one
        self.idle_since = 0.0
        self.received = False  # any byte of the current response arrived
        self.skip_body = False  # the current request is HEAD: the response has no body
        self.paused = False  # reading paused: the client reads slower than we receive
        self._headers: list[tuple[bytes, bytes]] = []
        self._interim = False
        self._until_close = False  # a body delimited by the connection closing

    # asyncio.Protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass

    def data_received(self, data: bytes) -> None:
        receiver = self.receiver
        if receiver is None:  # bytes nobody asked for: the connection is not reusable
            self.pool.discard(self)
            return
        self.received = True
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._lost(exc)
            return
        receiver.upstream_flush()

    def eof_received(self) -> bool:
        return False  # close our side too; connection_lost follows

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self.receiver is None:  # idle: the service closed it
            self.pool.forget(self)
        else:
            if self._until_close:
                receiver, self.receiver = self.receiver, None
                receiver.upstream_done(False)
            else:
                self._lost(exc)

    def pause_writing(self) -> None:
        if self.receiver is not None:
            self.receiver.upstream_paused(True)

    def resume_writing(self) -> None:
        if self.receiver is not None:
            self.receiver.upstream_paused(False)

    # httptools callbacks

    def on_message_begin(self) -> None:
        self._headers = []

    def on_header(self, name: bytes, value: bytes) -> None:
        self._headers.append((name.lower(), value))

    def on_headers_complete(self) -> None:
        status = self.parser.get_status_code()
        if status < 200:  # 100 Continue and friends: the final response follows
            self._interim = True
            return
        chunked = False
        self._until_close = False
        if not self.skip_body and status != 204 and status != 304:
            length = False
            for name, value in self._headers:
                if name == b"transfer-encoding":
                    chunked = value.lower().endswith(b"chunked")
                elif name == b"content-length":
                    length = True
            self._until_close = not chunked and not length
        assert self.receiver is not None
        self.receiver.upstream_head(status, self._headers, chunked)
        if self.skip_body:
            # llhttp would wait for the body a HEAD response's Content-Length announces
            self._finish(False)

    def on_body(self, body: bytes) -> None:
        if self.receiver is not None:
            self.receiver.upstream_body(body)

    def on_message_complete(self) -> None:
        if self._interim:
            self._interim = False
            return
        if self.receiver is not None:
            self._finish(self.parser.should_keep_alive())

    # for the exchange

    def send(self, data: bytes) -> None:
        assert self.transport is not None
        self.transport.write(data)

    def pause_reading(self, paused: bool) -> None:
        if self.transport is not None and not self.closed and paused != self.paused:
            self.paused = paused
            if paused:
                self.transport.pause_reading()
            else:
                self.transport.resume_reading()

    def close(self) -> None:
        """Abandon the connection (mid-response, or not reusable)."""
        self.receiver = None
        if not self.closed:
            self.closed = True
            if self.transport is not None:
                self.transport.close()

    def _finish(self, reusable: bool) -> None:
        receiver, self.receiver = self.receiver, None
        assert receiver is not None
        receiver.upstream_done(reusable and not self.skip_body and not self._until_close)

    def _lost(self, exc: BaseException | None) -> None:
        receiver, self.receiver = self.receiver, None
        self.close()
        if receiver is not None:
            receiver.upstream_lost(exc, self.received)


class UpstreamPool:
    """Idle keep-alive connections per service, most recently used first."""

    def __init__(self, upstreams: dict[str, Upstream]) -> None:
        self.upstreams = upstreams
        self._idle: dict[str, collections.deque[UpstreamConnection]] = {
            name: collections.deque() for name in upstreams
        }
        self._open: dict[str, int] = dict.fromkeys(upstreams, 0)
        self._waiters: dict[str, collections.deque[asyncio.Future[None]]] = {
            name: collections.deque() for name in upstreams
        }
        self._closing = False

    def take(self, service: str) -> UpstreamConnection | None:
        """An idle connection ready for a request, or None (then ``connect``)."""
        idle = self._idle[service]
        now = time.monotonic()
        while idle:
            connection = idle.pop()
            if not connection.closed and now - connection.idle_since < IDLE_SECONDS:
                connection.reused = True
                return connection
            self.forget(connection)
        return None

    async def connect(self, service: str, timeout: float) -> UpstreamConnection:
        """A new connection; waits for a free slot when the service has too many open."""
        while self._open[service] >= CONNECTIONS_PER_SERVICE:
            waiter = asyncio.get_running_loop().create_future()
            self._waiters[service].append(waiter)
            try:
                await waiter
            finally:
                if not waiter.done():
                    waiter.cancel()
            if (connection := self.take(service)) is not None:
                return connection
        upstream = self.upstreams[service]
        self._open[service] += 1
        try:
            _, connection = await asyncio.wait_for(
                asyncio.get_running_loop().create_connection(
                    lambda: UpstreamConnection(self, service),
                    upstream.host,
                    upstream.port,
                    ssl=upstream.ssl,
                ),
                timeout,
            )
        except BaseException:
            self._open[service] -= 1
            self._wake(service)
            raise
        return connection

    def release(self, connection: UpstreamConnection) -> None:
        """Back to the pool after a complete, reusable exchange."""
        if connection.closed or self._closing:
            self.discard(connection)
            return
        if connection.paused:  # the last bytes came in the read that made the client wait
            connection.pause_reading(False)
        connection.idle_since = time.monotonic()
        idle = self._idle[connection.service]
        idle.append(connection)
        # the oldest idle connection is the likeliest to have outlived the service's patience
        oldest = idle[0]
        if connection.idle_since - oldest.idle_since >= IDLE_SECONDS:
            idle.popleft()
            self.discard(oldest)
        if self._waiters[connection.service]:
            self._wake(connection.service)

    def discard(self, connection: UpstreamConnection) -> None:
        """A connection that will not be used again."""
        connection.close()
        self.forget(connection)

    def close(self) -> None:
        self._closing = True
        for idle in self._idle.values():
            while idle:
                self.discard(idle.pop())

    def forget(self, connection: UpstreamConnection) -> None:
        """Stop counting a closed connection against the service's limit."""
        if connection.counted:
            connection.counted = False
            self._open[connection.service] -= 1
            self._wake(connection.service)

    def _wake(self, service: str) -> None:
        waiters = self._waiters[service]
        while waiters:
            waiter = waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
