"""The gateway's own HTTP protocol at the byte level: real sockets, real servers, no mocks.

``tests/test_gateway.py`` covers what the API promises (tokens, routing, limits, errors)
through an HTTP client. These tests speak raw HTTP/1.1 to the gateway and run fake services
that misbehave on purpose, for what a client library would hide: keep-alive and upstream
connection reuse, pipelining, malformed and oversized requests, 100-continue, framing of
HEAD/204/304, clients that go away, services that close or restart. Every test runs on
asyncio's loop and on uvloop (conftest.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import h11
import httpx
import pytest
from gateway.config import Settings
from gateway.main import create_app
from gateway.protocol import MAX_HEAD_BYTES, GatewayHttpProtocol
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from shared.logs import JsonFormatter
from shared.natsserver import free_port
from shared.testing.servers import serving

# --- a service that behaves ----------------------------------------------------------------


async def _echo(request: Request) -> JSONResponse:
    body = await request.body()
    return JSONResponse(
        {
            "method": request.method,
            "path": request.url.path,
            "query": request.url.query,
            "headers": dict(request.headers),
            "body_bytes": len(body),
            "body_sha256": hashlib.sha256(body).hexdigest(),
            "client_port": request.client.port if request.client else None,
        }
    )


async def _stream(request: Request) -> StreamingResponse:
    count, size = int(request.query_params["n"]), int(request.query_params["size"])

    async def chunks() -> AsyncIterator[bytes]:
        for index in range(count):
            yield bytes([97 + index % 26]) * size

    return StreamingResponse(chunks(), media_type="application/octet-stream")


async def _status(request: Request) -> Response:
    return Response(status_code=int(request.path_params["code"]))


async def _slow(request: Request) -> JSONResponse:
    await asyncio.sleep(float(request.query_params.get("seconds", "3")))
    return JSONResponse({"slept": True})


async def _stall(request: Request) -> StreamingResponse:
    async def chunks() -> AsyncIterator[bytes]:
        yield b"first part;"
        await asyncio.sleep(5)
        yield b"never sent"

    return StreamingResponse(chunks(), headers={"content-length": "1000"})


service_app = Starlette(
    routes=[
        Route("/echo/{rest:path}", _echo, methods=["GET", "HEAD", "POST", "PUT", "DELETE"]),
        Route("/stream", _stream),
        Route("/status/{code:int}", _status),
        Route("/slow", _slow),
        Route("/stall", _stall),
    ]
)


# --- a service at the socket level, for misbehaviour ----------------------------------------


@dataclass
class RawService:
    """Answers each request with 200 and a body naming its connection and request number.

    ``drop_request``: on that request number of a connection (1-based), close the connection
    without answering, as a service does when its keep-alive timer fires just as a request
    arrives. ``close_after``: close a connection after answering that many requests.
    """

    drop_request: int | None = None
    close_after: int | None = None
    connections: int = 0
    requests: list[bytes] = field(default_factory=list)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        number = self.connections
        served = 0
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                body = await reader.readexactly(length) if length else b""
                self.requests.append(head + body)
                if self.drop_request is not None and served + 1 == self.drop_request:
                    return
                served += 1
                text = f"connection {number} request {served}".encode()
                writer.write(
                    b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n"
                    b"content-length: %d\r\n\r\n%b" % (len(text), text)
                )
                await writer.drain()
                if self.close_after is not None and served >= self.close_after:
                    return
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


@contextlib.asynccontextmanager
async def raw_service(service: RawService) -> AsyncIterator[str]:
    server = await asyncio.start_server(service.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(server.wait_closed(), 1)


# --- the gateway, and a raw client ----------------------------------------------------------


@contextlib.asynccontextmanager
async def gateway(
    tmp_path: Path, jwt_keys: tuple[str, str], registry: str | None = None, **overrides: Any
) -> AsyncIterator[tuple[str, int]]:
    """The gateway with its own protocol, as ``blp serve gateway`` runs it; (url, port).

    ``registry``: the service behind ``/v1/registry``; the others point where nothing listens.
    """
    private, public = jwt_keys
    nowhere = f"http://127.0.0.1:{free_port()}"
    settings = Settings(
        jwt_private_key=private,
        jwt_public_key=public,
        clients_file=str(tmp_path / "clients.json"),
        registry_url=registry or nowhere,
        assessment_url=nowhere,
        training_url=nowhere,
        finance_url=nowhere,
        rate_limit_per_minute=1_000_000,
        rate_limit_burst=1_000_000,
        **overrides,
    )
    async with serving(create_app(settings), http=GatewayHttpProtocol) as url:
        yield url, int(url.rsplit(":", 1)[1])


@pytest.fixture
async def stack(tmp_path: Path, jwt_keys: tuple[str, str]) -> AsyncIterator[tuple[str, int]]:
    """The usual set-up: the echo service behind the gateway; (gateway url, gateway port)."""
    async with serving(service_app) as service, gateway(tmp_path, jwt_keys, registry=service) as at:
        yield at


class RawClient:
    """One TCP connection to the gateway: write bytes, read whole responses (h11 parses)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.parser = h11.Connection(h11.CLIENT)

    @classmethod
    async def open(cls, port: int) -> RawClient:
        return cls(*await asyncio.open_connection("127.0.0.1", port))

    async def send(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def response(self, method: bytes = b"GET", timeout: float = 5, pace: float = 0) -> Reply:
        """The next complete response; interim 1xx responses are returned on their own."""
        # h11 needs to have "sent" a request to read a response; tell it what we sent
        if self.parser.our_state is h11.IDLE:
            self.parser.send(h11.Request(method=method, target="/", headers=[("host", "x")]))
            self.parser.send(h11.EndOfMessage())
        head: h11.Response | h11.InformationalResponse | None = None
        body = b""
        while True:
            event = self.parser.next_event()
            if event is h11.NEED_DATA:
                if pace:  # a slow reader: the gateway must hold back, not buffer it all
                    await asyncio.sleep(pace)
                data = await asyncio.wait_for(self.reader.read(65536), timeout)
                self.parser.receive_data(data)
                continue
            if isinstance(event, h11.InformationalResponse):
                return Reply(event.status_code, dict(_headers(event)), b"")
            if isinstance(event, h11.Response):
                head = event
            elif isinstance(event, h11.Data):
                body += event.data
            elif isinstance(event, h11.EndOfMessage):
                assert head is not None
                if self.parser.our_state is h11.DONE and self.parser.their_state is h11.DONE:
                    self.parser.start_next_cycle()
                return Reply(head.status_code, dict(_headers(head)), body)
            elif isinstance(event, h11.ConnectionClosed):
                raise ConnectionError("closed before a complete response")

    async def closed(self, timeout: float = 5) -> bool:
        """True once the gateway has closed the connection (reads EOF)."""
        try:
            while await asyncio.wait_for(self.reader.read(65536), timeout):
                pass
        except (ConnectionError, TimeoutError):
            return isinstance(self.reader.exception(), ConnectionError)
        return True

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(Exception):
            await self.writer.wait_closed()


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


def _headers(event: h11.Response | h11.InformationalResponse) -> list[tuple[str, str]]:
    return [(n.decode(), v.decode()) for n, v in event.headers]


def get(path: str, *extra: str, version: str = "1.1") -> bytes:
    lines = [f"GET {path} HTTP/{version}", "Host: gateway.test", *extra, "", ""]
    return "\r\n".join(lines).encode()


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float = 5) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        assert asyncio.get_running_loop().time() < deadline, "condition never held"
        await asyncio.sleep(0.05)


