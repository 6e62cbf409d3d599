"""Checks every import job must pass, run by each service's tests with its own import.

The rules are ``shared.jobs``'s, but each service wires them into its own routes (the access
check, the limit, the key): a service that forgot one fails its own test, not a shared one.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import sqlalchemy as sa

from shared import jobs
from shared.auth import Role
from shared.testing.harness import Headers, ServiceHarness


async def post(
    harness: ServiceHarness, path: str, content: Any, headers: Headers, **extra: str
) -> Any:
    return await harness.http.post(
        path, content=content, headers={**headers, "Content-Type": "text/csv", **extra}
    )


async def check_idempotency_key(
    harness: ServiceHarness, path: str, content: bytes, other: bytes
) -> None:
    """Same key and file: the first job again, said to be replayed; another file: 422."""
    key = {"Idempotency-Key": f"import-{uuid.uuid4()}"}
    first = await post(harness, path, content, harness.pm, **key)
    assert first.status_code == 202, first.text
    again = await post(harness, path, content, harness.pm, **key)
    assert again.status_code == 202, again.text
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true"
    refused = harness.problem(await post(harness, path, other, harness.pm, **key), 422)
    assert refused["field"] == "Idempotency-Key"
    await harness.finished_job(first.headers["Location"])


async def check_size_limit(
    harness: ServiceHarness,
    path: str,
    header: bytes,
    limit: int,
    content_type: str = "text/csv",
) -> None:
    """One byte over the limit is a 413 naming it, with its length declared or streamed
    without one; a file of exactly the limit passes the size check."""
    over = header + b"x" * (limit + 1 - len(header))
    typed = {"Content-Type": content_type}

    async def streamed() -> AsyncIterator[bytes]:
        for start in range(0, len(over), 65536):
            yield over[start : start + 65536]

    for content in (over, streamed()):
        body = harness.problem(await post(harness, path, content, harness.pm, **typed), 413)
        assert body["limit_bytes"] == limit, body
        assert f"{limit:,} bytes" in body["detail"], body
    at_limit = await post(harness, path, over[:limit], harness.pm, **typed)
    assert at_limit.status_code == 202, at_limit.text
    assert at_limit.json()["size_bytes"] == limit
    job = await harness.finished_job(at_limit.headers["Location"])
    # its one long cell of garbage is bad input: refused as such, never an internal error
    assert job["state"] == "succeeded" or job["failure"]["status"] == 422, job


async def check_not_read_past_the_limit(
    harness: ServiceHarness, path: str, first: bytes, limit: int, content_type: str
) -> None:
    """A body far over the limit is refused (413 naming it) once its reading passes the
    limit, whatever its type says: nothing (``shared.bodies`` for a JSON one) reads it whole
    first. Through ``httpx.ASGITransport``, which hands the app each chunk as it asks."""
    chunk, received = 1024, 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal received
        yield first
        for _ in range(limit // chunk * 4):  # four times the limit, unless reading stops
            received += chunk
            yield b" " * chunk

    transport = httpx.ASGITransport(app=harness.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        response = await client.post(
            path, content=endless(), headers={**harness.pm, "Content-Type": content_type}
        )
    assert harness.problem(response, 413)["limit_bytes"] == limit
    assert received <= limit + chunk


async def check_only_its_caller_reads_it(
    harness: ServiceHarness, path: str, content: bytes, role: Role = Role.ANALYST
) -> None:
    """The caller who started a job reads it, so do the programme manager and the ministry;
    another caller of the same role, a company, or anyone for an unknown id gets a 404."""
    owner = harness.as_(role, subject=f"owner-{uuid.uuid4()}")
    response = await post(harness, path, content, owner)
    assert response.status_code == 202, response.text
    location = response.headers["Location"]
    await harness.finished_job(location, owner)
    for reader in (harness.pm, harness.as_(Role.MINISTRY)):
        await harness.get(location, reader)
    strangers = (
        harness.as_(role, subject=f"other-{uuid.uuid4()}"),
        harness.as_(Role.LOCAL_COMPANY, uuid.uuid4()),
    )
    for stranger in strangers:
        unknown = await harness.http.get(location, headers=stranger)
        assert harness.problem(unknown, 404)["detail"] == "No such import job."
    missing = location.rsplit("/", 1)[0] + f"/{uuid.uuid4()}"
    assert harness.problem(await harness.http.get(missing, headers=owner), 404)


async def check_a_stale_job_reads_failed(harness: ServiceHarness, jobs_at: str, kind: str) -> None:
    """A job whose process stopped beating (killed: it could not say so) reads as failed,
    for good: a late write of its runner no longer changes it."""
    now = datetime.now(UTC)
    job_id = uuid.uuid4()
    beat = now - jobs.STALE_AFTER - timedelta(seconds=1)
    fresh_id = uuid.uuid4()
    async with harness.transaction() as session:
        for id_, heartbeat in ((job_id, beat), (fresh_id, now)):
            await session.execute(
                sa.insert(jobs.import_job).values(
                    id=id_,
                    kind=kind,
                    owner=harness.manager_subject,
                    fingerprint="0" * 64,
                    size_bytes=10,
                    state="running",
                    done=5,
                    rejected=0,
                    created_at=beat,
                    started_at=beat,
                    heartbeat_at=heartbeat,
                )
            )
    fresh = await harness.get(jobs.location(jobs_at, fresh_id))
    assert fresh["state"] == "running"
    job = await harness.get(jobs.location(jobs_at, job_id))
    assert (job["state"], job["done"]) == ("failed", 5)
    assert job["failure"]["type"] == "urn:blp:problem:job-abandoned"
    assert beat.isoformat() in job["failure"]["detail"]
    progress = jobs.Progress(harness.app.state.runtime.sessions, job_id)
    try:
        await progress.counted(10)
    except jobs.Abandoned:
        pass
    else:
        raise AssertionError("a runner kept writing to a job marked failed")
    assert (await harness.get(jobs.location(jobs_at, job_id)))["state"] == "failed"
