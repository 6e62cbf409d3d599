"""Cohorts over real HTTP: defaults, validation, the status flow, rounds, board, reviews."""

from __future__ import annotations

import asyncio
import uuid
from typing import TYPE_CHECKING, Any

import pytest

from shared.auth import Role
from shared.events.assessment import CohortStatusChanged

if TYPE_CHECKING:
    from conftest import AssessmentHarness


class TestCreate:
    async def test_defaults_headers_and_text_round_trip(self, service: AssessmentHarness) -> None:
        response = await service.http.post(
            "/cohorts",
            json={"name": "Когорта 2027 — Қазақстан 🚀", "starts_on": "2027-01-15"},
            headers=service.pm,
        )
        assert response.status_code == 201, response.text
        cohort = response.json()
        assert response.headers["location"] == f"/cohorts/{cohort['id']}"
        assert response.headers["etag"] == '"1"'
        assert cohort["name"] == "Когорта 2027 — Қазақстан 🚀"
        assert (cohort["starts_on"], cohort["ends_on"]) == ("2027-01-15", "2028-01-14")
        assert (cohort["max_companies"], cohort["max_nominations_per_partner"]) == (20, 4)
        assert cohort["thresholds"] == {
            "min_employees": 5,
            "min_years_in_business": 2,
            "min_private_sector_share": 50,
        }
        assert (cohort["status"], cohort["nomination_round"], cohort["selected_count"]) == (
            "planning",
            1,
            0,
        )
        assert cohort["created_at"].endswith("Z")
        read = await service.http.get(f"/cohorts/{cohort['id']}", headers=service.partner())
        assert read.json() == cohort and read.headers["etag"] == '"1"'

    async def test_idempotency_key_replays_the_first_response(
        self, service: AssessmentHarness
    ) -> None:
        body = {"name": "Cohort once", "starts_on": "2027-01-15"}
        headers = {**service.pm, "Idempotency-Key": "cohort-1"}
        first = await service.http.post("/cohorts", json=body, headers=headers)
        again = await service.http.post("/cohorts", json=body, headers=headers)
        assert first.status_code == again.status_code == 201
        assert again.json() == first.json()
        assert again.headers["idempotent-replayed"] == "true"
        assert again.headers["location"] == first.headers["location"]
        other = await service.http.post(
            "/cohorts", json={**body, "name": "Another"}, headers=headers
        )
        assert other.status_code == 422

    @pytest.mark.parametrize(
        ("body", "fields"),
        [
            ({"name": "x", "starts_on": "2027-01-15", "ends_on": "2027-01-15"}, {"ends_on"}),
            ({"name": "  ", "starts_on": "not a date"}, {"name", "starts_on"}),
            (
                {"name": "x", "starts_on": "2027-01-15", "max_companies": 0, "colour": "red"},
                {"max_companies", "colour"},
            ),
            (
                {"name": "x\x00y", "starts_on": "2027-01-15", "thresholds": {"min_employees": -1}},
                {"name", "thresholds.min_employees"},
            ),
            (
                {"name": "x", "starts_on": "2027-01-15", "max_nominations_per_partner": 10**30},
                {"max_nominations_per_partner"},
            ),
            ({"name": "x", "starts_on": "9999-12-31"}, {"starts_on"}),
        ],
    )
    async def test_bad_input_is_422_naming_each_field(
        self, service: AssessmentHarness, body: dict[str, Any], fields: set[str]
    ) -> None:
        response = await service.http.post("/cohorts", json=body, headers=service.pm)
        assert {e["field"] for e in service.problem(response, 422)["errors"]} == fields

    async def test_duplicate_name_is_a_409_naming_the_rule(
        self, service: AssessmentHarness
    ) -> None:
        await service.cohort(name="Cohort 2027")
        again = await service.http.post(
            "/cohorts", json={"name": "Cohort 2027", "starts_on": "2027-02-01"}, headers=service.pm
        )
        service.problem(again, 409, "cohort_name_taken")

    async def test_only_the_programme_manager_creates(self, service: AssessmentHarness) -> None:
        body = {"name": "x", "starts_on": "2027-01-15"}
        for role in (Role.MINISTRY, Role.ASSESSOR, Role.SELECTION_BOARD):
            response = await service.http.post("/cohorts", json=body, headers=service.as_(role))
            service.problem(response, 403)
        service.problem(await service.http.post("/cohorts", json=body), 401)


