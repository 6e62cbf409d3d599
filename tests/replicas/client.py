"""A client that spreads its requests over the gateways and retries the way the API asks.

Every request goes to the next gateway in turn. A request that fails without an answer from
the service (the connection dropped, or a 502/503/504 from a gateway whose upstream died) is
retried through the other gateway, and counted:

- a ``POST`` that creates carries an ``Idempotency-Key`` and is retried with the same key and
  body, so a create that committed before its answer was lost is replayed, not repeated;
- a change (``PUT``/``PATCH``/``POST .../publish`` with ``If-Match``) is retried after
  re-reading the resource: if the re-read shows the change applied, the first attempt
  committed and the change is done; otherwise it is sent again with the new ETag;
- a ``GET`` is simply sent again.

A retry that reaches a service while the first attempt is still running there (its gateway
died, its replica did not) gets 409 ``idempotency_in_progress`` and is sent again, with the
same key, until the first has finished (then it is replayed) or died (then it creates): a
claim dies with the process that held it (``shared/idempotency.py``), so a key never stays
stuck and the client needs no other way out.
"""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

RETRYABLE = {502, 503, 504}
REQUEST_DEADLINE = 60.0


@dataclass
class Stats:
    requests: int = 0  # logical requests of the scenario
    attempts: int = 0  # HTTP attempts, retries included
    retried: int = 0  # logical requests that needed more than one attempt
    replayed: int = 0  # creates answered from their Idempotency-Key (the first had committed)
    resolved_by_reread: int = 0  # changes found applied when re-read after a failed attempt
    failed_attempts: Counter[str] = field(default_factory=Counter)  # why attempts failed
    statuses: Counter[int] = field(default_factory=Counter)  # final status of each request
    per_gateway: Counter[str] = field(default_factory=Counter)

    def figures(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "attempts": self.attempts,
            "retried": self.retried,
            "replayed": self.replayed,
            "resolved_by_reread": self.resolved_by_reread,
            "failed_attempts": dict(self.failed_attempts),
            "final_statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "per_gateway": dict(self.per_gateway),
        }


class Platform:
    """The gateways, taken in turn."""

    def __init__(self, gateways: list[str], stats: Stats) -> None:
        self.gateways = gateways
        self.stats = stats
        self._turn = itertools.cycle(range(len(gateways)))
        self.http = httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=64))

    def route(self) -> Iterator[str]:
        """The gateways one request tries: the next in turn, then alternately the others."""
        start = next(self._turn)
        return (self.gateways[(start + i) % len(self.gateways)] for i in itertools.count())

    async def close(self) -> None:
        await self.http.aclose()

    async def send(
        self, method: str, path: str, via: Iterator[str], **kwargs: Any
    ) -> httpx.Response | None:
        """One attempt at the route's next gateway; None when it failed without the service's
        answer."""
        gateway = next(via)
        self.stats.attempts += 1
        self.stats.per_gateway[gateway] += 1
        try:
            response = await self.http.request(method, gateway + path, **kwargs)
        except httpx.TransportError as exc:
            self.stats.failed_attempts[type(exc).__name__] += 1
            return None
        if response.status_code in RETRYABLE:
            self.stats.failed_attempts[str(response.status_code)] += 1
            return None
        if response.status_code >= 500:  # never clean: the scenario asserts there are none
            self.stats.failed_attempts[str(response.status_code)] += 1
        return response

    async def token(self, client_id: str, secret: str) -> str:
        form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
        response = await self.retrying("POST", "/v1/auth/token", data=form)
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    async def retrying(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """A request that is safe to repeat (a read, a token), sent until a service answers."""
        self.stats.requests += 1
        via = self.route()
        deadline = time.monotonic() + REQUEST_DEADLINE
        tries = 0
        while True:
            tries += 1
            response = await self.send(method, path, via, **kwargs)
            if response is not None:
                if tries > 1:
                    self.stats.retried += 1
                self.stats.statuses[response.status_code] += 1
                return response
            assert time.monotonic() < deadline, "no gateway answered within the deadline"
            await pause(tries)


class Caller:
    """One API client's token and the platform's gateways."""

    def __init__(self, platform: Platform, client_id: str, token: str) -> None:
        self.platform = platform
        self.client_id = client_id
        self.headers = {"Authorization": f"Bearer {token}"}

    @property
    def stats(self) -> Stats:
        return self.platform.stats

    async def get(self, path: str, **params: Any) -> httpx.Response:
        return await self.platform.retrying("GET", path, params=params, headers=self.headers)

    async def read(self, path: str) -> tuple[dict[str, Any], str]:
        response = await self.get(path)
        assert response.status_code == 200, (path, response.status_code, response.text)
        return response.json(), response.headers["etag"]

    async def create(self, path: str, body: dict[str, Any]) -> httpx.Response:
        """POST with an Idempotency-Key, retried with the same key (see the module's text)."""
        key = str(uuid.uuid4())
        self.stats.requests += 1
        deadline = time.monotonic() + REQUEST_DEADLINE
        via = self.platform.route()
        tries = 0
        while True:
            tries += 1
            response = await self.platform.send(
                "POST", path, via, json=body, headers={**self.headers, "Idempotency-Key": key}
            )
            if (
                response is not None
                and response.status_code == 409
                and response.json().get("rule") == "idempotency_in_progress"
            ):
                self.stats.failed_attempts["409 idempotency_in_progress"] += 1
            elif response is not None:
                if tries > 1:
                    self.stats.retried += 1
                if response.headers.get("idempotent-replayed") == "true":
                    self.stats.replayed += 1
                self.stats.statuses[response.status_code] += 1
                return response
            assert time.monotonic() < deadline, f"POST {path} unanswered within the deadline"
            await pause(tries)

    async def _reread(self, resource: str, via: Iterator[str], deadline: float) -> httpx.Response:
        """A read that belongs to a change (not counted as a request of its own)."""
        while True:
            current = await self.platform.send("GET", resource, via, headers=self.headers)
            if current is not None:
                assert current.status_code == 200, (resource, current.text)
                return current
            assert time.monotonic() < deadline, f"GET {resource} unanswered within the deadline"
            await asyncio.sleep(0.1)

    async def change(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None,
        *,
        resource: str,
        applied: Callable[[dict[str, Any]], bool],
    ) -> httpx.Response:
        """A change with If-Match; after a failed attempt, re-read: applied already, or again."""
        self.stats.requests += 1
        deadline = time.monotonic() + REQUEST_DEADLINE
        # reads and writes alternate gateways each on their own: on one route, with two
        # gateways, every write would go to the same one
        reads, writes = self.platform.route(), self.platform.route()
        tries = 0
        while True:
            current = await self._reread(resource, reads, deadline)
            if tries and applied(current.json()):
                self.stats.retried += 1
                self.stats.resolved_by_reread += 1
                self.stats.statuses[200] += 1
                return current
            tries += 1
            response = await self.platform.send(
                method,
                path,
                writes,
                json=body,
                headers={**self.headers, "If-Match": current.headers["etag"]},
            )
            if response is not None and response.status_code != 412:
                if tries > 1:
                    self.stats.retried += 1
                self.stats.statuses[response.status_code] += 1
                return response
            if response is not None:
                self.stats.failed_attempts["412"] += 1
            assert time.monotonic() < deadline, f"{method} {path} unanswered within the deadline"
            await pause(tries)


async def pause(tries: int) -> None:
    """None before the first retry (it goes to the other gateway), then a growing one."""
    if tries > 1:
        await asyncio.sleep(0.2 * min(tries - 1, 5))
