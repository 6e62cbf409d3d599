"""Object-level access: company A's token against company B's trainees, needs and
enrolments is a 404 (ids cannot be probed), lists are cut to the caller's own company, and
roles outside the programme's staff and local companies see none of it."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

import pytest

from shared.auth import Role

if TYPE_CHECKING:
    from conftest import TrainingHarness


@pytest.fixture
async def two_companies(service: TrainingHarness) -> dict[str, Any]:
    """Company B with a trainee enrolled against a need; company A with a trainee of its own."""
    b, _, (need,) = await service.selected_company_with_needs(["network_engineer"])
    a, _, _ = await service.selected_company_with_needs(["network_engineer"])
    course = await service.course()
    trainee = await service.trainee(b, name="Бекзат Оспанов", email="bekzat@b.kz")
    response = await service.http.post(
        "/enrolments",
        json={"need_id": need["id"], "trainee_id": trainee["id"], "course_id": course["id"]},
        headers=service.local(b),
    )
    assert response.status_code == 201, response.text
    return {
        "a": a,
        "b": b,
        "need": need,
        "course": course,
        "trainee": trainee,
        "a_trainee": await service.trainee(a),
        "enrolment": response.json(),
    }


class TestCompanyAAgainstCompanyB:
    async def test_reads_of_bs_records_are_404(
        self, service: TrainingHarness, two_companies: Any
    ) -> None:
        a = service.local(two_companies["a"])
        for path in (
            f"/trainees/{two_companies['trainee']['id']}",
            f"/needs/{two_companies['need']['id']}",
            f"/enrolments/{two_companies['enrolment']['id']}",
            f"/enrolments/{two_companies['enrolment']['id']}/history",
        ):
            body = service.problem(await service.http.get(path, headers=a), 404)
            assert "Бекзат" not in str(body)

    async def test_changes_to_bs_records_are_404_and_change_nothing(
        self, service: TrainingHarness, two_companies: Any
    ) -> None:
        a = service.local(two_companies["a"])
        trainee, enrolment = two_companies["trainee"], two_companies["enrolment"]
        response = await service.http.patch(
            f"/trainees/{trainee['id']}",
            json={"name": "Hijacked"},
            headers={**a, "If-Match": f'"{trainee["version"]}"'},
        )
        service.problem(response, 404)
        response = await service.http.put(
            f"/enrolments/{enrolment['id']}/withdrawal",
            json={},
            headers={**a, "If-Match": f'"{enrolment["version"]}"'},
        )
        service.problem(response, 404)
        assert (await service.get(f"/trainees/{trainee['id']}"))["name"] == "Бекзат Оспанов"
        assert (await service.get(f"/enrolments/{enrolment['id']}"))["status"] == "enrolled"

    async def test_lists_hold_only_as_own_and_asking_for_b_is_404(
        self, service: TrainingHarness, two_companies: Any
    ) -> None:
        a, b = two_companies["a"], two_companies["b"]
        headers = service.local(a)
        for path in ("/trainees", "/needs", "/enrolments", "/needs/implementation"):
            listed = await service.get(path, headers)
            assert {item["company_id"] for item in listed["items"]} <= {str(a)}, path
            service.problem(await service.http.get(f"{path}?company_id={b}", headers=headers), 404)
        trainees = await service.get("/trainees", headers)
        assert [t["id"] for t in trainees["items"]] == [two_companies["a_trainee"]["id"]]

    async def test_a_cannot_enrol_against_bs_need_nor_enrol_bs_trainee(
        self, service: TrainingHarness, two_companies: Any
    ) -> None:
        a = two_companies["a"]
        (a_need,) = (await service.get("/needs", service.local(a)))["items"]
        course = two_companies["course"]
        attempts = {
            "need_id": {
                "need_id": two_companies["need"]["id"],
                "trainee_id": two_companies["a_trainee"]["id"],
            },
            "trainee_id": {"need_id": a_need["id"], "trainee_id": two_companies["trainee"]["id"]},
        }
        for field, ids in attempts.items():
            response = await service.http.post(
                "/enrolments",
                json={**ids, "course_id": course["id"]},
                headers=service.local(a),
            )
            body = service.problem(response, 422)
            assert [e["field"] for e in body["errors"]] == [field]

    async def test_a_cannot_add_a_trainee_to_b(
        self, service: TrainingHarness, two_companies: Any
    ) -> None:
        response = await service.http.post(
            "/trainees",
            json={"company_id": str(two_companies["b"]), "name": "Чужой", "languages": ["ru"]},
            headers=service.local(two_companies["a"]),
        )
        service.problem(response, 403)


class TestRoles:
    async def test_staff_see_every_company_the_ministry_only_reads(
        self, service: TrainingHarness, two_companies: Any
    ) -> None:
        listed = await service.get("/trainees", service.ministry)
        assert len(listed["items"]) == 2
        trainee = two_companies["trainee"]
        response = await service.http.patch(
            f"/trainees/{trainee['id']}",
            json={"function": "Архитектор"},
            headers={**service.ministry, "If-Match": f'"{trainee["version"]}"'},
        )
        service.problem(response, 403)

    @pytest.mark.parametrize("role", [Role.INTERNATIONAL_COMPANY, Role.SELECTION_BOARD])
    async def test_other_roles_see_no_trainees_needs_or_enrolments(
        self, service: TrainingHarness, two_companies: Any, role: Role
    ) -> None:
        headers = service.as_(role, uuid.uuid4() if role == Role.INTERNATIONAL_COMPANY else None)
        for path in ("/trainees", "/needs", "/enrolments"):
            service.problem(await service.http.get(path, headers=headers), 403)
        service.problem(
            await service.http.get(f"/trainees/{two_companies['trainee']['id']}", headers=headers),
            403,
        )

    async def test_no_token_no_catalogue(self, service: TrainingHarness) -> None:
        service.problem(await service.http.get("/courses"), 401)
