"""Partner needs with explained shortlists; linkages and the outcome figures they add up to."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from shared.auth import Role
from shared.natsserver import NatsServer
from shared.testing.events import collect


@pytest.fixture
async def partners(registry: Any) -> dict[str, Any]:
    foreign = await registry.publish(
        await registry.create(
            kind="international",
            bin=None,
            country="KR",
            foreign_registration_number="110111-22",
            display_name="Hanbit Networks",
            region=None,
            city=None,
        )
    )
    strong = await registry.publish(
        await registry.create(
            display_name="Сеть Про",
            capabilities=["network_engineering", "cybersecurity"],
            region="astana",
            city="astana",
            employees=80,
            description="Cisco сети и безопасность",
            certifications=[
                {"kind": "staff_certification", "vendor": "Cisco", "name": "CCNA", "staff_count": 5}
            ],
        )
    )
    weak = await registry.publish(
        await registry.create(
            display_name="Web Studio",
            capabilities=["network_engineering", "web_development"],
            region="shymkent",
            city="shymkent",
            employees=6,
            certifications=[],
        )
    )
    hidden = await registry.create(
        display_name="Draft Networks", capabilities=["network_engineering"]
    )
    return {"foreign": foreign, "strong": strong, "weak": weak, "hidden": hidden}


def need_body(partners: dict[str, Any]) -> dict[str, Any]:
    return {
        "international_company_id": partners["foreign"]["id"],
        "title": "Network integration partner",
        "region": "astana",
        "min_employees": 50,
        "capabilities": ["network_engineering", "cybersecurity"],
        "certifications": [{"vendor": "Cisco", "name": "CCNA"}],
        "text": "безопасность сети",
    }


class TestShortlist:
    async def test_ranked_with_a_breakdown_a_person_can_check(
        self, registry: Any, partners: dict[str, Any]
    ) -> None:
        owner = registry.as_(Role.INTERNATIONAL_COMPANY, partners["foreign"]["id"])
        created = await registry.http.post("/needs", json=need_body(partners), headers=owner)
        assert created.status_code == 201, created.text
        shortlist = (
            await registry.http.get(f"/needs/{created.json()['id']}/shortlist", headers=owner)
        ).json()["items"]
        assert [e["display_name"] for e in shortlist] == ["Сеть Про", "Web Studio"]
        best = {line["criterion"]: line for line in shortlist[0]["breakdown"]}
        assert best["capabilities"]["score"] == 1.0 and best["region"]["points"] == 10
        assert best["certifications"]["score"] == 0.5  # self-declared counts half
        assert best["size"]["score"] == 1.0 and best["text"]["score"] == 1.0
        assert shortlist[0]["total"] == sum(line["points"] for line in best.values())
        weak = {line["criterion"]: line for line in shortlist[1]["breakdown"]}
        assert weak["capabilities"]["score"] == 0.5 and weak["region"]["score"] == 0
        assert weak["size"]["detail"] == "6 employees of 50 wanted"

    async def test_needs_are_the_owners_and_staffs_business(
        self, registry: Any, partners: dict[str, Any]
    ) -> None:
        owner = registry.as_(Role.INTERNATIONAL_COMPANY, partners["foreign"]["id"])
        other = registry.as_(Role.INTERNATIONAL_COMPANY, uuid.uuid4())
        refused = await registry.http.post("/needs", json=need_body(partners), headers=other)
        assert refused.status_code == 403
        need = (await registry.http.post("/needs", json=need_body(partners), headers=owner)).json()
        assert (await registry.http.get(f"/needs/{need['id']}", headers=other)).status_code == 404
        assert (
            await registry.http.get(f"/needs/{need['id']}/shortlist", headers=registry.staff)
        ).status_code == 200
        listed = (await registry.http.get("/needs", headers=other)).json()["items"]
        assert listed == []


class TestLinkages:
    async def test_stages_only_move_forward_and_signed_contracts_feed_outcomes(
        self, registry: Any, partners: dict[str, Any], nats_server: NatsServer
    ) -> None:
        owner = registry.as_(Role.INTERNATIONAL_COMPANY, partners["foreign"]["id"])
        created = await registry.http.post(
            "/linkages",
            headers=owner,
            json={
                "local_company_id": partners["strong"]["id"],
                "international_company_id": partners["foreign"]["id"],
                "linkage_type": "backward",
            },
        )
        assert created.status_code == 201, created.text
        linkage = created.json()
        url = f"/linkages/{linkage['id']}"
        signed = await registry.http.patch(
            url,
            headers={**owner, "If-Match": '"1"'},
            json={
                "stage": "contract_signed",
                "signed_on": "2027-05-01",
                "jobs_created": 12,
                "contract_value": {"amount": "250000.00", "currency": "USD"},
            },
        )
        assert signed.status_code == 200, signed.text
        back = await registry.http.patch(
            url, headers={**owner, "If-Match": '"2"'}, json={"stage": "negotiating"}
        )
        assert back.status_code == 409 and back.json()["rule"] == "linkage_stage_final"
        await registry.http.post(
            "/linkages",
            headers=registry.staff,
            json={
                "local_company_id": partners["weak"]["id"],
                "international_company_id": partners["foreign"]["id"],
                "linkage_type": "forward",
                "stage": "contract_signed",
                "signed_on": "2027-06-01",
                "jobs_created": 3,
                "contract_value": {"amount": "1000000", "currency": "KZT"},
            },
        )
        outcomes = (
            await registry.http.get(
                "/outcomes", params={"group_by": "region"}, headers=registry.as_(Role.MINISTRY)
            )
        ).json()
        assert outcomes["total"]["contracts_signed"] == 2
        assert outcomes["total"]["jobs_created"] == 15
        assert outcomes["total"]["contract_value"] == [
            {"amount": "1000000.00", "currency": "KZT"},
            {"amount": "250000.00", "currency": "USD"},
        ]
        by_region = {row["group"]: row for row in outcomes["rows"]}
        assert by_region["astana"]["jobs_created"] == 12
        events = await collect(nats_server.url, "registry", 10)  # 7 company events, 3 linkage
        recorded = [e for e in events if e.type == "blp.registry.linkage.recorded"]
        assert [e.data["stage"] for e in recorded] == [
            "contacted",
            "contract_signed",
            "contract_signed",
        ]

    async def test_bad_linkages_are_refused_with_their_field_named(
        self, registry: Any, partners: dict[str, Any]
    ) -> None:
        swapped = await registry.http.post(
            "/linkages",
            headers=registry.staff,
            json={
                "local_company_id": partners["foreign"]["id"],
                "international_company_id": partners["strong"]["id"],
                "linkage_type": "backward",
            },
        )
        assert swapped.status_code == 422
        assert swapped.json()["errors"][0]["field"] == "local_company_id"
        unsigned = await registry.http.post(
            "/linkages",
            headers=registry.staff,
            json={
                "local_company_id": partners["strong"]["id"],
                "international_company_id": partners["foreign"]["id"],
                "linkage_type": "horizontal",
                "stage": "contract_signed",
            },
        )
        assert unsigned.status_code == 422
        assert unsigned.json()["errors"][0]["field"] == "signed_on"
        float_money = await registry.http.post(
            "/linkages",
            headers=registry.staff,
            json={
                "local_company_id": partners["strong"]["id"],
                "international_company_id": partners["foreign"]["id"],
                "linkage_type": "forward",
                "contract_value": {"amount": 10.5, "currency": "USD"},
            },
        )
        assert float_money.status_code == 422

    async def test_companies_see_only_linkages_they_are_party_to(
        self, registry: Any, partners: dict[str, Any]
    ) -> None:
        made = (
            await registry.http.post(
                "/linkages",
                headers=registry.staff,
                json={
                    "local_company_id": partners["strong"]["id"],
                    "international_company_id": partners["foreign"]["id"],
                    "linkage_type": "backward",
                },
            )
        ).json()
        party = registry.as_(Role.LOCAL_COMPANY, partners["strong"]["id"])
        stranger = registry.as_(Role.LOCAL_COMPANY, partners["weak"]["id"])
        assert (
            await registry.http.get(f"/linkages/{made['id']}", headers=party)
        ).status_code == 200
        assert (
            await registry.http.get(f"/linkages/{made['id']}", headers=stranger)
        ).status_code == 404
        assert (await registry.http.get("/linkages", headers=stranger)).json()["items"] == []
        assert (await registry.http.get("/outcomes", headers=stranger)).status_code == 403
