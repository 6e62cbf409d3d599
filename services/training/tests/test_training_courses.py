"""The course catalogue: proposals by anyone, the programme manager's decisions, exact money,
the vendor discount's defaults, corrections under If-Match, and the decisions' history."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from shared.auth import Role
from shared.testing import jobs

if TYPE_CHECKING:
    from conftest import TrainingHarness


class TestProposal:
    async def test_a_vendor_course_defaults_to_the_handbooks_75_percent_discount(
        self, service: TrainingHarness
    ) -> None:
        response = await service.http.post(
            "/courses", json=service.course_body(), headers=service.pm
        )
        assert response.status_code == 201, response.text
        course = response.json()
        assert response.headers["Location"] == f"/courses/{course['id']}"
        assert response.headers["ETag"] == '"1"'
        assert course["status"] == "proposed"
        assert course["vendor_discount_percent"] == "75.00"
        assert course["list_price"] == {"amount": "1200.00", "currency": "USD"}
        assert (course["kind"], course["module"]) == ("technical", "technical_training")

    async def test_an_open_source_course_has_no_discount_and_a_business_area_its_module(
        self, service: TrainingHarness
    ) -> None:
        course = await service.create(
            "/courses",
            service.course_body(
                skills_area="quality_management",
                provider="Open Quality Foundation",
                provider_kind="open_source",
                list_price={"amount": "99990", "currency": "KZT"},
            ),
        )
        assert course["vendor_discount_percent"] == "0.00"
        assert course["module"] == "business_training"
        assert course["list_price"] == {"amount": "99990.00", "currency": "KZT"}

    async def test_an_explicit_discount_and_an_exact_price_are_kept_to_the_cent(
        self, service: TrainingHarness
    ) -> None:
        course = await service.create(
            "/courses",
            service.course_body(
                vendor_discount_percent="62.50",
                list_price={"amount": "123456789.99", "currency": "KZT"},
            ),
        )
        again = await service.get(f"/courses/{course['id']}")
        assert again["vendor_discount_percent"] == "62.50"
        assert again["list_price"] == {"amount": "123456789.99", "currency": "KZT"}

    async def test_a_company_may_propose_and_sees_its_proposal_others_do_not(
        self, service: TrainingHarness
    ) -> None:
        vendor = service.as_(Role.INTERNATIONAL_COMPANY, uuid.uuid4(), subject="vendor-1")
        course = await service.create("/courses", service.course_body(), vendor)
        assert course["proposed_by"] == "vendor-1"
        assert (await service.get(f"/courses/{course['id']}", vendor))["id"] == course["id"]

        other = service.local(uuid.uuid4())
        service.problem(await service.http.get(f"/courses/{course['id']}", headers=other), 404)
        listed = await service.get("/courses", other)
        assert course["id"] not in {c["id"] for c in listed["items"]}
        staff = await service.get("/courses?status=proposed", service.ministry)
        assert course["id"] in {c["id"] for c in staff["items"]}


class TestDecisions:
    async def test_proposed_approved_retired_by_the_programme_manager_only(
        self, service: TrainingHarness
    ) -> None:
        course = await service.course("proposed")
        analyst = service.as_(Role.ANALYST)
        service.problem(
            await service.http.put(
                f"/courses/{course['id']}/status",
                json={"status": "approved"},
                headers={**analyst, "If-Match": '"1"'},
            ),
            403,
        )
        approved = await service.send(
            "PUT", f"/courses/{course['id']}/status", {"status": "approved"}, course
        )
        assert (approved["status"], approved["decided_by"]) == ("approved", "pm-1")
        # every signed-in caller sees an approved course
        other = service.local(uuid.uuid4())
        assert (await service.get(f"/courses/{course['id']}", other))["status"] == "approved"

        retired = await service.send(
            "PUT",
            f"/courses/{course['id']}/status",
            {"status": "retired", "note": "Вендор прекратил курс"},
            approved,
        )
        assert retired["status"] == "retired"
        response = await service.http.put(
            f"/courses/{course['id']}/status",
            json={"status": "approved"},
            headers={**service.pm, "If-Match": f'"{retired["version"]}"'},
        )
        body = service.problem(response, 409, "illegal_status_transition")
        assert body["current_status"] == "retired"

    async def test_an_approved_course_cannot_be_approved_again(
        self, service: TrainingHarness
    ) -> None:
        course = await service.course()
        response = await service.http.put(
            f"/courses/{course['id']}/status",
            json={"status": "approved"},
            headers={**service.pm, "If-Match": f'"{course["version"]}"'},
        )
        service.problem(response, 409, "illegal_status_transition")

    async def test_history_shows_the_proposal_and_each_decision_with_who_made_it(
        self, service: TrainingHarness
    ) -> None:
        course = await service.course("retired")
        history = await service.get(f"/courses/{course['id']}/history")
        entries = history["items"]
        assert [e["action"] for e in entries] == ["proposed", "approved", "retired"]
        assert {e["actor"] for e in entries} == {"pm-1"}
        assert entries[1]["before"] == {"status": "proposed"}
        assert entries[1]["after"] == {"status": "approved"}
        assert [e["version"] for e in entries] == [1, 2, 3]
        # the decisions are staff's and the proposer's business
        service.problem(
            await service.http.get(
                f"/courses/{course['id']}/history", headers=service.local(uuid.uuid4())
            ),
            404,
        )


class TestCorrections:
    async def test_a_correction_needs_the_current_etag(self, service: TrainingHarness) -> None:
        course = await service.course("proposed")
        path = f"/courses/{course['id']}"
        service.problem(
            await service.http.patch(path, json={"duration_hours": 80}, headers=service.pm), 428
        )
        service.problem(
            await service.http.patch(
                path, json={"duration_hours": 80}, headers={**service.pm, "If-Match": '"7"'}
            ),
            412,
        )
        updated = await service.send("PATCH", path, {"duration_hours": 80}, course)
        assert (updated["duration_hours"], updated["version"]) == (80, 2)
        history = await service.get(f"{path}/history")
        assert history["items"][-1]["before"] == {"duration_hours": 70}

    async def test_the_proposer_corrects_until_decided_then_only_staff(
        self, service: TrainingHarness
    ) -> None:
        company = uuid.uuid4()
        vendor = service.as_(Role.INTERNATIONAL_COMPANY, company, subject="vendor-2")
        course = await service.create("/courses", service.course_body(), vendor)
        path = f"/courses/{course['id']}"
        course = await service.send("PATCH", path, {"title": "CCNA v7"}, course, vendor)
        approved = await service.send("PUT", f"{path}/status", {"status": "approved"}, course)
        await service.send("PATCH", path, {"title": "CCNA v8"}, approved, vendor, expect=403)
        edited = await service.send("PATCH", path, {"title": "CCNA v8"}, approved)
        assert edited["title"] == "CCNA v8"

    async def test_a_retired_course_is_not_changed(self, service: TrainingHarness) -> None:
        course = await service.course("retired")
        response = await service.http.patch(
            f"/courses/{course['id']}",
            json={"title": "Revived"},
            headers={**service.pm, "If-Match": f'"{course["version"]}"'},
        )
        service.problem(response, 409, "course_retired")


class TestListing:
    async def test_filters_and_pages_follow_the_order_courses_were_made_in(
        self, service: TrainingHarness
    ) -> None:
        made = [await service.course(title=f"Курс {i}") for i in range(5)]
        await service.course(skills_area="business_english", title="IELTS preparation")
        first = await service.get("/courses?skills_area=network_engineer&limit=3")
        assert [c["id"] for c in first["items"]] == [c["id"] for c in made[:3]]
        rest = await service.get(
            f"/courses?skills_area=network_engineer&limit=3&cursor={first['next_cursor']}"
        )
        assert [c["id"] for c in rest["items"]] == [c["id"] for c in made[3:]]
        assert rest["next_cursor"] is None


class TestCatalogueHealth:
    async def test_each_area_against_its_target_with_russian_and_in_person_options(
        self, service: TrainingHarness
    ) -> None:
        for _ in range(3):
            await service.course()  # ru+en, online and Almaty
        await service.course(
            skills_area="business_english",
            languages=["en"],
            delivery=["in_person_astana"],
            provider_kind="open_source",
        )
        await service.course("proposed", skills_area="business_english")  # not counted
        await service.course("retired", skills_area="business_english")  # not counted

        report = await service.get("/courses/health", service.ministry)
        areas = {a["skills_area"]: a for a in report["areas"]}
        assert len(areas) == 9
        network = areas["network_engineer"]
        assert (network["approved_courses"], network["target"]) == (3, "within")
        assert network["russian_option"] and network["in_person_almaty"]
        assert not network["in_person_astana"]
        assert network["gaps"] == ["no in-person course in Astana"]
        english = areas["business_english"]
        assert (english["approved_courses"], english["min_courses"], english["target"]) == (
            1,
            2,
            "below",
        )
        assert not english["russian_option"] and english["in_person_astana"]
        assert english["name_ru"] == "Деловой английский язык"
        assert areas["database_developer"]["approved_courses"] == 0
        assert report["areas_below_target"] == 8

    async def test_is_for_programme_staff(self, service: TrainingHarness) -> None:
        service.problem(
            await service.http.get("/courses/health", headers=service.local(uuid.uuid4())), 403
        )


HEADER = (
    "skills_area,title,provider,provider_kind,certification_name,certification_code,"
    "certification_level,languages,delivery,duration_hours,list_price,currency,"
    "vendor_discount_percent,validity_months,verification_method,description\n"
)


ONE = (
    HEADER + "network_engineer,Сети 🛜,Cisco,vendor,CCNA,,,ru,online,70,1200.00,USD,,,"
    "credential_url,\n"
).encode()


class TestCsvImport:
    async def test_every_row_becomes_a_proposal_cyrillic_and_bom_included(
        self, service: TrainingHarness
    ) -> None:
        csv = (
            "\ufeff"
            + HEADER
            + "network_engineer,CCNA,Cisco,vendor,Cisco Certified Network Associate,200-301,"
            "Associate,ru;en,online;in_person_almaty,70,1200.00,USD,,36,credential_url,"
            '"Курс, с запятой"\n'
            "business_english,Деловой английский B2,British Council,vendor,IELTS,,,"
            "en,in_person_astana,40,150000,KZT,50,,manual_review,\n"
        )
        job = await service.import_file("/courses/import", csv.encode())
        assert (job["total"], job["done"], job["rejected"]) == (2, 2, 0)
        body = job["report"]
        assert (body["imported"], body["unchanged"]) == (2, 0)
        first, second = body["items"]
        assert (first["vendor_discount_percent"], first["description"]) == (
            "75.00",
            "Курс, с запятой",
        )
        assert first["languages"] == ["ru", "en"] and first["status"] == "proposed"
        assert (second["title"], second["list_price"]) == (
            "Деловой английский B2",
            {"amount": "150000.00", "currency": "KZT"},
        )
        assert second["vendor_discount_percent"] == "50.00"
        again = (await service.import_file("/courses/import", csv.encode()))["report"]
        assert (again["imported"], again["unchanged"], again["items"]) == (0, 2, [])
        assert len((await service.get("/courses"))["items"]) == 2

    async def test_one_bad_row_imports_nothing_and_names_row_and_field(
        self, service: TrainingHarness
    ) -> None:
        csv = (
            HEADER + "network_engineer,CCNA,Cisco,vendor,CCNA,,,ru,online,70,1200.00,USD,,,"
            "credential_url,\n"
            + "astrology,Stars,X,vendor,Y,,,ru,online,seventy,12.345,USD,,,credential_url,\n"
        )
        job = await service.import_file("/courses/import", csv.encode(), expect="failed")
        assert job["report"] is None
        body = job["failure"]
        assert body["status"] == 422 and body["type"] == "urn:blp:problem:validation"
        assert {(e["row"], e["field"]) for e in body["errors"]} == {
            (3, "skills_area"),
            (3, "duration_hours"),
            (3, "list_price.amount"),
        }
        assert (await service.get("/courses"))["items"] == []

    async def test_a_wrong_header_too_big_or_not_utf8_is_refused(
        self, service: TrainingHarness
    ) -> None:
        response = await service.http.post(
            "/courses/import", content=b"name,price\nx,1\n", headers=service.pm
        )
        body = service.problem(response, 422)
        assert "skills_area" in body["missing_columns"] and body["unknown_columns"] == [
            "name",
            "price",
        ]
        response = await service.http.post(
            "/courses/import", content=HEADER.encode("utf-16"), headers=service.pm
        )
        service.problem(response, 422)
        await jobs.check_size_limit(service, "/courses/import", HEADER.encode(), 1024 * 1024)
        # a CSV import sent as JSON is not read whole by shared.bodies first
        await jobs.check_not_read_past_the_limit(
            service, "/courses/import", HEADER.encode(), 1024 * 1024, "application/json"
        )

    async def test_the_same_key_and_file_answer_the_first_job_another_file_422(
        self, service: TrainingHarness
    ) -> None:
        await jobs.check_idempotency_key(service, "/courses/import", ONE, ONE + ONE[-80:])

    async def test_only_its_caller_the_manager_and_the_ministry_read_it(
        self, service: TrainingHarness
    ) -> None:
        await jobs.check_only_its_caller_reads_it(service, "/courses/import", ONE)

    async def test_a_job_whose_process_stopped_beating_reads_failed(
        self, service: TrainingHarness
    ) -> None:
        await jobs.check_a_stale_job_reads_failed(service, "/courses", "courses")

    async def test_only_programme_editors_import(self, service: TrainingHarness) -> None:
        response = await service.http.post(
            "/courses/import",
            content=HEADER.encode(),
            headers=service.as_(Role.INTERNATIONAL_COMPANY, uuid.uuid4()),
        )
        service.problem(response, 403)
