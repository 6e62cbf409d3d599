"""One proxied request on the fast path: client request head to the last response byte.

Driven by callbacks, not a coroutine: the client protocol (``gateway.protocol``) reports
the request as httptools parses it, the upstream connection (``gateway.upstream``) reports
the response as it arrives, and each report writes straight to the other side. Only opening
a new upstream connection runs as a task. That is what makes this path cheap: no ASGI
messages, no task, no future and no response object per request.

It does what the ASGI proxy and ``RequestContextMiddleware`` do for a proxied call, in the
same words: request id (accepted or generated, forwarded, returned, logged), bearer token
check, per-caller rate limit, body limits, per-service timeouts, hop-by-hop headers dropped,
``Location`` rewritten, problem+json errors, request metrics and the JSON access line.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import time
from typing import TYPE_CHECKING, Any

from gateway.deadlines import Deadlines
from gateway.proxy import HOP_BY_HOP, RESPONSE_DROPPED, Proxy, is_bulk
from gateway.tally import RequestTally
from gateway.upstream import UpstreamConnection, UpstreamPool
from gateway.wire import STATUS_LINE, problem_bytes
from shared import context, i18n
from shared.errors import Problem
from shared.i18n import Text
from shared.middleware import log as access_log

if TYPE_CHECKING:
    from gateway.protocol import GatewayHttpProtocol

log = logging.getLogger("gateway.proxy")

_VALID_ID = re.compile(rb"^[A-Za-z0-9._:\-]{1,128}$")  # as shared.middleware accepts them
# request headers the exchange sets itself, or that only concern the client's connection
_REQUEST_DROPPED = frozenset(n.encode() for n in HOP_BY_HOP) | {
    b"expect",  # answered here (100 Continue); the service gets the body without asking
    b"x-forwarded-for",
    b"x-forwarded-host",
    b"x-forwarded-proto",
    b"x-request-id",
}
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})
_NO_BODY_METHODS = frozenset({"GET", "HEAD", "DELETE", "OPTIONS", "TRACE"})
REPLAY_LIMIT = 64 * 1024  # requests up to this size are kept to resend once (stale connection)
PENDING_LIMIT = 64 * 1024  # request body buffered before the upstream is ready: then pause
LINGER_SECONDS = 2.0  # reading a refused body before closing, so the client sees the answer
CLIENT_CLOSED = 499  # nginx's status for "the client went away first", in metrics and logs


class _RequestIds:
    """Fresh request ids from the kernel's CSPRNG, read 4 KiB at a time.

    One ``os.urandom(16)`` per request was one ``getrandom`` syscall per request; the ids
    are the same kind (32 hex digits, 128 random bits). uvicorn starts workers by spawning,
    not forking, so no two processes share a buffer.
    """

    def __init__(self) -> None:
        self._buffer = b""
        self._at = 0

    def new(self) -> str:
        at = self._at
        if at + 16 > len(self._buffer):
            self._buffer, at = os.urandom(4096), 0
        self._at = at + 16
        return self._buffer[at : at + 16].hex()


new_request_id = _RequestIds().new


class Forwarder:
    """What every exchange of one gateway process shares: the proxy's rules, pool, metrics."""

    def __init__(self, proxy: Proxy) -> None:
        self.proxy = proxy
        self.pool: UpstreamPool = proxy.pool
        self.prefixes = {name: b"/v1/" + name.encode() for name in proxy.upstreams}
        # request metrics grouped as RequestContextMiddleware groups proxied calls
        self.routes = {name: f"/v1/{name}/*" for name in proxy.upstreams}
        self.tally = RequestTally()
        self.deadlines = Deadlines()


