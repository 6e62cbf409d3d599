"""The gateway's HTTP/1.1 server protocol: uvicorn's, with proxied calls kept off ASGI.

``blp serve gateway`` runs uvicorn with this protocol class. A request for
``/v1/<service>/...`` becomes a ``ProxyExchange`` the moment its head is parsed and never
touches ASGI; every other request (tokens, OpenAPI, docs, health, metrics) goes to the
FastAPI app exactly as under plain uvicorn, on the same connection, in order. Subclassing
uvicorn's protocol keeps what it already gets right for those (lifespan, workers, signals,
graceful shutdown, keep-alive timeout, pipelining, flow control) and costs one
``isinstance`` per parser callback. It leans on uvicorn's protocol internals
(``cycle``, ``pipeline``, ``flow``), so uvicorn is pinned (requirements.lock) and
``services/gateway/tests/test_protocol.py`` covers the seams.

It also bounds a request's head (request line and headers): httptools accumulates header
bytes without limit, so an endless header would otherwise grow until memory runs out.
"""

from __future__ import annotations

import asyncio
import urllib.parse
from typing import Any

import httptools
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from gateway.exchange import LINGER_SECONDS, Forwarder, ProxyExchange
from gateway.wire import problem_bytes

MAX_HEAD_BYTES = 64 * 1024  # request line and headers; 431 beyond (nginx allows 32 KiB)