def series(method: str, status: int) -> str:
    """The start of a proxied-request counter's line in /metrics."""
    return (
        f'blp_http_requests_total{{method="{method}",route="/v1/registry/*",'
        f'service="gateway",status="{status}"}}'
    )


async def metric(url: str, line_start: str) -> float:
    async with httpx.AsyncClient() as http:
        text = (await http.get(url + "/metrics")).text
    return sum(
        float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(line_start)
    )


# --- the tests ------------------------------------------------------------------------------


class TestConnections:
    async def test_keep_alive_carries_many_requests_over_one_upstream_connection(
        self, stack: tuple[str, int]
    ) -> None:
        port = stack[1]
        client = await RawClient.open(port)
        ports = set()
        for n in range(5):
            await client.send(get(f"/v1/registry/echo/{n}?q={n}"))
            response = await client.response()
            assert response.status == 200
            assert response.headers["content-type"] == "application/json"
            ports.add(httpx.Response(200, content=response.body).json()["client_port"])
        assert len(ports) == 1  # the gateway kept its upstream connection too
        await client.close()

    async def test_pipelined_requests_are_answered_in_order_proxied_or_not(
        self, stack: tuple[str, int]
    ) -> None:
        port = stack[1]
        client = await RawClient.open(port)
        await client.send(
            get("/v1/registry/slow?seconds=0.2")
            + get("/healthz")
            + b"POST /v1/registry/echo/p HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
            + get("/v1/registry/echo/last")
        )
        first, second, third, fourth = [await client.response() for _ in range(4)]
        assert first.status == 200 and b"slept" in first.body
        assert second.status == 200 and second.body == b'{"status":"ok"}'
        assert b'"body_bytes":5' in third.body and b'"method":"POST"' in third.body
        assert b'"path":"/echo/last"' in fourth.body
        await client.close()

    async def test_service_closing_its_connections_costs_no_request(
        self, tmp_path: Path, jwt_keys: tuple[str, str]
    ) -> None:
        service = RawService(close_after=2)
        async with (
            raw_service(service) as url,
            gateway(tmp_path, jwt_keys, registry=url) as (_, port),
        ):
            client = await RawClient.open(port)
            bodies = []
            for _ in range(6):
                await client.send(get("/v1/registry/x"))
                response = await client.response()
                assert response.status == 200, response.body
                bodies.append(response.body.decode())
                await asyncio.sleep(0.05)  # let the close arrive before the next request
            assert bodies == [f"connection {c} request {r}" for c in (1, 2, 3) for r in (1, 2)]
            await client.close()

    async def test_a_kept_connection_the_service_drops_is_retried_for_idempotent_requests(
        self, tmp_path: Path, jwt_keys: tuple[str, str]
    ) -> None:
        service = RawService(drop_request=2)  # a keep-alive race: closed as the request came
        async with (
            raw_service(service) as url,
            gateway(tmp_path, jwt_keys, registry=url) as (_, port),
        ):
            client = await RawClient.open(port)
            await client.send(get("/v1/registry/a"))
            assert (await client.response()).body == b"connection 1 request 1"
            await client.send(get("/v1/registry/b"))
            retried = await client.response()
            assert retried.status == 200 and retried.body == b"connection 2 request 1"
            # a POST may have had effects: it is not sent twice
            await client.send(
                b"POST /v1/registry/c HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"
            )
            refused = await client.response(b"POST")
            assert refused.status == 502
            assert refused.headers["content-type"] == "application/problem+json"
            assert sum(r.startswith(b"POST") for r in service.requests) == 1
            await client.close()

    async def test_service_restart_is_502_while_down_then_works_again(
        self, tmp_path: Path, jwt_keys: tuple[str, str]
    ) -> None:
        service_port = free_port()
        address = f"http://127.0.0.1:{service_port}"
        async with (
            gateway(tmp_path, jwt_keys, registry=address) as (url, _),
            httpx.AsyncClient(base_url=url) as http,
        ):
            async with serving(service_app, port=service_port):
                assert (await http.get("/v1/registry/echo/1")).status_code == 200
            down = await http.get("/v1/registry/echo/2")
            assert down.status_code == 502
            assert down.json()["type"] == "urn:blp:problem:upstream-unavailable"
            async with serving(service_app, port=service_port):
                assert (await http.get("/v1/registry/echo/3")).status_code == 200


