"""The company-facts read model fed by the registry's events on a real NATS server: it only
moves forward, duplicates and late events change nothing, and eligibility follows it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shared.events.registry import (
    CompanyFacts,
    CompanyRegistered,
    CompanyStatusChanged,
    CompanyUpdated,
)
from shared.testing.events import publish
from tests.backbone.harness import eventually

if TYPE_CHECKING:
    from conftest import AssessmentHarness


async def applied(service: AssessmentHarness, count: int) -> None:
    """Wait until the consumer has taken ``count`` events (applied or found duplicate)."""

    async def consumed() -> bool:
        ops = await service.get("/ops/messaging")
        return ops["events_applied"] >= count

    await eventually(consumed)


async def facts_of(service: AssessmentHarness, company_id: Any) -> dict[str, Any]:
    return await service.get(f"/company-facts/{company_id}")


def updated(facts: CompanyFacts, version: int, **changes: Any) -> CompanyUpdated:
    return CompanyUpdated(
        company_id=facts.company_id,
        company=facts.model_copy(update={"version": version, **changes}),
        changed_fields=sorted(changes),
    )


class TestReadModel:
    async def test_duplicates_and_older_events_change_nothing(
        self, service: AssessmentHarness
    ) -> None:
        company = service.facts(display_name="Алатау Дата")
        v3 = updated(company, 3, employees=40)
        await publish(service.nats_url, v3)  # arrives before its registration
        await applied(service, 1)
        assert (await facts_of(service, company.company_id))["employees"] == 40

        await publish(
            service.nats_url, CompanyRegistered(company_id=company.company_id, company=company)
        )
        await publish(service.nats_url, updated(company, 2, employees=7))
        await publish(service.nats_url, updated(company, 3, employees=99))  # same version, new id
        envelope = await publish(service.nats_url, v3)
        await publish(service.nats_url, v3, envelope=envelope)  # the very same event again
        # one stream, one consumer, in order: once a later event is in, those were handled
        other = service.facts()
        await publish(
            service.nats_url, CompanyRegistered(company_id=other.company_id, company=other)
        )
        await eventually(lambda: _known(service, other))
        facts = await facts_of(service, company.company_id)
        assert (facts["version"], facts["employees"], facts["source"]) == (3, 40, "event")
        assert (await service.get("/ops/messaging"))["events_applied"] == 6  # one id twice

        await publish(service.nats_url, updated(company, 4, employees=41))
        await eventually(lambda: _employees_are(service, company, 41))


async def _known(service: AssessmentHarness, company: CompanyFacts) -> bool:
    response = await service.http.get(f"/company-facts/{company.company_id}", headers=service.pm)
    return response.status_code == 200


async def _employees_are(service: AssessmentHarness, company: CompanyFacts, employees: int) -> bool:
    return (await facts_of(service, company.company_id))["employees"] == employees


class TestEligibilityFollowsTheFacts:
    async def test_a_company_that_falls_out_is_flagged_not_dropped(
        self, service: AssessmentHarness
    ) -> None:
        company = service.facts(display_name="Степь Софт")
        await publish(
            service.nats_url, CompanyRegistered(company_id=company.company_id, company=company)
        )
        await applied(service, 1)
        cohort = await service.cohort("nominations_open")
        nomination = (await service.nominate(cohort, company.company_id, service.partner())).json()
        path = f"/nominations/{nomination['id']}"

        await publish(service.nats_url, updated(company, 2, employees=3))

        async def flagged() -> bool:
            return (await service.get(path))["eligibility"]["flagged"]

        await eventually(flagged)
        read = await service.get(path)
        assert read["status"] == "submitted" and read["eligibility"]["eligible"] is False
        [employees] = [c for c in read["eligibility"]["criteria"] if c["criterion"] == "employees"]
        assert (employees["value"], employees["passed"]) == (3, False)
        assert read["eligibility"]["facts_version"] == 2
        listed = await service.get(f"/nominations?cohort_id={cohort['id']}&flagged=true")
        assert [n["id"] for n in listed["items"]] == [nomination["id"]]
        [_, fell_out] = (await service.get(f"{path}/history"))["items"]
        assert (fell_out["action"], fell_out["actor"], fell_out["actor_role"]) == (
            "eligibility_rechecked",
            "system",
            None,
        )
        assert fell_out["after"] == {
            "eligible": False,
            "flagged": True,
            "failed_criteria": ["employees"],
            "facts_version": 2,
        }

        await publish(
            service.nats_url,
            CompanyStatusChanged(
                company_id=company.company_id,
                company=company.model_copy(update={"version": 3, "employees": 30}),
                previous_status="active",
            ),
        )

        async def eligible_again() -> bool:
            eligibility = (await service.get(path))["eligibility"]
            return eligibility["eligible"] and not eligibility["flagged"]

        await eventually(eligible_again)

    async def test_a_decided_selection_no_longer_follows_the_facts(
        self, service: AssessmentHarness
    ) -> None:
        company = service.facts()
        await publish(
            service.nats_url, CompanyRegistered(company_id=company.company_id, company=company)
        )
        await applied(service, 1)
        cohort = await service.cohort("nominations_open")
        nomination = (await service.nominate(cohort, company.company_id, service.partner())).json()
        await service.advance(cohort, "selection")
        decided = (await service.decide(nomination, "selected")).json()
        await publish(service.nats_url, updated(company, 2, status="out_of_business"))
        await eventually(lambda: _status_is(service, company, "out_of_business"))
        after = await service.get(f"/nominations/{nomination['id']}")
        assert after["version"] == decided["version"] and after["eligibility"]["eligible"] is True

    async def test_the_event_replaces_what_the_registry_api_hid(
        self, service: AssessmentHarness
    ) -> None:
        company = service.facts()
        service.registry.add(company, hide=("private_sector_share",))
        cohort = await service.cohort("nominations_open")
        nomination = (await service.nominate(cohort, company.company_id, service.partner())).json()
        path = f"/nominations/{nomination['id']}"
        assert (await service.get(path))["eligibility"]["eligible"] is False
        await publish(
            service.nats_url, CompanyRegistered(company_id=company.company_id, company=company)
        )

        async def eligible() -> bool:
            return (await service.get(path))["eligibility"]["eligible"]

        await eventually(eligible)
        facts = await facts_of(service, company.company_id)
        assert (facts["source"], facts["version"], facts["private_sector_share"]) == (
            "event",
            1,
            70,
        )


async def _status_is(service: AssessmentHarness, company: CompanyFacts, status: str) -> bool:
    return (await facts_of(service, company.company_id))["status"] == status