class ProxyExchange:
    """One request to ``/v1/<service>/...``; lives on the client protocol as its cycle."""

    __slots__ = (
        "_connecting",
        "_discard",
        "_early",
        "_expect_continue",
        "_out",
        "_out_chunked",
        "_paused_client",
        "_pending",
        "_pending_size",
        "_replay",
        "_replay_size",
        "_retried",
        "_started",
        "_timeout",
        "body_expected",
        "chunked",
        "client",
        "connection",
        "forwarder",
        "headers",
        "http10",
        "keep_alive",
        "length",
        "limit",
        "method",
        "path",
        "received",
        "request_complete",
        "request_id",
        "response_complete",
        "response_started",
        "service",
        "status",
        "target",
    )

    def __init__(
        self,
        client: GatewayHttpProtocol,
        forwarder: Forwarder,
        service: str,
        method: str,
        path: str,
        target: bytes,
        headers: list[tuple[bytes, bytes]],
        *,
        keep_alive: bool,
        http10: bool,
        expect_continue: bool,
    ) -> None:
        self.client = client
        self.forwarder = forwarder
        self.service = service
        self.method = method
        self.path = path  # the gateway path, for limits and the access log
        self.target = target  # the service's request-target: path and query, raw
        self.headers = headers
        self.keep_alive = keep_alive
        self.http10 = http10
        self._expect_continue = expect_continue
        self.request_id = ""
        self.status = 0
        self.response_started = False
        self.response_complete = False  # read by uvicorn's protocol for pipelining
        self.request_complete = False  # the client has sent the whole request
        self.body_expected = False
        self.chunked = False
        self.length: int | None = None
        self.limit = 0
        self.received = 0
        self.connection: UpstreamConnection | None = None
        self._connecting: asyncio.Task[None] | None = None
        self._pending: list[bytes] = []  # for the upstream, not yet written
        self._pending_size = 0
        self._out: list[bytes] = []  # for the client, not yet written
        self._out_chunked = False
        self._early: list[bytes] | None = []  # body read before the request's turn came
        self._paused_client = False  # we paused reading the client (the service is slow)
        self._replay: list[bytes] | None = None  # the request as sent, to resend once
        self._replay_size = 0
        self._retried = False
        self._discard = False  # the answer is out: the rest of the request body is dropped
        self._timeout = 0.0  # seconds the service has, once the request is under way
        self._started = 0.0

    # -- from the client protocol ---------------------------------------------------------

    def start(self) -> None:
        """The request's turn has come (at once, or after the one pipelined before it)."""
        self._started = time.perf_counter()
        early, self._early = self._early, None
        try:
            self._start()
            if early:
                for chunk in early:
                    self.client_body(chunk)
            if self.request_complete and self.chunked and not self._discard:
                self._send_up(b"0\r\n\r\n")
        except Exception:
            self._crash()

    def client_body(self, chunk: bytes) -> None:
        if self._early is not None:
            self._early.append(chunk)
            return
        if self.response_complete or self._discard:
            return
        try:
            self.received += len(chunk)
            if self.received > self.limit:
                self._too_large()
                return
            self._send_up(b"%x\r\n%b\r\n" % (len(chunk), chunk) if self.chunked else chunk)
        except Exception:
            self._crash()

    def client_done(self) -> None:
        """The client has sent the whole request (body included)."""
        self.request_complete = True
        if self._early is not None:
            return
        if self.response_complete or self._discard:
            self.client.request_read(self)
            return
        try:
            if self.chunked:
                self._send_up(b"0\r\n\r\n")
        except Exception:
            self._crash()

    def client_lost(self) -> None:
        """The client's connection is gone: drop the upstream side of an unfinished call."""
        if self.response_complete or self._early is not None:  # done, or never started
            return
        self.keep_alive = False
        if self._connecting is not None:
            self._connecting.cancel()
        self._drop_connection()
        self._record(CLIENT_CLOSED if not self.response_started else self.status)

    def client_paused(self, paused: bool) -> None:
        """The client reads slower than the service answers: stop reading the service."""
        if self.connection is not None:
            self.connection.pause_reading(paused)

    def flush_up(self) -> None:
        """Write what the client sent in one read to the service in one write."""
        if self._pending and self.connection is not None and not self.connection.closed:
            data = b"".join(self._pending)
            self._pending.clear()
            self._pending_size = 0
            self.connection.send(data)

    # -- from the upstream connection -----------------------------------------------------

    def upstream_head(self, status: int, headers: list[tuple[bytes, bytes]], chunked: bool) -> None:
        if self.response_started:  # we answered already (413 mid-body): not the client's
            return
        try:
            self.status = status
            self.response_started = True
            prefix = self.forwarder.prefixes[self.service]
            parts = [STATUS_LINE.get(status) or b"HTTP/1.1 %d \r\n" % status]
            for name, value in headers:
                if name in RESPONSE_DROPPED:
                    continue
                if name == b"location" and value.startswith(b"/"):
                    value = prefix + value  # the service's own path, as the gateway serves it
                parts += [name, b": ", value, b"\r\n"]
            for name, value in self.client.server_state.default_headers:
                parts += [name, b": ", value, b"\r\n"]
            parts += [b"x-request-id: ", self.request_id.encode(), b"\r\n"]
            if chunked and self.method != "HEAD" and status != 204 and status != 304:
                if self.http10:
                    self.keep_alive = False  # an HTTP/1.0 client reads the body until close
                else:
                    self._out_chunked = True
                    parts.append(b"transfer-encoding: chunked\r\n")
            if not self.keep_alive:
                parts.append(b"connection: close\r\n")
            parts.append(b"\r\n")
            self._out.append(b"".join(parts))
        except Exception:
            self._crash()

    def upstream_body(self, chunk: bytes) -> None:
        if self.response_complete:
            return
        if self._out_chunked:
            self._out += (b"%x\r\n" % len(chunk), chunk, b"\r\n")
        else:
            self._out.append(chunk)

    def upstream_flush(self) -> None:
        if self._out and not self.response_complete:
            self._write(b"".join(self._out))
            self._out.clear()

    def upstream_done(self, reusable: bool) -> None:
        connection, self.connection = self.connection, None
        if self.response_complete:  # answered already (timeout raced the last byte)
            if connection is not None:
                self.forwarder.pool.discard(connection)
            return
        try:
            if self._out_chunked:
                self._out.append(b"0\r\n\r\n")
            self.upstream_flush()
            if connection is not None:
                if reusable and self.request_complete and not self._pending:
                    self.forwarder.pool.release(connection)
                else:
                    self.forwarder.pool.discard(connection)
            self._finish()
        except Exception:
            self._crash()

    def upstream_lost(self, exc: BaseException | None, received: bool) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            self.forwarder.pool.discard(connection)
        if self.response_complete:
            return
        try:
            if self.response_started:  # mid-response: only a closed connection can say so
                self.keep_alive = False
                self._out.clear()
                self.client.transport.close()
                self._finish()
                return
            if (
                not received
                and not self._retried
                and self._replay is not None
                and self.request_complete
                and connection is not None
                and connection.reused
            ):
                # a kept-alive connection the service closed as we sent: once more, afresh
                self._retried = True
                self._pending = [b"".join(self._replay)]
                self._pending_size = self._replay_size
                self._acquire()
                return
            self._upstream_failed(exc)
        except Exception:
            self._crash()

    def upstream_paused(self, paused: bool) -> None:
        """The service reads the body slower than the client sends it."""
        self._pause_client(paused)

    # -- the steps ------------------------------------------------------------------------

    def _start(self) -> None:
        forwarder = self.forwarder
        proxy = forwarder.proxy
        upstream = forwarder.pool.upstreams[self.service]
        request_id: str | None = None
        authorization: bytes | None = None
        forwarded_for: bytes | None = None
        connection_tokens: list[bytes] | None = None
        parts = [
            self.method.encode(),
            b" ",
            upstream.path_prefix,
            self.target,
            b" HTTP/1.1\r\nhost: ",
            upstream.host_header,
            b"\r\n",
        ]
        for name, value in self.headers:
            if name in _REQUEST_DROPPED:
                if name == b"x-request-id":
                    if request_id is None and _VALID_ID.match(value):
                        request_id = value.decode()
                elif name == b"content-length":
                    self.length = int(value)  # llhttp has checked it is a number
                elif name == b"transfer-encoding":
                    self.chunked = value.lower().endswith(b"chunked")
                elif name == b"connection":
                    connection_tokens = (connection_tokens or []) + [
                        t.strip().lower() for t in value.split(b",")
                    ]
                elif name == b"x-forwarded-for":
                    forwarded_for = value
                elif name == b"host":
                    parts += [b"x-forwarded-host", b": ", value, b"\r\n"]
                continue
            if name == b"authorization" and authorization is None:
                authorization = value
            parts += [name, b": ", value, b"\r\n"]
        if connection_tokens:  # RFC 9110 §7.6.1: headers the client listed are hop-by-hop
            parts = _without_listed(parts, connection_tokens)
        self.request_id = request_id = request_id or new_request_id()
        address = self.client.client[0] if self.client.client else None
        if address:
            parts += [
                b"x-forwarded-for: ",
                forwarded_for + b", " + address.encode() if forwarded_for else address.encode(),
                b"\r\n",
            ]
        parts += [
            b"x-forwarded-proto: ",
            (self.client.scheme or "http").encode(),
            b"\r\nx-request-id: ",
            request_id.encode(),
            b"\r\n",
        ]

        try:
            wait = proxy.admit(authorization, address, self.headers)
        except Problem as problem:
            self._answer(
                problem.status,
                problem.detail,
                headers=problem.headers,
                slug=problem.slug,
                **problem.extra,
            )
            return
        if wait:
            self._answer(
                429,
                i18n.message(i18n.KIT["rate_limited"]),
                headers={"Retry-After": str(max(1, round(wait)))},
            )
            return
        bulk = is_bulk(self.method, self.path)
        self.limit = proxy.bulk_max_body_bytes if bulk else proxy.max_body_bytes
        if self.length is not None and self.length > self.limit:
            self._too_large()
            return
        self.body_expected = self.chunked or bool(self.length)
        if self.chunked:
            parts.append(b"transfer-encoding: chunked\r\n\r\n")
        elif self.length is not None or self.method not in _NO_BODY_METHODS:
            parts += [b"content-length: ", str(self.length or 0).encode(), b"\r\n\r\n"]
        else:
            parts.append(b"\r\n")
        head = b"".join(parts)
        if self._expect_continue and self.body_expected and not self.request_complete:
            self.client.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        if self.method in IDEMPOTENT:
            self._replay = []  # the head and the body as they are sent, while small
        self._send_up(head)
        self._timeout = proxy.bulk_timeout_seconds if bulk else proxy.timeout_seconds[self.service]
        forwarder.deadlines.add(self, self._timeout)
        self._acquire()

    def _acquire(self) -> None:
        connection = self.forwarder.pool.take(self.service)
        if connection is None:
            self._connecting = asyncio.get_running_loop().create_task(self._connect())
        else:
            self._attach(connection)

    async def _connect(self) -> None:
        timeout = min(5.0, self._timeout)
        try:
            connection = await self.forwarder.pool.connect(self.service, timeout)
        except TimeoutError:
            self._connecting = None
            if not self.response_complete:
                self._answer(
                    504,
                    f"The {self.service} service did not answer in time.",
                    slug="upstream-timeout",
                )
            return
        except OSError as exc:
            self._connecting = None
            if not self.response_complete:
                self._upstream_failed(exc)
            return
        except asyncio.CancelledError:
            return  # the client went away
        except Exception:
            self._connecting = None
            self._crash()
            return
        self._connecting = None
        if self.response_complete:
            self.forwarder.pool.release(connection)
            return
        try:
            self._attach(connection)
        except Exception:
            self._crash()

    def _attach(self, connection: UpstreamConnection) -> None:
        self.connection = connection
        connection.receiver = self
        connection.received = False
        connection.skip_body = self.method == "HEAD"
        if self.client.feeding:  # the client protocol flushes once its read is parsed
            self.client.deferred = self
        else:
            self.flush_up()
        if self._paused_client:
            self._pause_client(False)

    def _send_up(self, data: bytes) -> None:
        self._pending.append(data)
        self._pending_size += len(data)
        if self._replay is not None:
            self._replay_size += len(data)
            if self._replay_size > REPLAY_LIMIT:
                self._replay = None
            else:
                self._replay.append(data)
        if self.connection is None:
            if self._pending_size > PENDING_LIMIT:
                self._pause_client(True)
        elif not self.client.feeding:
            self.flush_up()
        else:
            self.client.deferred = self

    def _pause_client(self, paused: bool) -> None:
        if paused != self._paused_client:
            self._paused_client = paused
            if paused:
                self.client.flow.pause_reading()
            else:
                self.client.flow.resume_reading()

    def expired(self) -> None:
        """The service's time is up (``Deadlines``)."""
        try:
            self._timed_out()
        except Exception:
            self._crash()

    def _timed_out(self) -> None:
        if self.response_complete:
            return
        if self._connecting is not None:
            self._connecting.cancel()
            self._connecting = None
        self._drop_connection()
        if self.response_started:
            self.keep_alive = False
            self._out.clear()
            self.client.transport.close()
            self._finish()
            return
        self._answer(
            504,
            i18n.message(i18n.KIT["upstream_timeout"], service=self.service),
            slug="upstream-timeout",
        )

    def _upstream_failed(self, exc: BaseException | None) -> None:
        token = context.request_id.set(self.request_id)
        try:
            log.warning("upstream failed", extra={"upstream": self.service, "error": repr(exc)})
        finally:
            context.request_id.reset(token)
        self._answer(
            502,
            i18n.message(i18n.KIT["upstream_unavailable"], service=self.service),
            slug="upstream-unavailable",
        )

    def _too_large(self) -> None:
        self._drop_connection()
        if self.response_started:
            self.keep_alive = False
            self.client.transport.close()
            self._finish()
            return
        self.keep_alive = False  # the rest of a body this large is not worth reading
        self._answer(
            413, i18n.message(i18n.KIT["body_too_large"], limit=self.limit), limit_bytes=self.limit
        )

    def _answer(self, status: int, detail: str | Text, **kwargs: Any) -> None:
        """The gateway's own final response (problem+json) instead of the service's."""
        if self._connecting is not None:
            self._connecting.cancel()
            self._connecting = None
        self._drop_connection()
        if not self.request_complete:
            # the rest of the body still comes (or never will, after Expect: 100-continue)
            self._discard = True
            if self._expect_continue:
                self.keep_alive = False
        self.status = status
        self.response_started = True
        self._write(
            problem_bytes(
                status,
                detail,
                request_id=self.request_id or None,
                language=i18n.from_headers(self.headers),
                server_headers=self.client.server_state.default_headers,
                keep_alive=self.keep_alive,
                head=self.method == "HEAD",
                **kwargs,
            )
        )
        self._finish()

    def _crash(self) -> None:
        """A bug of ours: log it, and answer 500 if the response has not begun."""
        token = context.request_id.set(self.request_id or None)
        try:
            log.exception("unhandled error", extra={"path": self.path})
        finally:
            context.request_id.reset(token)
        if self.response_complete:
            return
        if self.response_started:
            self._drop_connection()
            self.keep_alive = False
            self.client.transport.close()
            self._finish()
            return
        self.keep_alive = False
        self._answer(500, "The request failed. Quote the request id when reporting it.")

    def _finish(self) -> None:
        self._record(self.status)
        self.client.exchange_finished(self)

    def _record(self, status: int) -> None:
        self.response_complete = True
        forwarder = self.forwarder
        if self._timeout:
            forwarder.deadlines.discard(self, self._timeout)
        elapsed = time.perf_counter() - self._started
        forwarder.tally.observe(forwarder.routes[self.service], self.method, status, elapsed)
        if access_log.isEnabledFor(logging.INFO):
            token = context.request_id.set(self.request_id)
            try:
                access_log.info(
                    "request",
                    extra={
                        "method": self.method,
                        "path": self.path,
                        "status": status,
                        "duration_ms": round(elapsed * 1000, 2),
                    },
                )
            finally:
                context.request_id.reset(token)

    def _drop_connection(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            self.forwarder.pool.discard(connection)

    def _write(self, data: bytes) -> None:
        transport = self.client.transport
        if not transport.is_closing():
            transport.write(data)


def _without_listed(parts: list[bytes], listed: list[bytes]) -> list[bytes]:
    """Drop the ``name: value\\r\\n`` runs of ``parts`` whose name the client listed."""
    tokens = set(listed) - {b"close", b"keep-alive"}
    if not tokens:
        return parts
    kept = parts[:7]  # the request line and the service's Host
    index = 7
    while index < len(parts):
        run = parts[index : index + 4]
        if run[0] not in tokens:
            kept += run
        index += 4
    return kept
