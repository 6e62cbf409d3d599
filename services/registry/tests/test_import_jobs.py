"""A company import runs as a job: 202 and a Location to poll, one size limit, its key, its
reader, and a job that outlives its process is reported failed, never lost."""

from __future__ import annotations

import asyncio
import csv
import io
from typing import TYPE_CHECKING, Any

import pytest

from shared.testing import jobs

if TYPE_CHECKING:
    from conftest import RegistryHarness

PATH = "/companies/import"
HEADER = b"bin,kind,display_name,segments\n"


def one_company(registry: RegistryHarness, name: str = "Дала Дата 🚀") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["bin", "kind", "display_name", "segments"])
    writer.writerow([registry.payload()["bin"], "local", name, "software_development"])
    return buffer.getvalue().encode()


class TestImportJob:
    async def test_the_same_key_and_file_answer_the_first_job_another_file_422(
        self, registry: RegistryHarness
    ) -> None:
        await jobs.check_idempotency_key(
            registry, PATH, one_company(registry), one_company(registry, "Басқа")
        )

    async def test_one_byte_over_the_limit_is_a_413_naming_it(
        self, registry: RegistryHarness
    ) -> None:
        registry.app.state.runtime.settings.import_max_bytes = 4096
        await jobs.check_size_limit(registry, PATH, HEADER, 4096)

    async def test_a_json_import_is_refused_at_the_limit_not_read_whole_first(
        self, registry: RegistryHarness
    ) -> None:
        """Was read whole by shared.bodies (for its nesting check) before the route looked
        at the limit: a body of any size was in memory first."""
        limit = 4096
        registry.app.state.runtime.settings.import_max_bytes = limit
        await jobs.check_size_limit(registry, PATH, b"[", limit, "application/json")
        await jobs.check_not_read_past_the_limit(registry, PATH, b"[", limit, "application/json")

    async def test_only_its_caller_the_manager_and_the_ministry_read_it(
        self, registry: RegistryHarness
    ) -> None:
        await jobs.check_only_its_caller_reads_it(registry, PATH, one_company(registry))

    async def test_a_job_whose_process_stopped_beating_reads_failed(
        self, registry: RegistryHarness
    ) -> None:
        await jobs.check_a_stale_job_reads_failed(registry, "/companies", "companies")

    async def test_either_replica_reads_a_job_which_fails_when_its_replica_stops(
        self, registry: RegistryHarness, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Two replicas on one database: the job submitted to one is read on the other, and
        when its replica shuts down mid-import the job reads failed, saying why."""
        from registry.bulk import service
        from registry.main import create_app

        from shared.testing.harness import serve

        started = asyncio.Event()

        async def never_ends(**_: Any) -> dict[str, Any]:
            started.set()
            await asyncio.Event().wait()
            raise AssertionError("unreachable")

        monkeypatch.setattr(service, "import_companies", never_ends)
        other = create_app(registry.app.state.runtime.settings.model_copy())
        async with serve(
            type(registry), other, private_key=registry.private_key, nats_url=registry.nats_url
        ) as replica:
            response = await jobs.post(replica, PATH, one_company(registry), replica.pm)
            assert response.status_code == 202, response.text
            location = response.headers["Location"]
            await started.wait()
            running = await registry.get(location)  # on the replica that did not take it
            assert running["state"] == "running" and running["finished_at"] is None
        job = await registry.get(location)
        assert job["state"] == "failed" and job["finished_at"] is not None
        assert job["failure"]["type"] == "urn:blp:problem:job-interrupted"
        assert (
            job["failure"]["status"] == 503 and "submit the file again" in job["failure"]["detail"]
        )

    async def test_a_wrong_header_is_refused_before_any_job(
        self, registry: RegistryHarness
    ) -> None:
        import sqlalchemy as sa

        from shared.jobs import import_job

        body = registry.problem(await jobs.post(registry, PATH, b"\xff\xfe", registry.pm), 422)
        assert "UTF-8" in body["detail"]
        async with registry.transaction() as session:
            assert (await session.scalar(sa.select(sa.func.count()).select_from(import_job))) == 0
