"""No create tells a caller that a record it cannot read exists (docs/conventions.md,
access.py): an id of another company's record, or of a course proposal the caller may not
see, is answered exactly as a random id, the same status and problem naming the field.

Each test sends the same body twice, once naming a record the caller cannot read and once a
random id, everything else valid, and compares the answers. The creates only staff may make
(sessions, internships, programme events) name only records staff read.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

import httpx
import pytest

if TYPE_CHECKING:
    from conftest import TrainingHarness

PER_REQUEST = {"request_id"}  # differs per request, nothing else may


def answer(response: httpx.Response) -> tuple[int, dict[str, Any]]:
    body = response.json()
    return response.status_code, {k: v for k, v in body.items() if k not in PER_REQUEST}


async def same_answer(
    service: TrainingHarness,
    path: str,
    body: dict[str, Any],
    field: str,
    hidden: str,
    headers: dict[str, str],
) -> tuple[int, dict[str, Any]]:
    """The answers to ``body`` with ``field`` = ``hidden`` and = a random id, asserted equal."""
    seen = answer(await service.http.post(path, json={**body, field: hidden}, headers=headers))
    random = answer(
        await service.http.post(path, json={**body, field: str(uuid.uuid4())}, headers=headers)
    )
    assert seen == random
    return seen


def names(problem: tuple[int, dict[str, Any]], field: str) -> bool:
    status, body = problem
    return status == 422 and [e["field"] for e in body["errors"]] == [field]


class Two:
    """Company A (selected, an open need, a trainee) and company B with records of its own."""

    def __init__(self, service: TrainingHarness) -> None:
        self.service = service

    async def build(self) -> Two:
        service = self.service
        self.a, _, (self.need_a,) = await service.selected_company_with_needs(["network_engineer"])
        self.b, _, (self.need_b,) = await service.selected_company_with_needs(["network_engineer"])
        self.trainee_a = await service.trainee(self.a)
        self.trainee_b = await service.trainee(self.b, name="Айгуль Нурланова")
        self.course = await service.course()
        self.proposal = await service.course(status="proposed", title="Предложение PM")
        return self


@pytest.fixture
async def two(service: TrainingHarness) -> Two:
    return await Two(service).build()


class TestEnrolments:
    async def test_another_companys_need_is_an_unknown_need(
        self, service: TrainingHarness, two: Two
    ) -> None:
        body = {"trainee_id": two.trainee_a["id"], "course_id": two.course["id"]}
        problem = await same_answer(
            service, "/enrolments", body, "need_id", two.need_b["id"], service.local(two.a)
        )
        assert names(problem, "need_id")

    async def test_another_companys_trainee_is_an_unknown_trainee(
        self, service: TrainingHarness, two: Two
    ) -> None:
        body = {"need_id": two.need_a["id"], "course_id": two.course["id"]}
        problem = await same_answer(
            service, "/enrolments", body, "trainee_id", two.trainee_b["id"], service.local(two.a)
        )
        assert names(problem, "trainee_id")

    async def test_a_proposal_the_company_cannot_see_is_an_unknown_course(
        self, service: TrainingHarness, two: Two
    ) -> None:
        """Was 409 course_not_approved: the company learnt the proposal existed."""
        body = {"need_id": two.need_a["id"], "trainee_id": two.trainee_a["id"]}
        problem = await same_answer(
            service, "/enrolments", body, "course_id", two.proposal["id"], service.local(two.a)
        )
        assert names(problem, "course_id")
        # the programme manager sees proposals: for the PM it is a course, not yet approved
        response = await service.http.post(
            "/enrolments", json={**body, "course_id": two.proposal["id"]}, headers=service.pm
        )
        assert service.problem(response, 409, "course_not_approved")

    async def test_a_session_of_a_proposal_the_company_cannot_see_is_an_unknown_session(
        self, service: TrainingHarness, two: Two
    ) -> None:
        """Was 409 course_not_approved: a proposal's sessions were everyone's to read."""
        run = await service.session_of(two.proposal)
        body = {"need_id": two.need_a["id"], "trainee_id": two.trainee_a["id"]}
        problem = await same_answer(
            service, "/enrolments", body, "session_id", run["id"], service.local(two.a)
        )
        assert names(problem, "session_id")
        # naming its course as well tells no more than naming a random session of it
        with_course = {**body, "course_id": two.proposal["id"]}
        assert names(
            await same_answer(
                service, "/enrolments", with_course, "session_id", run["id"], service.local(two.a)
            ),
            "session_id",
        )
        response = await service.http.post(
            "/enrolments", json={**body, "session_id": run["id"]}, headers=service.pm
        )
        assert service.problem(response, 409, "course_not_approved")


class TestCertifications:
    def body(self, two: Two) -> dict[str, Any]:
        return {
            "trainee_id": two.trainee_a["id"],
            "course_id": two.course["id"],
            "certificate_number": "CSCO-0001-ǅ🎓",
            "obtained_on": "2026-01-31",
        }

    async def test_another_companys_trainee_is_an_unknown_trainee(
        self, service: TrainingHarness, two: Two
    ) -> None:
        problem = await same_answer(
            service,
            "/certifications",
            self.body(two),
            "trainee_id",
            two.trainee_b["id"],
            service.local(two.a),
        )
        assert names(problem, "trainee_id")

    async def test_a_proposal_the_company_cannot_see_is_an_unknown_course(
        self, service: TrainingHarness, two: Two
    ) -> None:
        """Was 201: the company recorded a certificate of a course it cannot read."""
        problem = await same_answer(
            service,
            "/certifications",
            self.body(two),
            "course_id",
            two.proposal["id"],
            service.local(two.a),
        )
        assert names(problem, "course_id")

    async def test_another_companys_enrolment_and_certification_are_unknown(
        self, service: TrainingHarness, two: Two
    ) -> None:
        enrolled = await service.create(
            "/enrolments",
            {
                "need_id": two.need_b["id"],
                "trainee_id": two.trainee_b["id"],
                "course_id": two.course["id"],
            },
            service.local(two.b),
        )
        theirs = await service.create(
            "/certifications",
            {**self.body(two), "trainee_id": two.trainee_b["id"]},
            service.local(two.b),
        )
        for field, hidden in (("enrolment_id", enrolled["id"]), ("renews_id", theirs["id"])):
            problem = await same_answer(
                service, "/certifications", self.body(two), field, hidden, service.local(two.a)
            )
            assert names(problem, field)


class TestTrainees:
    async def test_another_company_is_refused_as_any_company(
        self, service: TrainingHarness, two: Two
    ) -> None:
        body = {"name": "Ерлан", "function": "Инженер", "languages": ["ru"]}
        status, _ = await same_answer(
            service, "/trainees", body, "company_id", str(two.b), service.local(two.a)
        )
        assert status == 403
