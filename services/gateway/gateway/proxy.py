"""The reverse proxy: ``/v1/<service>/<path>`` to ``<service_url>/<path>``.

What the proxy decides (routes, who the caller is, body limits, timeouts) lives here, with
the plain-ASGI implementation over a pooled aiohttp client. ``blp serve gateway`` does not
use that implementation for proxied calls: its HTTP protocol (``gateway.protocol``) forwards
them itself over ``gateway.upstream`` connections (``gateway.exchange``), at about a third
of the CPU per call (docs/performance.md). The ASGI one serves wherever the app runs under a
plain ASGI server (tests of other services, ``uvicorn gateway.main:create_app``). Both:
bodies stream both ways; hop-by-hop headers are dropped (RFC 9110 §7.6.1); the request id is
forwarded.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import aiohttp
from multidict import CIMultiDict
from starlette.types import Receive, Scope, Send
from yarl import URL

from gateway.peers import TrustedProxies
from gateway.ratelimit import RateLimiter
from gateway.upstream import Upstream, UpstreamPool
from shared import context, i18n
from shared.auth import TokenVerifier
from shared.errors import Problem, Unauthorized, problem_response

log = logging.getLogger(__name__)

HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "proxy-connection",
        "host",
        "content-length",
    }
)
# the gateway sets these itself on every response it sends
RESPONSE_OWN = frozenset({"date", "server", "x-request-id"})
RESPONSE_DROPPED = frozenset(n.encode() for n in (HOP_BY_HOP - {"content-length"}) | RESPONSE_OWN)
BUFFERED_BODY_LIMIT = 64 * 1024  # bodies up to this size are read whole (cheaper than chunking)


INTERNAL_PATHS = ("/metrics",)


def _timeout(seconds: float) -> aiohttp.ClientTimeout:
    return aiohttp.ClientTimeout(total=seconds, connect=min(5.0, seconds))


def _is_bulk(scope: Scope) -> bool:
    return is_bulk(scope["method"], scope["path"])


BULK_PATHS = frozenset(
    {
        "/v1/registry/companies/import",
        "/v1/training/courses/import",
        "/v1/finance/exchange-rates/imports",
    }
)
"""The file imports, each streamed by its service (``ServiceSpec.streamed_bodies``) under its
own limit; a test holds this list to the services' routes, so a new import is not missed."""


def is_bulk(method: str, path: str) -> bool:
    """A bulk import (``POST`` to one of ``BULK_PATHS``): a larger body limit and a longer
    timeout."""
    return method == "POST" and path in BULK_PATHS


class BodyTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


