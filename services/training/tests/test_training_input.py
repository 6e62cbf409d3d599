"""Bad input is a 422 naming the field, never a 500, and leaves nothing half-written;
Cyrillic, Kazakh letters and emoji round-trip untouched."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from conftest import TrainingHarness


def fields(body: dict[str, Any]) -> set[str]:
    return {e["field"] for e in body["errors"]}


class TestCourseBodies:
    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"skills_area": "astrology"}, "skills_area"),
            ({"duration_hours": "seventy"}, "duration_hours"),
            ({"duration_hours": 0}, "duration_hours"),
            ({"languages": []}, "languages"),
            ({"languages": ["de"]}, "languages.0"),
            ({"delivery": ["in_person_shymkent"]}, "delivery.0"),
            ({"list_price": {"amount": 1200.5, "currency": "USD"}}, "list_price.amount"),
            # more decimals than any currency has: the amount's own pattern refuses it
            ({"list_price": {"amount": "12.345", "currency": "USD"}}, "list_price.amount"),
            ({"list_price": {"amount": "12", "currency": "XXX"}}, "list_price.currency"),
            ({"list_price": {"amount": "-1200.00", "currency": "USD"}}, "list_price.amount"),
            ({"list_price": {"amount": "NaN", "currency": "USD"}}, "list_price.amount"),
            ({"duration_hours": 10**30}, "duration_hours"),
            ({"vendor_discount_percent": "101"}, "vendor_discount_percent"),
            ({"vendor_discount_percent": "12.345"}, "vendor_discount_percent"),
            ({"verification_method": "trust_me"}, "verification_method"),
            ({"title": "a\x00b"}, "title"),
            ({"title": "x" * 1_000_000}, "title"),
            ({"description": "y" * 5_000_000}, "description"),
            ({"languages": ["ru"] * 10_000}, "languages"),
            ({"certificaton": {"name": "typo"}}, "certificaton"),
        ],
    )
    async def test_a_bad_field_is_a_422_naming_it_and_nothing_is_stored(
        self, service: TrainingHarness, change: dict[str, Any], field: str
    ) -> None:
        body = {**service.course_body(), **change}
        response = await service.http.post("/courses", json=body, headers=service.pm)
        problem = service.problem(response, 422)
        assert field in fields(problem), problem
        assert (await service.get("/courses"))["items"] == []

    async def test_not_json_is_a_422(self, service: TrainingHarness) -> None:
        response = await service.http.post(
            "/courses",
            content=b"{not json",
            headers={**service.pm, "content-type": "application/json"},
        )
        service.problem(response, 422)

    async def test_a_patch_may_not_null_a_required_field(self, service: TrainingHarness) -> None:
        course = await service.course("proposed")
        response = await service.http.patch(
            f"/courses/{course['id']}",
            json={"title": None},
            headers={**service.pm, "If-Match": '"1"'},
        )
        assert "title" in fields(service.problem(response, 422))


class TestRoundTrip:
    async def test_cyrillic_kazakh_and_emoji_come_back_as_sent(
        self, service: TrainingHarness
    ) -> None:
        title = "Сетевая инженерия: Қазақстан 🚀 — «основы»"
        course = await service.course(
            "proposed",
            title=title,
            description="Курс для инженеров 🛰️ ӘҒҚҢӨҰҮҺІ",
            certification={"name": "Сертификат 📜", "level": "Бастауыш"},
        )
        again = await service.get(f"/courses/{course['id']}")
        assert again["title"] == title
        assert again["description"] == "Курс для инженеров 🛰️ ӘҒҚҢӨҰҮҺІ"
        assert again["certification"] == {
            "name": "Сертификат 📜",
            "code": None,
            "level": "Бастауыш",
        }

        company = uuid.uuid4()
        trainee = await service.trainee(company, name="Әлия Жұмабекқызы 🌸", function="Тимлид")
        read = await service.get(f"/trainees/{trainee['id']}", service.local(company))
        assert (read["name"], read["function"]) == ("Әлия Жұмабекқызы 🌸", "Тимлид")


class TestReferences:
    async def test_unknown_ids_in_a_body_are_422_naming_the_field(
        self, service: TrainingHarness
    ) -> None:
        company, _, (need,) = await service.selected_company_with_needs(["network_engineer"])
        trainee = await service.trainee(company)
        course = await service.course()
        headers = service.local(company)
        cases = {
            "need_id": {"need_id": str(uuid.uuid4()), "trainee_id": trainee["id"]},
            "trainee_id": {"need_id": need["id"], "trainee_id": str(uuid.uuid4())},
        }
        for field, ids in cases.items():
            response = await service.http.post(
                "/enrolments", json={**ids, "course_id": course["id"]}, headers=headers
            )
            assert fields(service.problem(response, 422)) == {field}
        for field in ("course_id", "session_id"):
            response = await service.http.post(
                "/enrolments",
                json={"need_id": need["id"], "trainee_id": trainee["id"], field: str(uuid.uuid4())},
                headers=headers,
            )
            assert fields(service.problem(response, 422)) == {field}
        assert (await service.get(f"/needs/{need['id']}"))["status"] == "open"
        assert (await service.get("/enrolments"))["items"] == []

    async def test_an_enrolment_names_a_course_or_a_session(self, service: TrainingHarness) -> None:
        response = await service.http.post(
            "/enrolments",
            json={"need_id": str(uuid.uuid4()), "trainee_id": str(uuid.uuid4())},
            headers=service.pm,
        )
        service.problem(response, 422)

    async def test_a_session_of_another_course_is_refused(self, service: TrainingHarness) -> None:
        company, _, (need,) = await service.selected_company_with_needs(["network_engineer"])
        trainee = await service.trainee(company)
        course, other = await service.course(), await service.course()
        run = await service.session_of(other)
        response = await service.http.post(
            "/enrolments",
            json={
                "need_id": need["id"],
                "trainee_id": trainee["id"],
                "course_id": course["id"],
                "session_id": run["id"],
            },
            headers=service.local(company),
        )
        assert fields(service.problem(response, 422)) == {"session_id"}

    @pytest.mark.parametrize(
        "path", ["/courses/not-a-uuid", "/trainees/42", "/enrolments/%F0%9F%9A%80"]
    )
    async def test_a_malformed_id_in_the_path_is_404(
        self, service: TrainingHarness, path: str
    ) -> None:
        """Path ids are typed (``{course_id:uuid}``): a path whose id is not a UUID names no
        resource, so ``/courses/health`` and ``/courses/import`` are routes of their own."""
        service.problem(await service.http.get(path, headers=service.pm), 404)

    async def test_unknown_ids_in_the_path_are_404(self, service: TrainingHarness) -> None:
        for path in ("/courses", "/sessions", "/trainees", "/needs", "/enrolments"):
            response = await service.http.get(f"{path}/{uuid.uuid4()}", headers=service.pm)
            service.problem(response, 404)

    async def test_a_forged_cursor_is_422(self, service: TrainingHarness) -> None:
        response = await service.http.get("/courses?cursor=bm9wZQ", headers=service.pm)
        assert fields(service.problem(response, 422)) == {"cursor"}


class TestTrainees:
    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"email": "not-an-address"}, "email"),
            ({"languages": ["ru", "fr"]}, "languages.1"),
            ({"name": "   "}, "name"),
            ({"name": 42}, "name"),
        ],
    )
    async def test_bad_trainee_fields_are_422(
        self, service: TrainingHarness, change: dict[str, Any], field: str
    ) -> None:
        body = {"name": "Ерлан", "languages": ["ru"], **change}
        response = await service.http.post(
            "/trainees", json=body, headers=service.local(uuid.uuid4())
        )
        assert field in fields(service.problem(response, 422))

    async def test_staff_must_name_the_company(self, service: TrainingHarness) -> None:
        response = await service.http.post(
            "/trainees", json={"name": "Ерлан", "languages": ["ru"]}, headers=service.pm
        )
        assert fields(service.problem(response, 422)) == {"company_id"}
