"""``Idempotency-Key`` under concurrency, on the registry's company create (shared.idempotency).

The claim is held by the request's own transaction, so these tests hold a request inside its
transaction (a table lock on PostgreSQL, SQLite's one write lock) and send its retry meanwhile.
The single-request semantics (replay, 422 for another body) are in test_companies.py.
"""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import httpx
import pytest
import sqlalchemy as sa

from shared.idempotency import ABANDONED_AFTER, idempotency_key

if TYPE_CHECKING:
    from conftest import RegistryHarness


async def companies(registry: RegistryHarness, bin_: str) -> int:
    listed = await registry.http.get("/companies", params={"bin": bin_}, headers=registry.staff)
    return len(listed.json()["items"])


class TestConcurrentRetry:
    async def test_a_retry_while_the_first_runs_is_409_then_the_replay(
        self, registry: RegistryHarness
    ) -> None:
        """PostgreSQL: the retry finds the key's lock taken and answers 409 at once."""
        payload = registry.payload(display_name="Параллель 🚀")
        headers = {**registry.staff, "Idempotency-Key": "retry-1"}
        async with registry.transaction() as blocker:
            postgres = blocker.bind.dialect.name == "postgresql"
            if postgres:
                await blocker.execute(sa.text("LOCK TABLE company IN ACCESS EXCLUSIVE MODE"))
            else:  # SQLite: one writer at a time, and this transaction is it
                await blocker.execute(sa.text("SELECT 1"))
            first = asyncio.create_task(
                registry.http.post("/companies", json=payload, headers=headers)
            )
            if postgres:
                await until_key_locked(blocker)
                second = await registry.http.post("/companies", json=payload, headers=headers)
                assert second.status_code == 409, second.text
                assert second.json()["rule"] == "idempotency_in_progress"
                waiting: asyncio.Task[httpx.Response] | None = None
            else:  # the retry waits for the write lock behind the first, then replays
                waiting = asyncio.create_task(
                    registry.http.post("/companies", json=payload, headers=headers)
                )
                await asyncio.sleep(0.2)  # both queued on the write lock (order not asserted)
            assert not first.done()
        done = await first
        answers = [done] + ([await waiting] if waiting else [])
        answers.append(await registry.http.post("/companies", json=payload, headers=headers))
        assert all(a.status_code == 201 for a in answers), [a.text for a in answers]
        assert len({a.json()["id"] for a in answers}) == 1
        assert sum(a.headers.get("idempotent-replayed") == "true" for a in answers) == (
            len(answers) - 1
        )
        assert await companies(registry, payload["bin"]) == 1

    async def test_a_failed_first_request_leaves_the_key_free(
        self, registry: RegistryHarness
    ) -> None:
        """Nothing of a request that fails is stored: its retry runs again."""
        payload = registry.payload()
        headers = {**registry.staff, "Idempotency-Key": "bin-taken"}
        await registry.create(bin=payload["bin"])
        refused = await registry.http.post("/companies", json=payload, headers=headers)
        assert refused.status_code == 409 and refused.json()["rule"] == "bin_unique"
        async with registry.transaction() as session:
            stored = await session.execute(sa.select(sa.func.count()).select_from(idempotency_key))
            assert stored.scalar_one() == 0
        again = await registry.http.post("/companies", json=payload, headers=headers)
        assert again.status_code == 409 and "idempotent-replayed" not in again.headers


class TestDroppedConnection:
    async def test_a_claim_ends_with_its_database_connection(
        self, registry: RegistryHarness, backend: str
    ) -> None:
        """What a killed replica leaves (tests/test_two_replicas.py has the real kill): the
        first request's server process is terminated mid-request; its retry creates at once,
        where a claim committed apart answered 409 for five minutes."""
        if backend != "postgres":
            pytest.skip("SQLite: a killed process's lock is the file lock, gone with it")
        payload = registry.payload()
        headers = {**registry.staff, "Idempotency-Key": "dropped"}
        async with registry.transaction() as blocker:
            await blocker.execute(sa.text("LOCK TABLE company IN ACCESS EXCLUSIVE MODE"))
            first = asyncio.create_task(
                registry.http.post("/companies", json=payload, headers=headers)
            )
            await until_key_locked(blocker)
            terminated = await blocker.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'"
                    " AND granted AND database ="
                    " (SELECT oid FROM pg_database WHERE datname = current_database())"
                )
            )
            assert terminated.scalars().all() == [True]
            assert (await first).status_code == 500  # its connection is gone: nothing committed
        retry = await registry.http.post("/companies", json=payload, headers=headers)
        assert retry.status_code == 201, retry.text
        assert await companies(registry, payload["bin"]) == 1


class TestClaimOfThePreviousRelease:
    """The release before this one committed a claim (a row without a response) apart from
    the request; during a rolling upgrade this release meets them and honours them."""

    async def insert_claim(
        self, registry: RegistryHarness, key: str, body: bytes, at: datetime
    ) -> None:
        scope = hashlib.sha256(f"POST /companies {registry.manager_subject}".encode()).hexdigest()
        async with registry.transaction() as session:
            await session.execute(
                sa.insert(idempotency_key).values(
                    scope=scope,
                    key=key,
                    fingerprint=hashlib.sha256(body).hexdigest(),
                    created_at=at,
                )
            )

    async def test_a_recent_one_is_in_progress_an_abandoned_one_is_taken_over(
        self, registry: RegistryHarness
    ) -> None:
        payload = registry.payload()
        body = httpx.Request("POST", "/", json=payload).content
        now = datetime.now(UTC)
        await self.insert_claim(registry, "recent", body, now)
        await self.insert_claim(registry, "abandoned", body, now - ABANDONED_AFTER * 2)
        json = {**registry.staff, "Content-Type": "application/json"}
        recent = await registry.http.post(
            "/companies", content=body, headers={**json, "Idempotency-Key": "recent"}
        )
        assert recent.status_code == 409 and recent.json()["rule"] == "idempotency_in_progress"
        headers = {**json, "Idempotency-Key": "abandoned"}
        taken = await registry.http.post("/companies", content=body, headers=headers)
        assert taken.status_code == 201, taken.text
        replay = await registry.http.post("/companies", content=body, headers=headers)
        assert replay.headers["idempotent-replayed"] == "true"
        assert replay.json()["id"] == taken.json()["id"]


async def until_key_locked(session: sa.ext.asyncio.AsyncSession) -> None:
    """Until some transaction holds an advisory lock (the first request's claim)."""
    for _ in range(300):
        held = await session.execute(
            sa.text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND"
                " database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            )
        )
        if held.scalar_one():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the first request never claimed its key")
