"""Course sessions: run the way the course is offered, planned by staff, seats counted."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from conftest import TrainingHarness


class TestPlanning:
    async def test_a_session_runs_where_and_in_what_language_the_course_is_offered(
        self, service: TrainingHarness
    ) -> None:
        course = await service.course()  # ru+en, online and Almaty
        run = await service.session_of(course, city="almaty", language="ru", seat_limit=12)
        assert (run["city"], run["seats_taken"], run["seats_left"]) == ("almaty", 0, 12)

        body = {**_body(course), "city": "astana"}
        response = await service.http.post("/sessions", json=body, headers=service.pm)
        service.problem(response, 409, "delivery_not_offered")
        body = {**_body(course), "language": "kk"}
        response = await service.http.post("/sessions", json=body, headers=service.pm)
        service.problem(response, 409, "language_not_offered")

    async def test_no_session_of_a_retired_course_nor_of_an_unknown_one(
        self, service: TrainingHarness
    ) -> None:
        retired = await service.course("retired")
        response = await service.http.post("/sessions", json=_body(retired), headers=service.pm)
        service.problem(response, 409, "course_retired")
        unknown = {**_body(retired), "course_id": str(uuid.uuid4())}
        body = service.problem(
            await service.http.post("/sessions", json=unknown, headers=service.pm), 422
        )
        assert body["errors"][0]["field"] == "course_id"

    async def test_only_programme_editors_plan_sessions(self, service: TrainingHarness) -> None:
        course = await service.course()
        response = await service.http.post(
            "/sessions", json=_body(course), headers=service.local(uuid.uuid4())
        )
        service.problem(response, 403)
        service.problem(
            await service.http.post("/sessions", json=_body(course), headers=service.ministry), 403
        )

    async def test_a_session_cannot_end_before_it_starts(self, service: TrainingHarness) -> None:
        course = await service.course()
        body = {**_body(course), "starts_on": "2027-03-10", "ends_on": "2027-03-01"}
        service.problem(await service.http.post("/sessions", json=body, headers=service.pm), 422)

    async def test_listing_by_course_and_by_skills_area(self, service: TrainingHarness) -> None:
        network = await service.course()
        english = await service.course(skills_area="business_english")
        runs = [await service.session_of(network) for _ in range(2)]
        await service.session_of(english)
        by_course = await service.get(f"/sessions?course_id={network['id']}")
        assert [r["id"] for r in by_course["items"]] == [r["id"] for r in runs]
        by_area = await service.get("/sessions?skills_area=business_english")
        assert [r["course_id"] for r in by_area["items"]] == [english["id"]]


class TestAProposalsSessions:
    """A session is seen by whoever may see its course: a proposal's sessions by staff and
    its proposer only; anyone else is answered exactly as for an unknown course or session."""

    async def test_others_find_nothing_exactly_as_for_an_unknown_course(
        self, service: TrainingHarness
    ) -> None:
        proposer = uuid.uuid4()
        proposal = await service.create(
            "/courses", service.course_body(title="Предложение 🛰"), service.local(proposer)
        )
        run = await service.session_of(proposal)
        other = service.local(uuid.uuid4())

        for caller in (other, service.partner()):
            assert await service.get(f"/sessions?course_id={proposal['id']}", caller) == {
                "items": [],
                "next_cursor": None,
            }
            for listing in ("/sessions", f"/sessions?skills_area={proposal['skills_area']}"):
                items = (await service.get(listing, caller))["items"]
                assert run["id"] not in [r["id"] for r in items]
            hidden = await service.http.get(f"/sessions/{run['id']}", headers=caller)
            unknown = await service.http.get(f"/sessions/{uuid.uuid4()}", headers=caller)
            assert (hidden.status_code, _without_request_id(hidden.json())) == (
                unknown.status_code,
                _without_request_id(unknown.json()),
            )
            assert hidden.status_code == 404

        for caller in (service.local(proposer), service.pm, service.ministry):
            by_course = await service.get(f"/sessions?course_id={proposal['id']}", caller)
            assert [r["id"] for r in by_course["items"]] == [run["id"]]
            assert (await service.get(f"/sessions/{run['id']}", caller))["id"] == run["id"]

    async def test_once_approved_everyone_sees_them(self, service: TrainingHarness) -> None:
        proposal = await service.course(status="proposed")
        run = await service.session_of(proposal)
        other = service.local(uuid.uuid4())
        await service.get(f"/sessions/{run['id']}", other, expect=404)
        await service.send(
            "PUT", f"/courses/{proposal['id']}/status", {"status": "approved"}, proposal
        )
        assert (await service.get(f"/sessions/{run['id']}", other))["id"] == run["id"]
        by_course = await service.get(f"/sessions?course_id={proposal['id']}", other)
        assert [r["id"] for r in by_course["items"]] == [run["id"]]


def _without_request_id(problem: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in problem.items() if k != "request_id"}


def _body(course: dict[str, Any]) -> dict[str, Any]:
    return {
        "course_id": course["id"],
        "starts_on": "2031-03-01",
        "ends_on": "2031-03-05",
        "city": "online",
        "seat_limit": 10,
    }