class TestMalformedAndOversized:
    async def test_garbage_is_a_400_problem_and_the_connection_closes(
        self, tmp_path: Path, jwt_keys: tuple[str, str]
    ) -> None:
        async with gateway(tmp_path, jwt_keys) as (_, port):
            client = await RawClient.open(port)
            await client.send(b"GET /v1/registry/x HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n")
            response = await client.response()
            assert response.status == 400
            assert response.headers["content-type"] == "application/problem+json"
            assert await client.closed()

    async def test_a_head_beyond_the_limit_is_431_and_the_connection_closes(
        self, stack: tuple[str, int]
    ) -> None:
        port = stack[1]
        client = await RawClient.open(port)
        big = "X-Big: " + "a" * 8000
        await client.send(get("/v1/registry/echo/x", *[big] * (MAX_HEAD_BYTES // 8000 + 2)))
        response = await client.response()
        assert response.status == 431
        assert response.headers["content-type"] == "application/problem+json"
        assert await client.closed()
        # an endless header line, never finished, is cut off too
        client = await RawClient.open(port)
        await client.send(b"GET /v1/registry/echo/x HTTP/1.1\r\nX-Endless: ")
        with contextlib.suppress(ConnectionError):
            for _ in range(MAX_HEAD_BYTES // 16384 + 8):
                await client.send(b"b" * 16384)
                await asyncio.sleep(0.01)
        assert await client.closed()
        # a large but allowed head passes
        client = await RawClient.open(port)
        await client.send(get("/v1/registry/echo/ok", big, big))
        assert (await client.response()).status == 200
        await client.close()


class TestFraming:
    async def test_chunked_request_and_streamed_response_pass_through(
        self, stack: tuple[str, int]
    ) -> None:
        port = stack[1]
        client = await RawClient.open(port)
        await client.send(
            b"PUT /v1/registry/echo/c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            b"\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
        )
        echoed = httpx.Response(200, content=(await client.response(b"PUT")).body).json()
        assert echoed["body_bytes"] == 11
        assert echoed["body_sha256"] == hashlib.sha256(b"hello world").hexdigest()
        assert "transfer-encoding" in echoed["headers"]  # still streamed to the service
        await client.send(get("/v1/registry/stream?n=5&size=1000"))
        streamed = await client.response()
        assert streamed.headers["transfer-encoding"] == "chunked"
        assert streamed.body == b"".join(bytes([97 + i]) * 1000 for i in range(5))
        await client.close()

    async def test_head_204_and_304_carry_no_body_and_keep_the_connection(
        self, stack: tuple[str, int]
    ) -> None:
        port = stack[1]
        client = await RawClient.open(port)
        await client.send(b"HEAD /v1/registry/echo/h HTTP/1.1\r\nHost: x\r\n\r\n")
        head = await client.response(b"HEAD")
        assert head.status == 200 and head.body == b""
        assert int(head.headers["content-length"]) > 0
        for code in (204, 304):
            await client.send(get(f"/v1/registry/status/{code}"))
            response = await client.response()
            assert response.status == code and response.body == b""
            assert "transfer-encoding" not in response.headers
        await client.send(get("/v1/registry/echo/after"))
        assert b"/echo/after" in (await client.response()).body
        await client.close()

    async def test_http10_client_reads_a_streamed_body_until_close(
        self, stack: tuple[str, int]
    ) -> None:
        port = stack[1]
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(get("/v1/registry/stream?n=3&size=10", version="1.0"))
        data = await asyncio.wait_for(reader.read(), 5)  # to EOF: the gateway closes
        head, _, body = data.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200")
        assert b"transfer-encoding" not in head.lower()
        assert b"connection: close" in head.lower()
        assert body == b"a" * 10 + b"b" * 10 + b"c" * 10
        writer.close()

    async def test_expect_100_continue(self, tmp_path: Path, jwt_keys: tuple[str, str]) -> None:
        async with (
            serving(service_app) as service,
            gateway(tmp_path, jwt_keys, registry=service, max_body_bytes=1000) as (_, port),
        ):
            client = await RawClient.open(port)
            await client.send(
                b"POST /v1/registry/echo/e HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                b"Expect: 100-continue\r\n\r\n"
            )
            interim = await client.response(b"POST")
            assert interim.status == 100
            await client.send(b"data")
            final = await client.response(b"POST")
            assert final.status == 200 and b'"body_bytes":4' in final.body
            assert b"expect" not in final.body.lower()  # answered by the gateway
            await client.close()
            # too large: refused at once, no 100, and the connection is not kept
            client = await RawClient.open(port)
            await client.send(
                b"POST /v1/registry/echo/e HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n"
                b"Expect: 100-continue\r\n\r\n"
            )
            refused = await client.response(b"POST")
            assert refused.status == 413
            assert refused.headers["connection"] == "close"
            assert await client.closed()

    async def test_large_bodies_both_ways(self, tmp_path: Path, jwt_keys: tuple[str, str]) -> None:
        payload = bytes(range(256)) * (5 * 4096)  # 5 MiB
        async with (
            serving(service_app) as service,
            gateway(tmp_path, jwt_keys, registry=service) as (url, _),
            httpx.AsyncClient(base_url=url, timeout=30) as http,
        ):
            upload = await http.post("/v1/registry/echo/up", content=payload)
            assert upload.json()["body_sha256"] == hashlib.sha256(payload).hexdigest()

            async def pieces() -> AsyncIterator[bytes]:
                for index in range(0, len(payload), 300_000):
                    yield payload[index : index + 300_000]

            chunked = await http.post("/v1/registry/echo/up", content=pieces())
            assert chunked.json()["body_bytes"] == len(payload)
            download = await http.get("/v1/registry/stream?n=80&size=65536")
            assert len(download.content) == 80 * 65536


class TestBackpressure:
    async def test_a_slow_reader_holds_the_service_back_and_the_connection_stays_usable(
        self, stack: tuple[str, int]
    ) -> None:
        port = stack[1]
        client = await RawClient.open(port)
        await client.send(get("/v1/registry/stream?n=96&size=65536"))  # 6 MiB
        slow = await client.response(pace=0.002)
        assert len(slow.body) == 96 * 65536
        # the same client and (pooled) service connection carry the next request
        for _ in range(3):
            await client.send(get("/v1/registry/echo/next"))
            assert (await client.response(timeout=3)).status == 200
        await client.close()


class TestClientsAndServicesThatStop:
    async def test_client_gone_mid_body_or_while_waiting_is_recorded_and_harmless(
        self, stack: tuple[str, int]
    ) -> None:
        url, port = stack
        # metrics are per process, and earlier tests counted too
        gone, waited = series("POST", 499), series("GET", 499)
        before = await metric(url, gone), await metric(url, waited)
        client = await RawClient.open(port)
        await client.send(
            b"POST /v1/registry/echo/gone HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n"
            b"\r\n" + b"x" * 1000
        )
        await asyncio.sleep(0.1)
        await client.close()
        client = await RawClient.open(port)
        await client.send(get("/v1/registry/slow?seconds=3"))
        await asyncio.sleep(0.2)
        await client.close()

        async def recorded() -> bool:
            return (await metric(url, gone), await metric(url, waited)) == (
                before[0] + 1,
                before[1] + 1,
            )

        await eventually(recorded)
        async with httpx.AsyncClient(base_url=url) as http:
            assert (await http.get("/v1/registry/echo/still-fine")).status_code == 200

    async def test_a_response_that_stalls_past_the_timeout_is_cut_off(
        self, tmp_path: Path, jwt_keys: tuple[str, str]
    ) -> None:
        async with (
            serving(service_app) as service,
            gateway(tmp_path, jwt_keys, registry=service, upstream_timeout_seconds=1.0) as (
                _,
                port,
            ),
        ):
            client = await RawClient.open(port)
            await client.send(get("/v1/registry/stall"))
            with pytest.raises((ConnectionError, h11.RemoteProtocolError)):
                await client.response()
            client = await RawClient.open(port)
            await client.send(get("/v1/registry/slow?seconds=3"))
            timed_out = await client.response()
            assert timed_out.status == 504
            assert timed_out.headers["content-type"] == "application/problem+json"
            await client.close()


class TestObservability:
    async def test_access_line_metrics_and_request_id_on_the_proxied_path(
        self, tmp_path: Path, jwt_keys: tuple[str, str]
    ) -> None:
        lines: list[dict[str, Any]] = []
        collect = logging.Handler()
        formatter = JsonFormatter("gateway")  # reads the request id as the line is written
        collect.emit = lambda record: lines.append(json.loads(formatter.format(record)))  # type: ignore[method-assign]
        access = logging.getLogger("blp.access")  # the gateway's start-up resets the root's
        async with (
            serving(service_app) as service,
            gateway(tmp_path, jwt_keys, registry=service) as (url, _),
            httpx.AsyncClient(base_url=url) as http,
        ):
            access.addHandler(collect)
            try:
                response = await http.get(
                    "/v1/registry/echo/seen?x=1", headers={"X-Request-ID": "trace-7"}
                )
            finally:
                access.removeHandler(collect)
            assert response.headers["x-request-id"] == "trace-7"
            assert response.json()["headers"]["x-request-id"] == "trace-7"
            line = next(line for line in lines if line["path"] == "/v1/registry/echo/seen")
            assert (line["method"], line["status"]) == ("GET", 200)
            assert line["request_id"] == "trace-7" and line["message"] == "request"
            assert await metric(url, series("GET", 200)) >= 1
            assert (
                await metric(
                    url,
                    'blp_http_request_duration_seconds_count{method="GET",route="/v1/registry/*"',
                )
                >= 1
            )
