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


def _body(course: dict[str, Any]) -> dict[str, Any]:
    return {
        "course_id": course["id"],
        "starts_on": "2031-03-01",
        "ends_on": "2031-03-05",
        "city": "online",
        "seat_limit": 10,
    }
