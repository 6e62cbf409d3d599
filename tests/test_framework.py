"""The results framework through the gateway: the four real services (real databases, real
NATS) asked in parallel with the caller's token; a service that is down or slow makes only its
own indicators unavailable. Response times are printed (``-s``), never asserted: the figures
in docs/indicators.md come from here."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import statistics
import time
import uuid
from typing import Any

import openpyxl
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from shared.auth import Role
from shared.indicators import CATALOGUE
from tests.stack import SERVICES, Launch, Stack, nowhere

pytestmark = pytest.mark.slow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TIMEOUT = 5.0  # generous: on a loaded two-core machine a healthy service can take over 1 s


async def _slow(request: Request) -> JSONResponse:
    await asyncio.sleep(TIMEOUT * 3)
    return JSONResponse({})


slow_service = Starlette(routes=[Route("/indicators", _slow)])


async def auth(stack: Stack, role: Role, company_id: uuid.UUID | None = None) -> dict[str, str]:
    """The headers of a new client of ``role``, with its real token."""
    return {"Authorization": f"Bearer {await stack.token(role, company_id)}"}


@pytest.fixture
def launch(launch_stack: Launch) -> Launch:
    """``async with launch(down="training")``: the stack with that service not listening (or
    ``slow=`` answering its indicators only after three timeouts)."""

    def running(
        down: str | None = None, slow: str | None = None, **gateway: Any
    ) -> contextlib.AbstractAsyncContextManager[Stack]:
        return launch_stack(
            only=tuple(name for name in SERVICES if name != down),
            instead={slow: slow_service} if slow else None,
            settings={"assessment": {"registry_url": nowhere()}},
            framework_timeout_seconds=TIMEOUT,
            **gateway,
        )

    return running


async def cohort_with_target(stack: Stack) -> tuple[str, dict[str, str]]:
    pm = await auth(stack, Role.PROGRAMME_MANAGER)
    response = await stack.http.post(
        "/v1/assessment/cohorts",
        json={"name": "Когорта 2027", "starts_on": "2027-01-15"},
        headers=pm,
    )
    assert response.status_code == 201, response.text
    cohort = response.json()["id"]
    response = await stack.http.put(
        f"/v1/assessment/cohorts/{cohort}/targets/companies_assessed",
        json={
            "baseline": "0",
            "target": "20",
            "milestones": [{"due_on": "2026-01-31", "value": "4"}],
        },
        headers=pm,
    )
    assert response.status_code == 201, response.text
    return cohort, pm


async def timed(stack: Stack, path: str, headers: dict[str, str], rounds: int = 7) -> float:
    """The median response time of ``rounds`` calls, in milliseconds."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = await stack.http.get(path, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text
    return statistics.median(times)


