"""Per-request plumbing as plain ASGI middleware (cheap on the hot path).

Accepts or generates ``X-Request-ID``, returns it, exposes it to logs and events, records
request metrics by route template, writes one access log line, and turns an unhandled
exception into a bare problem+json 500 that still carries the request id.
"""

from __future__ import annotations

import logging
import os
import re
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared import context, i18n, metrics
from shared.errors import problem_response

log = logging.getLogger("blp.access")

REQUEST_ID_HEADER = b"x-request-id"
_VALID_ID = re.compile(rb"^[A-Za-z0-9._:\-]{1,128}$")
_QUIET_PATHS = {"/healthz", "/readyz", "/metrics"}


def incoming_request_id(headers: list[tuple[bytes, bytes]]) -> str:
    """The caller's request id if it is sane, else a fresh one."""
    for name, value in headers:
        if name == REQUEST_ID_HEADER and _VALID_ID.match(value):
            return value.decode()
    return os.urandom(16).hex()  # as random as uuid4().hex, a third of the cost


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service
        # metric children per (method, route, status): labels() is a lock and a dict lookup
        # too many on a path every request takes
        self._series: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = incoming_request_id(scope["headers"])
        token = context.request_id.set(request_id)
        language = i18n.current.set(i18n.from_headers(scope["headers"]))
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = message["status"]
                response_started = True
                message["headers"] = [
                    *message.get("headers", []),
                    (REQUEST_ID_HEADER, request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("unhandled error", extra={"path": scope["path"]})
            if not response_started:
                response = problem_response(500, i18n.message(i18n.KIT["internal"]))
                await response(scope, receive, send_with_id)
        finally:
            self._observe(scope, status, time.perf_counter() - started)
            i18n.current.reset(language)
            context.request_id.reset(token)

    def _observe(self, scope: Scope, status: int, elapsed: float) -> None:
        route: Any = scope.get("route")
        template = getattr(route, "path", None) or "unmatched"
        method = scope["method"]
        series = self._series.get((method, template, status))
        if series is None:
            series = (
                metrics.HTTP_REQUESTS.labels(self.service, method, template, str(status)),
                metrics.HTTP_LATENCY.labels(self.service, method, template),
            )
            self._series[(method, template, status)] = series
        series[0].inc()
        series[1].observe(elapsed)
        if scope["path"] not in _QUIET_PATHS and log.isEnabledFor(logging.INFO):
            log.info(
                "request",
                extra={
                    "method": method,
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                },
            )