class GatewayHttpProtocol(HttpToolsProtocol):
    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.forwarder = _find_forwarder(self.app)
        self.feeding = False  # inside data_received: writes to services wait for its end
        self.deferred: ProxyExchange | None = None  # has bytes for its service at that end
        self._head_pending = True  # a request head may be arriving
        self._head_bytes = 0  # of the head arriving, in earlier reads
        self._read_bytes = 0  # of the read being parsed
        self._heads = 0
        self._refused = False
        self._linger: asyncio.TimerHandle | None = None
        self._idle_since: float | None = None  # when the last response ended, if idle since

    # asyncio.Protocol

    def data_received(self, data: bytes) -> None:
        pending, heads = self._head_pending, self._heads
        self._read_bytes = len(data)
        self.feeding = True
        try:
            super().data_received(data)
        finally:
            self.feeding = False
        if (deferred := self.deferred) is not None:
            self.deferred = None
            deferred.flush_up()
        if pending and self._head_pending and heads == self._heads:
            # no head completed in this read: all of it (or all but the previous request's
            # tail, which is then not counted) belongs to one unfinished head
            self._head_bytes += len(data)
            if self._head_bytes > MAX_HEAD_BYTES:
                self._refuse_head()

    def connection_lost(self, exc: Exception | None) -> None:
        cycle = self.cycle
        if isinstance(cycle, ProxyExchange):
            self.cycle = None  # type: ignore[assignment]
            cycle.client_lost()
        if self._linger is not None:
            self._linger.cancel()
        if self.timeout_keep_alive_task is not None:
            self.timeout_keep_alive_task.cancel()
            self.timeout_keep_alive_task = None
        super().connection_lost(exc)

    def pause_writing(self) -> None:
        super().pause_writing()
        if isinstance(self.cycle, ProxyExchange):
            self.cycle.client_paused(True)

    def resume_writing(self) -> None:
        super().resume_writing()
        if isinstance(self.cycle, ProxyExchange):
            self.cycle.client_paused(False)

    # httptools callbacks

    def on_headers_complete(self) -> None:
        if self._refused:
            return
        if (
            self._head_bytes + self._read_bytes > MAX_HEAD_BYTES
            and self._head_size() > MAX_HEAD_BYTES
        ):
            self._refuse_head()
            return
        self._head_pending = False
        self._head_bytes = 0
        self._heads += 1
        if self.forwarder is not None and self.url.startswith(b"/v1/"):
            exchange = self._exchange(self.forwarder)
            if exchange is not None:
                existing = self.cycle
                self.cycle = exchange  # type: ignore[assignment]
                if existing is None or existing.response_complete:
                    exchange.start()
                else:  # pipelined: its turn comes when the one before it is answered
                    self.flow.pause_reading()
                    self.pipeline.appendleft((exchange, self.app))  # type: ignore[arg-type]
                return
        super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        if self._refused:
            return
        cycle = self.cycle
        if isinstance(cycle, ProxyExchange):
            cycle.client_body(body)
        else:
            super().on_body(body)

    def on_message_complete(self) -> None:
        if self._refused:
            return
        self._head_pending = True
        cycle = self.cycle
        if isinstance(cycle, ProxyExchange):
            cycle.client_done()
        else:
            super().on_message_complete()

    # uvicorn's protocol

    def _start_asgi_task(self, cycle: Any, app: Any) -> None:
        if isinstance(cycle, ProxyExchange):
            cycle.start()
        else:
            super()._start_asgi_task(cycle, app)

    # keep-alive timeout: uvicorn cancels a timer when a request arrives and creates one when
    # its response ends (4 % of the proxied path's instructions); here one timer per idle
    # stretch checks, when it fires, whether the connection has really been idle that long

    def _unset_keepalive_if_required(self) -> None:
        self._idle_since = None

    def on_response_complete(self) -> None:
        self.server_state.total_requests += 1
        if self.transport.is_closing():
            return
        self._idle_since = None
        self.flow.resume_reading()
        if self.pipeline:
            cycle, app = self.pipeline.pop()
            self._start_asgi_task(cycle, app)
            return
        self._idle_since = self.loop.time()
        if self.timeout_keep_alive_task is None:
            self.timeout_keep_alive_task = self.loop.call_later(
                self.timeout_keep_alive, self.timeout_keep_alive_handler
            )

    def timeout_keep_alive_handler(self) -> None:
        self.timeout_keep_alive_task = None
        if self._idle_since is None or self.transport.is_closing():
            return  # busy: the end of the response arms the timer again
        left = self._idle_since + self.timeout_keep_alive - self.loop.time()
        if left > 0:
            self.timeout_keep_alive_task = self.loop.call_later(
                left, self.timeout_keep_alive_handler
            )
        else:
            self.transport.close()

    def shutdown(self) -> None:
        cycle = self.cycle
        if isinstance(cycle, ProxyExchange) and not cycle.response_complete:
            cycle.keep_alive = False  # close once this response is out
        else:
            super().shutdown()

    def send_400_response(self, msg: str) -> None:
        """A malformed request gets problem+json like every other error, then a close."""
        self._refuse(400, msg)

    # for the exchange

    def exchange_finished(self, exchange: ProxyExchange) -> None:
        """An exchange's response is complete: next request, or close."""
        if exchange.keep_alive:
            self.on_response_complete()
            return
        self.server_state.total_requests += 1
        if exchange.request_complete or self.transport.is_closing():
            self.transport.close()
        else:
            # closing with unread body in the socket would reset the connection, and the
            # client might lose the answer: read and drop the rest for a moment first
            self.flow.resume_reading()
            self._linger = self.loop.call_later(LINGER_SECONDS, self.transport.close)

    def request_read(self, exchange: ProxyExchange) -> None:
        """The body of a request answered early has now been read to its end."""
        if not exchange.keep_alive:
            self.transport.close()

    # internals

    def _exchange(self, forwarder: Forwarder) -> ProxyExchange | None:
        """The exchange for this request head, or None when the ASGI app should have it."""
        if self.parser.should_upgrade():
            return None
        try:
            parsed = httptools.parse_url(self.url)
            raw_path: bytes = parsed.path
            path = raw_path.decode("ascii")
        except (httptools.HttpParserInvalidURLError, UnicodeDecodeError):
            return None  # let uvicorn's own handling answer it
        if "%" in path:
            path = urllib.parse.unquote(path)
        routed = forwarder.proxy.route(path)
        if routed is None:
            return None
        service = routed[0]
        prefix = forwarder.prefixes[service]
        rest = raw_path[len(prefix) :]
        if not raw_path.startswith(prefix) or rest[:1] not in (b"", b"/"):
            return None  # an encoded service name: the ASGI proxy works from the decoded path
        target = rest or b"/"
        if parsed.query:
            target += b"?" + parsed.query
        version = self.parser.get_http_version()
        return ProxyExchange(
            self,
            forwarder,
            service,
            self.parser.get_method().decode("ascii"),
            path,
            target,
            self.headers,
            keep_alive=version != "1.0" and self.parser.should_keep_alive(),
            http10=version == "1.0",
            expect_continue=self.expect_100_continue,
        )

    def _head_size(self) -> int:
        return len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers)

    def _refuse_head(self) -> None:
        self._refuse(
            431,
            f"The request line and headers exceed {MAX_HEAD_BYTES} bytes.",
            title="Request header fields too large",
            slug="header-too-large",
        )

    def _refuse(self, status: int, detail: str, **kwargs: Any) -> None:
        """Answer a request that cannot be parsed or is too big, and close."""
        self._refused = True  # whatever the parser still finds in this read is ignored
        if self.transport.is_closing():
            return
        if self.cycle is None or self.cycle.response_complete:  # not amid another response
            self.transport.write(
                problem_bytes(
                    status,
                    detail,
                    request_id=None,
                    server_headers=self.server_state.default_headers,
                    keep_alive=False,
                    **kwargs,
                )
            )
        self.transport.close()


def _find_forwarder(app: Any) -> Forwarder | None:
    """The gateway app's forwarder, under whatever middleware uvicorn wrapped it in."""
    for _ in range(10):
        forwarder = getattr(app, "forwarder", None)
        if isinstance(forwarder, Forwarder):
            return forwarder
        app = getattr(app, "app", None)
        if app is None:
            break
    return None