class Proxy:
    def __init__(
        self,
        *,
        upstreams: dict[str, str],
        verifier: TokenVerifier,
        limiter: RateLimiter,
        max_body_bytes: int,
        bulk_max_body_bytes: int,
        timeout_seconds: float,
        upstream_timeouts: dict[str, float] | None = None,
        bulk_timeout_seconds: float | None = None,
        anonymous_limiter: RateLimiter | None = None,
        trusted_proxies: TrustedProxies | None = None,
    ) -> None:
        self.upstreams = {name: url.rstrip("/") for name, url in upstreams.items()}
        self.verifier = verifier
        self.limiter = limiter  # authenticated calls, by client
        self.anonymous_limiter = anonymous_limiter or limiter  # anonymous calls, by address
        # None when there are none: one identity check per anonymous call
        self.trusted_proxies: TrustedProxies | None = trusted_proxies or None
        self.max_body_bytes = max_body_bytes
        self.bulk_max_body_bytes = bulk_max_body_bytes
        self.timeouts = {
            name: _timeout((upstream_timeouts or {}).get(name, timeout_seconds))
            for name in self.upstreams
        }
        self.timeout_seconds = {
            name: (upstream_timeouts or {}).get(name, timeout_seconds) for name in self.upstreams
        }
        self.bulk_timeout_seconds = bulk_timeout_seconds or timeout_seconds
        self.bulk_timeout = _timeout(self.bulk_timeout_seconds)
        self.session: aiohttp.ClientSession | None = None
        self.pool = UpstreamPool(
            {name: Upstream.from_url(url) for name, url in self.upstreams.items()}
        )

    async def start(self) -> None:
        connector = aiohttp.TCPConnector(
            limit=512,
            limit_per_host=256,
            keepalive_timeout=30,
            ttl_dns_cache=300,
            enable_cleanup_closed=True,
        )
        self.session = aiohttp.ClientSession(
            connector=connector,
            auto_decompress=False,
            cookie_jar=aiohttp.DummyCookieJar(),
            skip_auto_headers=("User-Agent", "Accept-Encoding"),
        )

    async def close(self) -> None:
        self.pool.close()
        if self.session is not None:
            await self.session.close()

    def route(self, path: str) -> tuple[str, str] | None:
        """``/v1/registry/companies`` -> (``registry``, ``/companies``), or None.

        A service's ``/metrics`` is for the operators' scraper on the internal network, never
        for the public side of the gateway.
        """
        _, _, rest = path.partition("/v1/")
        service, slash, tail = rest.partition("/")
        if service in self.upstreams and not (slash + tail).startswith(INTERNAL_PATHS):
            return service, slash + tail
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send, service: str) -> None:
        headers = scope["headers"]
        authorization = next((v for n, v in headers if n == b"authorization"), None)
        client = scope.get("client")
        try:
            wait = self.admit(authorization, client[0] if client else None, headers)
        except Problem as problem:
            await problem_response(
                problem.status,
                problem.detail,
                slug=problem.slug,
                headers=problem.headers,
                **problem.extra,
            )(scope, receive, send)
            return
        if wait:
            await problem_response(
                429,
                i18n.message(i18n.KIT["rate_limited"]),
                headers={"Retry-After": str(max(1, round(wait)))},
            )(scope, receive, send)
            return
        try:
            body = await self._body(scope, receive, headers, self._limit(scope))
        except BodyTooLarge as too_large:
            await self._too_large(scope, receive, send, too_large.limit)
            return
        await self._forward(scope, receive, send, service, body)

    def admit(
        self,
        authorization: bytes | None,
        peer: str | None,
        headers: list[tuple[bytes, bytes]],
    ) -> float:
        """Spend one request from the caller's bucket: 0 if admitted, else seconds to wait.

        A bearer token's subject has a bucket of its own (401 if the token is bad); anonymous
        calls share one per address, the caller's behind a trusted proxy.
        """
        if authorization is not None:
            return self.limiter.take(self.caller(authorization, None))
        if self.trusted_proxies is not None:
            peer = self.trusted_proxies.client_address(peer, headers)
        return self.anonymous_limiter.take("ip:" + (peer or "unknown"))

    def caller(self, authorization: bytes | None, address: str | None) -> str:
        """The rate-limit key: the token's subject (401 if the token is bad), else the address.

        Services verify the token again; checking it here turns a bad token away before it
        costs a service anything, and keys the limit on who calls rather than from where.
        """
        if authorization is not None:
            scheme, _, token = authorization.decode("latin-1").partition(" ")
            if scheme.lower() != "bearer" or not token:
                raise Unauthorized(i18n.message(i18n.KIT["use_bearer"]))
            return "sub:" + self.verifier.verify(token.strip()).subject
        return "ip:" + (address or "unknown")

    def body_limit(self, method: str, path: str) -> int:
        """Bulk imports (``BULK_PATHS``) may send far more than an ordinary request."""
        return self.bulk_max_body_bytes if is_bulk(method, path) else self.max_body_bytes

    def timeout(self, service: str, method: str, path: str) -> float:
        """Seconds the service has for the whole exchange before the caller gets a 504."""
        return self.bulk_timeout_seconds if is_bulk(method, path) else self.timeout_seconds[service]

    def _limit(self, scope: Scope) -> int:
        return self.body_limit(scope["method"], scope["path"])

    async def _body(
        self, scope: Scope, receive: Receive, headers: list[tuple[bytes, bytes]], limit: int
    ) -> bytes | AsyncIterator[bytes]:
        length = next((int(v) for n, v in headers if n == b"content-length" and v.isdigit()), None)
        if length is not None and length > limit:
            raise BodyTooLarge(limit)
        if scope["method"] in ("GET", "HEAD", "DELETE", "OPTIONS") and not length:
            return b""
        if length is not None and length <= BUFFERED_BODY_LIMIT:
            chunks = []
            more = True
            while more:
                message = await receive()
                chunks.append(message.get("body", b""))
                more = message.get("more_body", False)
            return b"".join(chunks)
        first = await receive()
        first_chunk = first.get("body", b"")
        if len(first_chunk) > limit:
            raise BodyTooLarge(limit)
        return self._stream_body(receive, first_chunk, first.get("more_body", False), limit)

    async def _stream_body(
        self, receive: Receive, first: bytes, more: bool, limit: int
    ) -> AsyncIterator[bytes]:
        seen = len(first)
        if first:
            yield first
        while more:
            message = await receive()
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > limit:
                raise BodyTooLarge(limit)
            more = message.get("more_body", False)
            if chunk:
                yield chunk

    async def _forward(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        service: str,
        body: bytes | AsyncIterator[bytes],
    ) -> None:
        assert self.session is not None
        raw_path = scope.get("raw_path") or scope["path"].encode()
        upstream_path = raw_path[len(b"/v1/") + len(service) :] or b"/"
        query = scope.get("query_string", b"")
        target = URL(
            self.upstreams[service]
            + upstream_path.decode("latin-1")
            + ("?" + query.decode("latin-1") if query else ""),
            encoded=True,
        )
        outgoing = self._request_headers(scope)
        response_started = False
        try:
            async with self.session.request(
                scope["method"],
                target,
                headers=outgoing,
                data=body,
                allow_redirects=False,
                timeout=self.bulk_timeout if _is_bulk(scope) else self.timeouts[service],
                compress=None,
            ) as upstream:
                response_headers = [
                    (lowered, self._outward(lowered, value, service))
                    for name, value in upstream.raw_headers
                    if (lowered := name.lower()) not in RESPONSE_DROPPED
                ]
                await send(
                    {
                        "type": "http.response.start",
                        "status": upstream.status,
                        "headers": response_headers,
                    }
                )
                response_started = True
                async for chunk in upstream.content.iter_any():
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
                await send({"type": "http.response.body", "body": b"", "more_body": False})
        except BodyTooLarge as too_large:
            if not response_started:
                await self._too_large(scope, receive, send, too_large.limit)
        except TimeoutError:
            if not response_started:
                await problem_response(
                    504,
                    i18n.message(i18n.KIT["upstream_timeout"], service=service),
                    slug="upstream-timeout",
                )(scope, receive, send)
        except aiohttp.ClientError as exc:
            if isinstance(exc.__cause__, BodyTooLarge):  # raised inside our body generator
                if not response_started:
                    await self._too_large(scope, receive, send, exc.__cause__.limit)
                return
            log.warning("upstream failed", extra={"upstream": service, "error": repr(exc)})
            if not response_started:
                await problem_response(
                    502,
                    i18n.message(i18n.KIT["upstream_unavailable"], service=service),
                    slug="upstream-unavailable",
                )(scope, receive, send)

    def _outward(self, name: bytes, value: bytes, service: str) -> bytes:
        """A service's own path in ``Location`` becomes its path on the gateway."""
        if name == b"location" and value.startswith(b"/"):
            return b"/v1/" + service.encode() + value
        return value

    def _request_headers(self, scope: Scope) -> CIMultiDict[str]:
        headers: CIMultiDict[str] = CIMultiDict()
        connection_listed: set[str] = set()
        forwarded_for = None
        for raw_name, raw_value in scope["headers"]:
            name = raw_name.decode("latin-1")
            value = raw_value.decode("latin-1")
            if name == "connection":
                connection_listed.update(t.strip().lower() for t in value.split(","))
            elif name == "x-forwarded-for":
                forwarded_for = value
            elif name == "host":
                headers["X-Forwarded-Host"] = value
            elif name not in HOP_BY_HOP or name == "content-length":
                headers.add(name, value)
        for name in connection_listed:
            headers.popall(name, None)
        client = scope.get("client")
        if client:
            headers["X-Forwarded-For"] = (
                f"{forwarded_for}, {client[0]}" if forwarded_for else client[0]
            )
        headers["X-Forwarded-Proto"] = scope.get("scheme", "http")
        headers["X-Request-ID"] = context.request_id.get() or ""
        return headers

    async def _too_large(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        await problem_response(
            413, i18n.message(i18n.KIT["body_too_large"], limit=limit), limit_bytes=limit
        )(scope, receive, send)
