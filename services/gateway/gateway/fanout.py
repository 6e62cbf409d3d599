"""The services' answers to one gateway request that asks several of them at once.

A composite view (a company's journey, a cohort's results framework) calls the services
itself rather than proxying one call. Every call carries the CALLER's own token, language
and request id, so each service applies its own access rules and logs under the gateway's
id; each service has one deadline for all its calls, so a slow service costs the view at
most that long. What did not come back is a ``Reply`` too, never an exception: each view
decides how an absent part reads.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from typing import Any

import aiohttp
from fastapi import Request

from gateway.proxy import Proxy
from shared import context, i18n
from shared.auth import Principal
from shared.errors import Problem

FORWARDED = ("authorization", "accept-language")


class RateLimited(Problem):
    status = 429


def admit(proxy: Proxy, principal: Principal) -> None:
    """Spend one request from the caller's bucket (the one its proxied calls spend): a view
    that asks every service costs the caller one call, and none once the bucket is empty."""
    wait = proxy.limiter.take("sub:" + principal.subject)
    if wait:
        raise RateLimited(
            i18n.message(i18n.KIT["rate_limited"]),
            headers={"Retry-After": str(max(1, round(wait)))},
        )


@dataclass(frozen=True)
class Reply:
    """One service's answer, or why there was none."""

    status: int | None
    """The service's HTTP status; ``None`` when it did not answer (see ``failure``)."""
    data: Any = None
    """The answer's JSON, on a 200."""
    detail: str | None = None
    """The service's problem detail, on another status."""
    failure: str | None = None
    """Why there was no answer: the exception's name (``TimeoutError``...)."""
    elapsed_ms: int = 0

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def timed_out(self) -> bool:
        return self.failure == TimeoutError.__name__


class FanOut:
    """The calls of one request: the caller's own headers, one deadline per service, at
    most ``cap`` seconds from now (less if the gateway's timeout for that service is)."""

    def __init__(self, proxy: Proxy, request: Request, *, cap: float) -> None:
        assert proxy.session is not None
        self.session = proxy.session
        self.upstreams = proxy.upstreams
        self.headers = {
            name: value for name in FORWARDED if (value := request.headers.get(name)) is not None
        }
        if request_id := context.request_id.get():  # the services log the gateway's id
            self.headers["X-Request-ID"] = request_id
        self.seconds = {
            service: min(cap, proxy.timeout_seconds[service]) for service in proxy.upstreams
        }
        now = asyncio.get_running_loop().time()
        self.deadlines = {service: now + seconds for service, seconds in self.seconds.items()}

    async def get(self, service: str, path: str, params: dict[str, str] | None = None) -> Reply:
        """``GET`` a service's ``path`` before its deadline."""
        started = time.perf_counter()

        def elapsed() -> int:
            return round((time.perf_counter() - started) * 1000)

        try:
            async with asyncio.timeout_at(self.deadlines[service]):
                async with self.session.get(
                    self.upstreams[service] + path, params=params or {}, headers=self.headers
                ) as response:
                    if response.status == 200:
                        data = await response.json(content_type=None)
                        return Reply(200, data=data, elapsed_ms=elapsed())
                    body = await response.read()
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            return Reply(None, failure=type(exc).__name__, elapsed_ms=elapsed())
        return Reply(response.status, detail=_problem_detail(body), elapsed_ms=elapsed())


def _problem_detail(body: bytes) -> str | None:
    try:
        document = json.loads(body)
    except ValueError:
        return None
    detail = document.get("detail") if isinstance(document, dict) else None
    return detail if isinstance(detail, str) else None
