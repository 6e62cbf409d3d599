"""The seat limit holds however many enrolments race: 50 concurrent requests over real HTTP
for the last 5 seats of a session, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import TYPE_CHECKING, Any

from shared.events.training import EnrolmentCreated

if TYPE_CHECKING:
    from conftest import TrainingHarness


async def test_fifty_concurrent_enrolments_take_exactly_the_seats_left(
    service: TrainingHarness,
) -> None:
    company, _, needs = await service.selected_company_with_needs(["network_engineer"] * 52)
    course = await service.course()
    run = await service.session_of(course, seat_limit=7)
    headers = service.local(company)
    trainees = [await service.trainee(company, name=f"Слушатель {i}") for i in range(52)]
    for need, trainee in zip(needs[:2], trainees[:2], strict=True):  # 2 of 7 already taken
        body = {"need_id": need["id"], "trainee_id": trainee["id"], "session_id": run["id"]}
        assert (await service.http.post("/enrolments", json=body, headers=headers)).is_success

    async def take(need: dict[str, Any], trainee: dict[str, Any]) -> Any:
        body = {"need_id": need["id"], "trainee_id": trainee["id"], "session_id": run["id"]}
        return await service.http.post("/enrolments", json=body, headers=headers)

    started = time.perf_counter()
    responses = await asyncio.gather(
        *(take(n, t) for n, t in zip(needs[2:], trainees[2:], strict=True))
    )
    elapsed = time.perf_counter() - started
    statuses = [r.status_code for r in responses]
    assert statuses.count(201) == 5, statuses
    assert statuses.count(409) == 45, statuses
    assert {r.json()["rule"] for r in responses if r.status_code == 409} == {"session_full"}
    print(f"50 concurrent enrolments: 5 seats taken, 45 refused in {elapsed:.2f}s")

    seats = await service.get(f"/sessions/{run['id']}")
    assert (seats["seats_taken"], seats["seats_left"]) == (7, 0)
    enrolled = await service.get(f"/enrolments?session_id={run['id']}&limit=200")
    winners = {r.json()["id"] for r in responses if r.status_code == 201}
    assert len(enrolled["items"]) == 7 and winners <= {e["id"] for e in enrolled["items"]}
    # the refused requests left nothing behind: their needs are still open
    open_needs = await service.get(f"/needs?company_id={company}&status=open&limit=200")
    assert len(open_needs["items"]) == 45
    events = await service.events(7, EnrolmentCreated.event_type)
    assert {e.subject for e in events} == {e["id"] for e in enrolled["items"]}

    # a withdrawal frees a seat for the next one
    one = next(e for e in enrolled["items"] if e["id"] in winners)
    await service.send("PUT", f"/enrolments/{one['id']}/withdrawal", {}, one, headers)
    refused = next(i for i, r in enumerate(responses) if r.status_code == 409)
    again = await take(needs[2 + refused], trainees[2 + refused])
    assert again.status_code == 201, again.text
    assert uuid.UUID(again.json()["id"])