class TestUpdate:
    async def test_patch_needs_the_current_etag(self, service: AssessmentHarness) -> None:
        cohort = await service.cohort()
        path = f"/cohorts/{cohort['id']}"
        missing = await service.http.patch(path, json={"max_companies": 15}, headers=service.pm)
        service.problem(missing, 428)
        updated = await service.send("PATCH", path, {"max_companies": 15}, cohort)
        assert (updated["max_companies"], updated["version"]) == (15, 2)
        stale = await service.http.patch(
            path, json={"max_companies": 12}, headers={**service.pm, "If-Match": '"1"'}
        )
        assert service.problem(stale, 412)["current_etag"] == '"2"'

    async def test_null_for_a_required_field_is_422_not_a_clear(
        self, service: AssessmentHarness
    ) -> None:
        cohort = await service.cohort()
        body = await service.send(
            "PATCH",
            f"/cohorts/{cohort['id']}",
            {"name": None, "max_companies": None, "description": None},
            cohort,
            expect=422,
        )
        assert {e["field"] for e in body["errors"]} == {"name", "max_companies"}
        cleared = await service.send(
            "PATCH", f"/cohorts/{cohort['id']}", {"description": None}, cohort
        )
        assert cleared["description"] is None and cleared["name"] == cohort["name"]

    async def test_dates_must_stay_in_order(self, service: AssessmentHarness) -> None:
        cohort = await service.cohort()
        response = await service.send(
            "PATCH", f"/cohorts/{cohort['id']}", {"ends_on": "2026-12-31"}, cohort, expect=422
        )
        assert response["errors"][0]["field"] == "ends_on"

    async def test_unknown_cohort_is_404(self, service: AssessmentHarness) -> None:
        service.problem(await service.http.get(f"/cohorts/{uuid.uuid4()}", headers=service.pm), 404)
        service.problem(await service.http.get("/cohorts/not-a-uuid", headers=service.pm), 422)


class TestStatusFlow:
    async def test_forward_one_step_at_a_time_to_closed(self, service: AssessmentHarness) -> None:
        cohort = await service.cohort("closed")
        assert (cohort["status"], cohort["version"]) == ("closed", 6)

    @pytest.mark.parametrize(
        ("status", "to"),
        [
            ("planning", "selection"),
            ("nominations_open", "planning"),
            ("selection", "selection"),
            ("active", "closed"),
            ("closed", "planning"),
        ],
    )
    async def test_any_other_move_is_a_409(
        self, service: AssessmentHarness, status: str, to: str
    ) -> None:
        cohort = await service.cohort(status)
        body = await service.send(
            "PUT", f"/cohorts/{cohort['id']}/status", {"status": to}, cohort, expect=409
        )
        assert body["rule"] == "illegal_status_transition" and body["current_status"] == status

    async def test_each_move_is_announced_once_and_a_refused_one_not_at_all(
        self, service: AssessmentHarness
    ) -> None:
        """``blp.assessment.cohort.status_changed``, through the outbox in the move's own
        transaction: training lists a cohort's graduates once it is in review."""
        cohort = await service.cohort("review")
        await service.send(
            "PUT", f"/cohorts/{cohort['id']}/status", {"status": "active"}, cohort, expect=409
        )
        closed = await service.advance(cohort, "closed")
        events = await service.events(5, "blp.assessment.cohort.status_changed")
        moves = [CohortStatusChanged.model_validate(e.data) for e in events]
        assert [(m.previous_status, m.status) for m in moves] == [
            ("planning", "nominations_open"),
            ("nominations_open", "selection"),
            ("selection", "active"),
            ("active", "review"),
            ("review", "closed"),
        ]
        assert {(str(m.cohort_id), m.cohort_name) for m in moves} == {
            (cohort["id"], cohort["name"])
        }
        assert all(e.subject == cohort["id"] for e in events)
        assert closed["status"] == "closed"

    async def test_unknown_status_is_422(self, service: AssessmentHarness) -> None:
        cohort = await service.cohort()
        body = await service.send(
            "PUT", f"/cohorts/{cohort['id']}/status", {"status": "open"}, cohort, expect=422
        )
        assert body["errors"][0]["field"] == "status"


class TestRounds:
    async def test_round_two_opens_once_while_nominating_or_selecting(
        self, service: AssessmentHarness
    ) -> None:
        planning = await service.cohort()
        path = f"/cohorts/{planning['id']}/nomination-round"
        body = await service.send("PUT", path, {"round": 2}, planning, expect=409)
        assert body["rule"] == "round_two_not_in_this_status"
        cohort = await service.advance(planning, "nominations_open")
        opened = await service.send("PUT", path, {"round": 2}, cohort)
        assert opened["nomination_round"] == 2
        again = await service.send("PUT", path, {"round": 2}, opened, expect=409)
        assert again["rule"] == "round_two_already_open"
        back = await service.send("PUT", path, {"round": 1}, opened, expect=422)
        assert back["errors"][0]["field"] == "round"

    async def test_a_full_cohort_gets_no_round_two(self, service: AssessmentHarness) -> None:
        cohort, _ = await service.selected()
        cohort = await service.send(
            "PATCH", f"/cohorts/{cohort['id']}", {"max_companies": 1}, cohort
        )
        body = await service.send(
            "PUT", f"/cohorts/{cohort['id']}/nomination-round", {"round": 2}, cohort, expect=409
        )
        assert body["rule"] == "cohort_full"
        below = await service.send(
            "PATCH", f"/cohorts/{cohort['id']}", {"max_companies": 0}, cohort, expect=422
        )
        assert below["errors"][0]["field"] == "max_companies"