class TestFramework:
    async def test_every_service_answers_and_targets_are_joined(self, launch: Launch) -> None:
        async with launch() as stack:
            cohort, _ = await cohort_with_target(stack)
            ministry = await auth(stack, Role.MINISTRY)
            path = f"/v1/framework?cohort_id={cohort}"
            response = await stack.http.get(path, headers=ministry)
            assert response.status_code == 200, response.text
            body = response.json()
            assert {s["status"] for s in body["services"].values()} == {"available"}
            indicators = {i["code"]: i for i in body["indicators"]}
            assert list(indicators) == [i.code for i in CATALOGUE]
            assert all(i["status"] == "available" for i in indicators.values())
            assessed = indicators["companies_assessed"]
            assert assessed["value"] == "0" and assessed["name"]["kk"] == "Бағаланған компаниялар"
            assert assessed["target"]["due"] == "4" and assessed["target"]["approval"] == "proposed"
            assert assessed["progress"] == "off_track"  # 0 of the 4 due by now
            assert indicators["linkages_signed"]["progress"] == "no_target"
            assert body["targets"] == {
                "status": "available",
                "detail": None,
                "elapsed_ms": body["targets"]["elapsed_ms"],
            }
            print(
                f"\nframework, all services up: {await timed(stack, path, ministry):.1f} ms median"
            )

            export = await stack.http.get(
                f"/v1/framework/export.csv?cohort_id={cohort}", headers=ministry
            )
            assert export.status_code == 200
            assert export.headers["content-type"].startswith("text/csv")
            assert export.content.startswith("\ufeff".encode())
            rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
            assessed_row = next(r for r in rows if r["code"] == "companies_assessed")
            assert assessed_row["target"] == "20"
            assert assessed_row["name_ru"] == "Оценено компаний"

            workbook = await stack.http.get(
                f"/v1/framework/export.xlsx?cohort_id={cohort}",
                headers={**ministry, "Accept-Language": "kk"},
            )
            assert workbook.status_code == 200, workbook.text
            assert workbook.headers["content-type"] == XLSX
            assert workbook.headers["content-language"] == "kk"
            sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
            assert sheet is not None
            cells = [[c.value for c in row] for row in sheet.iter_rows()]
            assert cells[0][1] == "Көрсеткіш"
            row = next(r for r in cells[1:] if r[0] == "companies_assessed")
            assert row[1] == "Бағаланған компаниялар"
            assert (row[7], row[11], row[14]) == (0, 20, "артта қалуда")

    async def test_a_stopped_service_makes_only_its_indicators_unavailable(
        self, launch: Launch
    ) -> None:
        async with launch(down="training") as stack:
            cohort, _ = await cohort_with_target(stack)
            ministry = await auth(stack, Role.MINISTRY)
            path = f"/v1/framework?cohort_id={cohort}"
            response = await stack.http.get(path, headers=ministry)
            assert response.status_code == 200, response.text
            body = response.json()
            assert body["services"]["training"]["status"] == "unavailable"
            assert body["services"]["training"]["detail"].startswith("unreachable")
            unavailable = {i["code"] for i in body["indicators"] if i["status"] == "unavailable"}
            assert unavailable == {i.code for i in CATALOGUE if i.service == "training"}
            assert all(i["value"] is None for i in body["indicators"] if i["code"] in unavailable)
            assert (
                next(i for i in body["indicators"] if i["code"] == "companies_assessed")["target"][
                    "target"
                ]
                == "20"
            )
            print(f"\nframework, training down: {await timed(stack, path, ministry):.1f} ms median")

    async def test_without_the_assessment_service_targets_read_unavailable_not_absent(
        self, launch: Launch
    ) -> None:
        async with launch() as stack:
            cohort, pm = await cohort_with_target(stack)
            await stack.stop("assessment")  # the targets' service: its indicators go too
            ministry = await auth(stack, Role.MINISTRY)
            response = await stack.http.get(f"/v1/framework?cohort_id={cohort}", headers=ministry)
            assert response.status_code == 200, response.text
            body = response.json()
            assert body["targets"]["status"] == "unavailable"
            assert body["targets"]["detail"].startswith("unreachable")
            assert {i["progress"] for i in body["indicators"]} == {"target_unavailable"}
            assert all(i["target"] is None for i in body["indicators"])
            linkages = next(i for i in body["indicators"] if i["code"] == "linkages_signed")
            assert linkages["status"] == "available"  # the registry's figure is still there

            export = await stack.http.get(
                f"/v1/framework/export.csv?cohort_id={cohort}", headers=ministry
            )
            assert export.status_code == 200, export.text
            rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
            assert {r["progress"] for r in rows if r["name_en"]} == {"target_unavailable"}
            workbook = await stack.http.get(
                f"/v1/framework/export.xlsx?cohort_id={cohort}",
                headers={**ministry, "Accept-Language": "ru"},
            )
            assert workbook.status_code == 200, workbook.text
            sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
            assert sheet is not None
            progress = {row[14].value for row in sheet.iter_rows(min_row=2) if row[1].value}
            assert progress == {"цель недоступна"}

            # no quarterly report without its targets: refused before anything is signed
            refused = await stack.http.post(
                f"/v1/framework/snapshots?cohort_id={cohort}",
                json={"period": "2026-Q4"},
                headers={**pm, "Accept-Language": "kk"},
            )
            assert refused.status_code == 502, refused.text
            assert refused.headers["content-type"] == "application/problem+json"
            assert refused.json()["detail"] == "assessment қызметі қолжетімсіз."

    async def test_a_slow_service_is_cut_at_its_timeout(self, launch: Launch) -> None:
        async with launch(slow="finance") as stack:
            cohort, _ = await cohort_with_target(stack)
            ministry = await auth(stack, Role.MINISTRY)
            path = f"/v1/framework?cohort_id={cohort}"
            response = await stack.http.get(path, headers=ministry)
            body = response.json()
            assert body["services"]["finance"]["status"] == "unavailable"
            assert body["services"]["finance"]["detail"] == f"no answer within {TIMEOUT:g} s"
            assert {i["code"] for i in body["indicators"] if i["status"] == "unavailable"} == {
                i.code for i in CATALOGUE if i.service == "finance"
            }
            took = await timed(stack, path, ministry, rounds=3)
            print(f"\nframework, finance slow (timeout {TIMEOUT:g} s): {took:.1f} ms median")

    async def test_callers_other_than_staff_get_nothing(self, launch: Launch) -> None:
        async with launch() as stack:
            cohort, _ = await cohort_with_target(stack)
            company = await auth(stack, Role.LOCAL_COMPANY, uuid.uuid4())
            refused = await stack.http.get(f"/v1/framework?cohort_id={cohort}", headers=company)
            assert refused.status_code == 403
            anonymous = await stack.http.get(f"/v1/framework?cohort_id={cohort}")
            assert anonymous.status_code == 401
            unknown = await stack.http.get(
                "/v1/framework?cohort_id=00000000-0000-0000-0000-000000000000",
                headers=await auth(stack, Role.MINISTRY),
            )
            assert unknown.status_code == 404

    async def test_an_issued_report_is_frozen_and_compared_with_the_live_figures(
        self, launch: Launch
    ) -> None:
        async with launch() as stack:
            cohort, pm = await cohort_with_target(stack)
            issued = await stack.http.post(
                f"/v1/framework/snapshots?cohort_id={cohort}",
                json={"period": "2026-Q4"},
                headers=pm,
            )
            assert issued.status_code == 201, issued.text
            snapshot = issued.json()
            assert snapshot["framework"]["cohort_id"] == cohort
            assert snapshot["framework"]["targets"]["status"] == "available"
            again = await stack.http.post(
                f"/v1/framework/snapshots?cohort_id={cohort}",
                json={"period": "2026-Q4"},
                headers=pm,
            )
            assert again.status_code == 409 and again.json()["rule"] == "snapshot_issued"
            # figures typed by the manager, straight to the assessment service, are refused
            typed = await stack.http.post(
                f"/v1/assessment/cohorts/{cohort}/snapshots",
                json={"statement": "eyJhbGciOiJub25lIn0.eyJmcmFtZXdvcmsiOnt9fQ."},
                headers=pm,
            )
            assert typed.status_code == 422, typed.text
            assert [e["field"] for e in typed.json()["errors"]] == ["statement"]
            compared = await stack.http.get(
                f"/v1/framework/snapshots/{snapshot['id']}?cohort_id={cohort}", headers=pm
            )
            assert compared.status_code == 200, compared.text
            moves = {m["code"]: m for m in compared.json()["moves"]}
            assert moves["companies_assessed"] == {
                "code": "companies_assessed",
                "issued": "0",
                "live": "0",
                "moved": "0",
                "live_status": "available",
            }

    async def test_a_framework_call_spends_the_callers_rate_limit(self, launch: Launch) -> None:
        async with launch(rate_limit_per_minute=1, rate_limit_burst=3) as stack:
            pm = await auth(stack, Role.PROGRAMME_MANAGER)
            cohort = await stack.http.post(
                "/v1/assessment/cohorts", json={"name": "K", "starts_on": "2027-01-15"}, headers=pm
            )
            assert cohort.status_code == 201, cohort.text
            path = f"/v1/framework?cohort_id={cohort.json()['id']}"
            assert (await stack.http.get(path, headers=pm)).status_code == 200
            assert (await stack.http.get(path, headers=pm)).status_code == 200
            limited = await stack.http.get(path, headers=pm)
            assert limited.status_code == 429, limited.text
            assert limited.headers["content-type"] == "application/problem+json"
            assert int(limited.headers["retry-after"]) >= 1
