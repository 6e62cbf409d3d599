"""No more than ``max_companies`` companies are ever selected, however many decisions race:
50 concurrent decisions over real HTTP, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any

from shared.events.assessment import CompanySelected

if TYPE_CHECKING:
    from conftest import AssessmentHarness


async def test_fifty_concurrent_selections_select_exactly_twenty(
    service: AssessmentHarness,
) -> None:
    cohort = await service.cohort("nominations_open", max_nominations_per_partner=50)
    partner = service.partner()
    companies = [await service.company(display_name=f"ТОО Кандидат {i}") for i in range(50)]
    nominations = await asyncio.gather(*(service.nominate(cohort, c, partner) for c in companies))
    cohort = await service.advance(cohort, "selection")

    async def select(nomination: dict[str, Any]) -> Any:
        return await service.http.put(
            f"/nominations/{nomination['id']}/decision",
            json={"decision": "selected"},
            headers={**service.pm, "If-Match": f'"{nomination["version"]}"'},
        )

    started = time.perf_counter()
    responses = await asyncio.gather(*(select(n.json()) for n in nominations))
    elapsed = time.perf_counter() - started
    statuses = [r.status_code for r in responses]
    assert statuses.count(200) == 20, statuses
    assert statuses.count(409) == 30, statuses
    assert {r.json()["rule"] for r in responses if r.status_code == 409} == {"cohort_full"}
    print(f"50 concurrent decisions: 20 selected, 30 refused in {elapsed:.2f}s")

    assert (await service.get(f"/cohorts/{cohort['id']}"))["selected_count"] == 20
    selected = await service.get(f"/nominations?cohort_id={cohort['id']}&status=selected&limit=200")
    winners = {r.json()["id"] for r in responses if r.status_code == 200}
    assert {n["id"] for n in selected["items"]} == winners
    events = await service.events(50 + 20, "blp.assessment.company.selected")
    assert {str(CompanySelected.model_validate(e.data).nomination_id) for e in events} == winners