class TestBoard:
    async def test_members_are_seated_once_and_seen_by_staff_and_members(
        self, service: AssessmentHarness
    ) -> None:
        cohort = await service.cohort()
        path = f"/cohorts/{cohort['id']}/board-members"
        seat = {"subject": "board-astana-1", "role": "selection_board", "name": "Айжан Серікова"}
        created = await service.http.post(path, json=seat, headers=service.pm)
        assert created.status_code == 201, created.text
        member = created.json()
        assert created.headers["location"] == f"{path}/{member['id']}"
        service.problem(
            await service.http.post(path, json=seat, headers=service.pm), 409, "already_on_board"
        )
        as_member = service.as_(Role.SELECTION_BOARD, subject="board-astana-1")
        listed = await service.get(path, headers=as_member)
        assert [m["name"] for m in listed["items"]] == ["Айжан Серікова"]
        outsider = service.as_(Role.SELECTION_BOARD, subject="board-elsewhere")
        service.problem(await service.http.get(path, headers=outsider), 403)
        service.problem(await service.http.get(path, headers=service.partner()), 403)
        removed = await service.http.delete(f"{path}/{member['id']}", headers=service.pm)
        assert removed.status_code == 204
        assert (await service.get(path))["items"] == []

    async def test_a_seat_is_for_the_role_it_was_given(self, service: AssessmentHarness) -> None:
        cohort = await service.cohort()
        path = f"/cohorts/{cohort['id']}/board-members"
        seat = {"subject": "client-7", "role": "ministry", "name": "Ministry delegate"}
        assert (await service.http.post(path, json=seat, headers=service.pm)).status_code == 201
        same_client_other_role = service.as_(Role.SELECTION_BOARD, subject="client-7")
        service.problem(await service.http.get(path, headers=same_client_other_role), 403)


class TestReviews:
    async def test_quarterly_notes_with_decisions_while_running(
        self, service: AssessmentHarness
    ) -> None:
        planning = await service.cohort()
        path = f"/cohorts/{planning['id']}/reviews"
        review = {
            "held_on": "2027-04-20",
            "notes": "Первый квартал: обучение началось 📚",
            "decisions": [
                {"text": "Add a second CCNA group", "owner": "PM", "due_on": "2027-05-15"}
            ],
        }
        early = await service.http.post(path, json=review, headers=service.pm)
        service.problem(early, 409, "cohort_not_running")
        await service.advance(planning, "active")
        outside = await service.http.post(
            path, json={**review, "held_on": "2028-03-01"}, headers=service.pm
        )
        service.problem(outside, 409, "review_outside_cohort_period")
        created = await service.http.post(path, json=review, headers=service.pm)
        assert created.status_code == 201, created.text
        body = created.json()
        assert body["quarter"] == 2 and body["notes"] == review["notes"]
        assert body["decisions"] == [
            {"text": "Add a second CCNA group", "owner": "PM", "due_on": "2027-05-15"}
        ]
        updated = await service.send(
            "PATCH", f"{path}/{body['id']}", {"held_on": "2027-04-10"}, body
        )
        assert (updated["quarter"], updated["version"]) == (1, 2)
        listed = await service.get(path, headers=service.as_(Role.MINISTRY))
        assert [r["id"] for r in listed["items"]] == [body["id"]]
        for outsider in (service.partner(), service.as_(Role.SELECTION_BOARD)):
            service.problem(await service.http.get(path, headers=outsider), 403)


