"""CSV import (upsert by BIN, per-row report, idempotent) and export (re-importable)."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

import pytest

from shared.bodies import too_deep_message
from shared.db import COPY_FROM

if TYPE_CHECKING:
    from conftest import RegistryHarness


def csv_text(rows: list[dict[str, Any]], columns: list[str] | None = None) -> bytes:
    columns = columns or [
        "bin",
        "kind",
        "display_name",
        "name_ru",
        "segments",
        "region",
        "city",
        "employees",
        "founded_on",
        "capabilities",
        "tags",
        "status",
    ]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k, "") for k in columns})
    return buffer.getvalue().encode()


def row(registry: RegistryHarness, **overrides: Any) -> dict[str, Any]:
    base = {
        "bin": registry.payload()["bin"],
        "kind": "local",
        "display_name": "Дала Дата",
        "name_ru": "Дала Дата",
        "segments": "software_development;it_outsourcing",
        "region": "astana",
        "city": "astana",
        "employees": "12",
        "founded_on": "2018-04-01",
        "capabilities": "web_development;qa_testing",
        "tags": "1С;ERP",
        "status": "active",
    }
    base.update(overrides)
    return base


def exported_rows(response: Any) -> list[dict[str, str]]:
    """An export's rows, read as a spreadsheet program reads it: the file must begin with
    the UTF-8 BOM (without it Excel shows Cyrillic as mojibake), then the header."""
    assert response.status_code == 200, response.text
    assert response.content.startswith(b"\xef\xbb\xbfbin,id,"), response.content[:20]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


async def post_csv(registry: RegistryHarness, content: bytes) -> Any:
    return await registry.http.post(
        "/companies/import", content=content, headers={**registry.staff, "Content-Type": "text/csv"}
    )


async def import_csv(registry: RegistryHarness, content: bytes) -> Any:
    """The report of an import job of ``content``, run to its end."""
    return (await registry.import_file("/companies/import", content))["report"]


async def import_json(registry: RegistryHarness, items: Any, **params: str) -> Any:
    job = await registry.import_file(
        "/companies/import",
        json.dumps(items).encode(),
        content_type="application/json",
        params=params,
    )
    return job["report"]


class TestImport:
    async def test_report_counts_created_updated_and_names_rejected_lines(
        self, registry: RegistryHarness
    ) -> None:
        existing = await registry.create()
        rows = [
            row(registry),
            row(registry, bin="123456789012"),
            row(registry, employees="lots", display_name="Плохая 🚫"),
            row(
                registry,
                bin=existing["bin"],
                display_name="Қазақ Софт Plus",
                region="almaty_city",
                city="almaty_city",
            ),
        ]
        response = await post_csv(registry, csv_text(rows))
        assert response.status_code == 202, response.text
        submitted = response.json()
        location = response.headers["Location"]
        assert location == f"/companies/import-jobs/{submitted['id']}"
        assert submitted["state"] in ("queued", "running") and submitted["report"] is None
        job = await registry.finished_job(location)
        assert job["state"] == "succeeded" and job["failure"] is None
        assert (job["total"], job["done"], job["rejected"]) == (4, 4, 2)
        assert job["started_at"] and job["finished_at"]
        report = job["report"]
        assert (report["created"], report["updated"], report["unchanged"], report["rejected"]) == (
            1,
            1,
            0,
            2,
        )
        assert [e["line"] for e in report["errors"]] == [3, 4]
        assert "bin" in report["errors"][0]["reason"]
        assert "employees" in report["errors"][1]["reason"]
        changed = (
            await registry.http.get(f"/companies/{existing['id']}", headers=registry.staff)
        ).json()
        assert changed["display_name"] == "Қазақ Софт Plus" and changed["version"] == 2
        assert changed["products"] == existing["products"]  # not in CSV: left alone

    async def test_importing_the_same_file_twice_changes_nothing_the_second_time(
        self, registry: RegistryHarness
    ) -> None:
        content = csv_text([row(registry) for _ in range(5)])
        first = await import_csv(registry, content)
        second = await import_csv(registry, content)
        assert first["created"] == 5
        assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, 5)
        listed = (
            await registry.http.get("/companies", headers=registry.staff, params={"limit": 50})
        ).json()["items"]
        assert {c["version"] for c in listed} == {1}

    async def test_a_file_of_many_batches_is_written_batch_by_batch_with_its_rejections(
        self, registry: RegistryHarness, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from registry.bulk import service

        monkeypatch.setattr(service, "BATCH", 2)  # the pipeline over four batches
        existing = await registry.create()
        rows = [row(registry) for _ in range(7)]
        rows[2] = row(registry, bin=existing["bin"], display_name="Жаңа атау ✨")
        rows[4] = row(registry, employees="-3")
        rows[6]["bin"] = rows[0]["bin"]  # repeats line 2
        report = await import_csv(registry, csv_text(rows))
        assert (report["created"], report["updated"], report["rejected"]) == (4, 1, 2)
        assert [e["line"] for e in report["errors"]] == [6, 8]
        listed = (
            await registry.http.get("/companies", headers=registry.staff, params={"limit": 50})
        ).json()["items"]
        assert len(listed) == 5
        assert {c["display_name"] for c in listed} >= {"Жаңа атау ✨"}

    async def test_a_bulk_import_refreshes_the_planner_statistics(
        self, registry: RegistryHarness, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import sqlalchemy as sa
        from registry.bulk import service

        from shared.db import create_engine

        monkeypatch.setattr(service, "ANALYZE_AFTER", 3)
        report = await import_csv(registry, csv_text([row(registry) for _ in range(3)]))
        assert report["created"] == 3
        engine = create_engine(registry.database_url)
        try:
            async with engine.connect() as connection:
                if connection.dialect.name == "sqlite":
                    query = "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'company'"
                else:
                    query = "SELECT count(*) FROM pg_stats WHERE tablename = 'company'"
                assert (await connection.execute(sa.text(query))).scalar_one() > 0
        finally:
            await engine.dispose()

    async def test_a_bad_row_writes_nothing_of_itself(self, registry: RegistryHarness) -> None:
        bad = row(registry, city="shymkent")  # Shymkent is not in Astana
        report = await import_csv(registry, csv_text([bad]))
        assert report["rejected"] == 1 and "city" in report["errors"][0]["reason"]
        found = await registry.http.get(
            "/companies", headers=registry.staff, params={"bin": bad["bin"]}
        )
        assert found.json()["items"] == []

    async def test_duplicate_bins_in_one_file_keep_the_first(
        self, registry: RegistryHarness
    ) -> None:
        first = row(registry)
        report = await import_csv(registry, csv_text([first, {**first, "employees": "99"}]))
        assert report["created"] == 1 and report["errors"][0]["line"] == 3
        assert "repeats line 2" in report["errors"][0]["reason"]

    async def test_a_wrong_header_is_refused_whole(self, registry: RegistryHarness) -> None:
        response = await post_csv(registry, b"bin;name\n1;2\n")
        assert response.status_code == 422
        assert "bin;name" in response.json()["unknown_columns"]

    async def test_only_programme_staff_import(self, registry: RegistryHarness) -> None:
        from shared.auth import Role

        response = await registry.http.post(
            "/companies/import",
            content=csv_text([row(registry)]),
            headers=registry.as_(Role.MINISTRY),
        )
        assert response.status_code == 403


class TestExport:
    async def test_export_of_a_search_re_imports_unchanged(self, registry: RegistryHarness) -> None:
        await import_csv(registry, csv_text([row(registry) for _ in range(3)]))
        await registry.create(region="shymkent", city="shymkent")
        exported = await registry.http.get(
            "/companies/export", headers=registry.staff, params={"region": "astana"}
        )
        assert exported.headers["content-type"].startswith("text/csv")
        rows = exported_rows(exported)
        assert len(rows) == 3 and {r["region"] for r in rows} == {"astana"}
        again = await import_csv(registry, exported.content)
        assert (again["unchanged"], again["updated"], again["created"]) == (3, 0, 0)

    async def test_a_re_imported_export_keeps_when_profiles_were_verified(
        self, registry: RegistryHarness
    ) -> None:
        """Issue 12, defect 7: the export writes last_verified_at; an import keeps it."""
        company = await registry.publish(await registry.create(region="abai", city="semey"))
        exported = await registry.http.get(
            "/companies/export", headers=registry.staff, params={"region": "abai"}
        )
        (line,) = exported_rows(exported)
        assert line["last_verified_at"] == company["last_verified_at"].replace("Z", "+00:00")
        # the same profile in a second registry: a new BIN here
        line["bin"] = registry.payload()["bin"]
        report = await import_csv(registry, csv_text([line], list(line)))
        assert report["created"] == 1, report
        copy = (
            await registry.http.get(
                "/companies", headers=registry.staff, params={"bin": line["bin"]}
            )
        ).json()["items"][0]
        assert copy["last_verified_at"] == company["last_verified_at"]

    async def test_an_import_moves_the_verification_date_forward_only(
        self, registry: RegistryHarness
    ) -> None:
        first = row(registry, last_verified_at="2026-01-10T09:00:00+00:00")
        columns = [*first]
        assert (await import_csv(registry, csv_text([first], columns)))["created"] == 1
        older = {**first, "last_verified_at": "2025-06-01T00:00:00+00:00"}
        assert (await import_csv(registry, csv_text([older], columns)))["unchanged"] == 1
        newer = {**first, "last_verified_at": "2026-02-01T00:00:00+00:00"}
        assert (await import_csv(registry, csv_text([newer], columns)))["updated"] == 1
        read = (
            await registry.http.get(
                "/companies", headers=registry.staff, params={"bin": first["bin"]}
            )
        ).json()["items"][0]
        assert read["last_verified_at"] == "2026-02-01T00:00:00Z" and read["version"] == 2
        naive = {**first, "last_verified_at": "2026-02-01T00:00:00"}
        report = await import_csv(registry, csv_text([naive], columns))
        assert report["rejected"] == 1 and "last_verified_at" in report["errors"][0]["reason"]

    async def test_formula_cells_are_neutralised_and_re_import_exactly(
        self, registry: RegistryHarness
    ) -> None:
        """Issue 15, item 3 (OWASP CSV injection)."""
        hostile = {
            "display_name": '=HYPERLINK("http://evil.example","click")',
            "name_ru": "+7 дней",
            "name_kk": "@home",
            "name_en": "-minus",
            "description": "'quoted already",
            "tags": ["=1+1", "ok"],
            "address": "ул. Абая, 1",
        }
        company = await registry.create(region="abai", city="semey", **hostile)
        exported = await registry.http.get(
            "/companies/export", headers=registry.staff, params={"region": "abai"}
        )
        (line,) = exported_rows(exported)
        assert line["display_name"] == "'" + hostile["display_name"]
        assert line["name_ru"] == "'+7 дней" and line["name_kk"] == "'@home"
        assert line["name_en"] == "'-minus" and line["description"] == "''quoted already"
        assert line["tags"] == "'=1+1;ok" and line["address"] == "ул. Абая, 1"
        for value in line.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
        again = await import_csv(registry, exported.content)
        assert (again["unchanged"], again["updated"], again["rejected"]) == (1, 0, 0), again
        read = await registry.http.get(f"/companies/{company['id']}", headers=registry.staff)
        assert {k: read.json()[k] for k in hostile} == hostile

    async def test_count_cells_are_read_as_whole_numbers_for_the_strict_schema(
        self, registry: RegistryHarness
    ) -> None:
        """A guard, not a defect: counts are strict integers in the schema, so the CSV reader
        turns "12" into 12 itself (a boolean-looking cell stays text and is refused)."""
        report = await import_csv(
            registry, csv_text([row(registry, employees="true"), row(registry)])
        )
        assert (report["created"], report["rejected"]) == (1, 1)
        assert "employees" in report["errors"][0]["reason"]

    @pytest.mark.parametrize(
        ("params", "status", "field"),
        [
            ({"cohort_id": "00000000-0000-4000-8000-000000000002"}, 403, None),
            ({"q": "!!!"}, 422, "q"),
            ({"employees_min": str(2**63)}, 422, "employees_min"),
            ({"region": "narnia"}, 422, "region"),
        ],
    )
    async def test_a_refused_export_is_a_problem_before_any_byte(
        self, registry: RegistryHarness, params: dict[str, str], status: int, field: str | None
    ) -> None:
        """Issue 15, item 2: it was a 200 with an empty file."""
        await registry.publish(await registry.create())
        response = await registry.http.get("/companies/export", params=params)
        assert response.status_code == status, response.text
        assert response.headers["content-type"] == "application/problem+json"
        if field is not None:
            assert [e["field"] for e in response.json()["errors"]] == [field]

    async def test_public_export_hides_drafts_and_confidential_figures(
        self, registry: RegistryHarness
    ) -> None:
        published = await registry.publish(await registry.create())
        await registry.create()
        rows = exported_rows(await registry.http.get("/companies/export"))
        assert [r["id"] for r in rows] == [published["id"]]
        assert rows[0]["private_sector_share"] == ""


class TestJsonImport:
    async def test_imported_companies_list_as_their_profiles_read(
        self, registry: RegistryHarness
    ) -> None:
        """A bulk import builds its companies' listings in Python (company_listing): a page
        must show what a profile read of the tables shows. Above COPY_FROM, so the bulk
        path of each engine writes them."""
        items = [
            registry.payload(
                display_name=f"Дала {n} 🚀",
                segments=["it_outsourcing", "software_development"][: 1 + n % 2],
                capabilities=["web_development", "cloud_hosting", "data_engineering"][n % 3 :],
                certifications=[
                    {
                        "kind": "company_accreditation",
                        "vendor": "ISO",
                        "name": "ISO 27001",
                        "expires_on": "2027-12-31",
                    },
                    {"kind": "staff_certification", "vendor": "Cisco", "name": "CCNA"},
                ][: n % 3],
                contacts=[] if n % 4 else [{"name": "Bob", "phone": "+7 701 000 00 01"}],
            )
            for n in range(COPY_FROM + 10)
        ]
        report = await import_json(registry, items, publish="true")
        assert report["created"] == len(items), report
        for item in items[:12]:
            listed = (
                await registry.http.get(
                    "/companies", params={"bin": item["bin"]}, headers=registry.staff
                )
            ).json()["items"]
            read = await registry.http.get(f"/companies/{listed[0]['id']}", headers=registry.staff)
            assert listed == [read.json()]

    async def test_full_profiles_including_foreign_companies_and_publishing(
        self, registry: RegistryHarness
    ) -> None:
        foreign = registry.payload(
            kind="international",
            bin=None,
            country="DE",
            foreign_registration_number="HRB 4711",
            region=None,
            city=None,
            display_name="Nordwind Systems GmbH",
        )
        local = registry.payload()
        items = [local, foreign]
        assert (await import_json(registry, items, publish="true"))["created"] == 2
        again = await import_json(registry, items)
        assert (again["created"], again["unchanged"]) == (0, 2)
        public = (await registry.http.get("/companies", params={"bin": local["bin"]})).json()
        assert public["items"][0]["products"][0]["name"] == "Dala ERP"
        assert public["items"][0]["publication"] == "published"

    async def test_a_body_that_is_not_a_json_array_is_a_422(
        self, registry: RegistryHarness
    ) -> None:
        for body in (b"{", b'{"bin": 1}'):
            job = await registry.import_file(
                "/companies/import", body, content_type="application/json", expect="failed"
            )
            assert job["failure"]["status"] == 422, job
        # the job checks the nesting (the body streams past shared.bodies, whose limit it is)
        too_deep = await registry.import_file(
            "/companies/import", b"[" * 100_000, content_type="application/json", expect="failed"
        )
        assert too_deep["failure"]["status"] == 422, too_deep
        assert too_deep["failure"]["detail"] == str(too_deep_message())