class TestPagination:
    async def test_cursor_pages_are_complete_and_stable(self, service: AssessmentHarness) -> None:
        created = [await service.cohort(name=f"Cohort {i}") for i in range(5)]
        seen, cursor = [], None
        while True:
            params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = (await service.http.get("/cohorts", params=params, headers=service.pm)).json()
            assert len(page["items"]) <= 2
            seen += [c["id"] for c in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == [c["id"] for c in created]
        bad = await service.http.get("/cohorts", params={"cursor": "garbage"}, headers=service.pm)
        assert service.problem(bad, 422)["errors"][0]["code"] == "cursor_invalid"
        too_many = await service.http.get("/cohorts", params={"limit": 500}, headers=service.pm)
        assert service.problem(too_many, 422)["errors"][0]["field"] == "limit"

    async def test_status_filter(self, service: AssessmentHarness) -> None:
        await asyncio.gather(service.cohort(), service.cohort("nominations_open"))
        open_ = await service.get("/cohorts?status=nominations_open")
        assert [c["status"] for c in open_["items"]] == ["nominations_open"]


class TestUnknownIds:
    async def test_every_resource_answers_404_for_an_id_it_does_not_hold(
        self, service: AssessmentHarness
    ) -> None:
        cohort = await service.cohort()
        unknown = uuid.uuid4()
        for path in (
            f"/cohorts/{unknown}",
            f"/cohorts/{cohort['id']}/reviews/{unknown}",
            f"/cohorts/{cohort['id']}/board-members/{unknown}",
            f"/nominations/{unknown}",
            f"/nominations/{unknown}/votes",
            f"/assessments/{unknown}",
            f"/assessments/{unknown}/report",
            "/methodologies/efqm-0",
            f"/company-facts/{unknown}",
        ):
            service.problem(await service.http.get(path, headers=service.pm), 404)
        decision = await service.http.put(
            f"/nominations/{unknown}/decision",
            json={"decision": "selected"},
            headers={**service.pm, "If-Match": '"1"'},
        )
        service.problem(decision, 404)


class TestHistory:
    async def test_status_changes_and_board_membership_are_recorded(
        self, service: AssessmentHarness
    ) -> None:
        cohort = await service.cohort(max_companies=12)
        cohort = await service.send(
            "PATCH", f"/cohorts/{cohort['id']}", {"max_companies": 10}, cohort
        )
        cohort = await service.advance(cohort, "nominations_open")
        path = f"/cohorts/{cohort['id']}/board-members"
        seats = [
            (
                await service.http.post(
                    path,
                    json={"subject": subject, "role": "selection_board", "name": name},
                    headers=service.pm,
                )
            ).json()
            for subject, name in (("board-1", "Айжан Серікова"), ("board-2", "John Smith"))
        ]
        assert (
            await service.http.delete(f"{path}/{seats[1]['id']}", headers=service.pm)
        ).status_code == 204
        await service.send("PUT", f"/cohorts/{cohort['id']}/nomination-round", {"round": 2}, cohort)
        failed = await service.http.put(
            f"/cohorts/{cohort['id']}/status",
            json={"status": "closed"},
            headers={**service.pm, "If-Match": '"4"'},
        )
        service.problem(failed, 409, "illegal_status_transition")

        history = (await service.get(f"/cohorts/{cohort['id']}/history"))["items"]
        assert [e["action"] for e in history] == [
            "created",
            "updated",
            "status_changed",
            "board_member_added",
            "board_member_added",
            "board_member_removed",
            "round_two_opened",
        ]  # a refused change leaves no entry
        assert {(e["actor"], e["actor_role"]) for e in history} == {("pm-1", "programme_manager")}
        assert all(e["request_id"] for e in history)
        created, updated, moved, seated, _, unseated, round_two = history
        assert created["before"] is None and created["after"]["max_companies"] == 12
        assert (updated["before"], updated["after"]) == (
            {"max_companies": 12},
            {"max_companies": 10},
        )
        assert (moved["before"], moved["after"], moved["version"]) == (
            {"status": "planning"},
            {"status": "nominations_open"},
            3,
        )
        assert (
            seated["after"]["subject"] == "board-1" and seated["after"]["name"] == "Айжан Серікова"
        )
        assert unseated["before"]["board_member_id"] == seats[1]["id"] and unseated["after"] is None
        assert round_two["after"] == {"nomination_round": 2}

    async def test_the_history_is_for_staff_and_the_board(self, service: AssessmentHarness) -> None:
        cohort = await service.cohort()
        await service.http.post(
            f"/cohorts/{cohort['id']}/board-members",
            json={"subject": "board-1", "role": "selection_board", "name": "Member"},
            headers=service.pm,
        )
        path = f"/cohorts/{cohort['id']}/history"
        for reader in (
            service.as_(Role.MINISTRY),
            service.as_(Role.ANALYST),
            service.as_(Role.SELECTION_BOARD, subject="board-1"),
        ):
            assert len((await service.get(path, headers=reader))["items"]) == 2
        for outsider in (
            service.partner(),
            service.as_(Role.LOCAL_COMPANY, uuid.uuid4()),
            service.as_(Role.SELECTION_BOARD, subject="board-elsewhere"),
        ):
            service.problem(await service.http.get(path, headers=outsider), 403)
        service.problem(await service.http.get(path), 401)
        service.problem(
            await service.http.get(f"/cohorts/{uuid.uuid4()}/history", headers=service.pm), 404
        )
        page = await service.get(f"{path}?limit=1")
        assert len(page["items"]) == 1 and page["next_cursor"]
        rest = await service.get(f"{path}?limit=1&cursor={page['next_cursor']}")
        assert rest["items"][0]["action"] == "board_member_added"
