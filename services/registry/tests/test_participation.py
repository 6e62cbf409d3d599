"""The registry's events on a real NATS: how it applies what the programme's other services
report (``registry/participation/``: selections, assessment results, verified certifications;
duplicates and out-of-order deliveries included), and the company events it emits."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from shared.auth import Role
from shared.events import CATALOGUE
from shared.events.assessment import AssessmentCompleted, CompanySelected, CriterionScore
from shared.events.training import CertificationRevoked, CertificationVerified
from shared.natsserver import NatsServer
from shared.testing.events import collect, publish


async def eventually_get(
    registry: Any, company_id: str, check: Any, timeout: float = 20
) -> dict[str, Any]:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        body = (await registry.http.get(f"/companies/{company_id}", headers=registry.staff)).json()
        if check(body):
            return body
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"profile never reached the expected state: {body}")
        await asyncio.sleep(0.1)


def verified(company_id: str, **overrides: Any) -> CertificationVerified:
    values: dict[str, Any] = dict(
        certification_id=uuid.uuid4(),
        company_id=uuid.UUID(company_id),
        trainee_id=uuid.uuid4(),
        skills_area="network_engineer",
        vendor="Cisco",
        certification="CCNA",
        level="associate",
        expires_on=None,
    )
    values.update(overrides)
    return CertificationVerified(**values)


def verified_count(body: dict[str, Any]) -> int:
    return sum(
        c["staff_count"] for c in body["certifications"] if c["source"] == "programme_verified"
    )


class TestEmitted:
    async def test_each_change_emits_its_declared_event(
        self, registry: Any, nats_server: NatsServer
    ) -> None:
        company = await registry.create()
        updated = (
            await registry.http.patch(
                f"/companies/{company['id']}",
                json={"employees": 43},
                headers={**registry.staff, "If-Match": '"1"'},
            )
        ).json()
        published = await registry.publish(updated)
        await registry.http.post(
            f"/companies/{company['id']}/status",
            json={"status": "inactive"},
            headers={**registry.staff, "If-Match": f'"{published["version"]}"'},
        )
        events = await collect(nats_server.url, "registry", 4)
        assert [e.type for e in events] == [
            "blp.registry.company.registered",
            "blp.registry.company.updated",
            "blp.registry.company.published",
            "blp.registry.company.status_changed",
        ]
        payloads = [CATALOGUE[e.type].model_validate(e.data) for e in events]
        assert all(str(p.company_id) == company["id"] for p in payloads)
        assert [p.company.version for p in payloads] == [1, 2, 3, 4]
        assert payloads[1].changed_fields == ["employees"]
        assert payloads[3].previous_status == "active" and payloads[3].company.status == "inactive"
        assert all(e.subject == company["id"] for e in events)


async def assert_listed_as_read(registry: Any, company_id: str) -> None:
    """A search shows the company's lists as a profile read does: the handlers rebuilt its
    listing (company_listing) in the transaction of their change."""
    body = (await registry.http.get(f"/companies/{company_id}", headers=registry.staff)).json()
    listed = await registry.http.get(
        "/companies", headers=registry.staff, params={"bin": body["bin"]}
    )
    assert listed.json()["items"] == [body]


class TestConsumed:
    async def test_verified_certifications_count_up_and_become_searchable(
        self, registry: Any, nats_server: NatsServer
    ) -> None:
        company = await registry.publish(await registry.create())
        first = await publish(nats_server.url, verified(company["id"]))
        await publish(nats_server.url, verified(company["id"]))
        await publish(
            nats_server.url, CertificationVerified.model_validate(first.data), envelope=first
        )  # the same event delivered twice
        body = await eventually_get(registry, company["id"], lambda b: verified_count(b) == 2)
        line = next(c for c in body["certifications"] if c["source"] == "programme_verified")
        assert (line["vendor"], line["name"], line["staff_count"]) == ("Cisco", "CCNA", 2)
        found = await registry.http.get(
            "/companies",
            params={
                "certification_vendor": "cisco",
                "certification_name": "ccna",
                "verified_only": "true",
            },
        )
        assert [c["id"] for c in found.json()["items"]] == [company["id"]]
        await asyncio.sleep(0.5)
        assert (
            verified_count(
                (
                    await registry.http.get(f"/companies/{company['id']}", headers=registry.staff)
                ).json()
            )
            == 2
        )
        await assert_listed_as_read(registry, company["id"])

    async def test_a_revocation_overtaking_its_verification_wins(
        self, registry: Any, nats_server: NatsServer
    ) -> None:
        company = await registry.create()
        late = verified(company["id"])
        kept = verified(company["id"], vendor="Microsoft", certification="Azure Administrator")
        await publish(
            nats_server.url,
            CertificationRevoked(
                certification_id=late.certification_id,
                company_id=late.company_id,
                trainee_id=late.trainee_id,
                skills_area=late.skills_area,
                vendor=late.vendor,
                certification=late.certification,
                reason="forged",
            ),
        )
        await publish(nats_server.url, late)
        await publish(nats_server.url, kept)
        body = await eventually_get(registry, company["id"], lambda b: verified_count(b) == 1)
        await asyncio.sleep(0.5)
        body = (
            await registry.http.get(f"/companies/{company['id']}", headers=registry.staff)
        ).json()
        assert [
            c["vendor"] for c in body["certifications"] if c["source"] == "programme_verified"
        ] == ["Microsoft"]
        await assert_listed_as_read(registry, company["id"])
        history = (
            await registry.http.get(f"/companies/{company['id']}/history", headers=registry.staff)
        ).json()["items"]
        assert {"certification_revoked", "certification_verified"} <= {h["action"] for h in history}

    async def test_selection_and_assessment_in_any_order_show_to_staff_only(
        self, registry: Any, nats_server: NatsServer
    ) -> None:
        company = await registry.publish(await registry.create())
        cohort = uuid.uuid4()
        now = datetime.now(UTC)
        score = CriterionScore(
            criterion="leadership", score_percent=Decimal(62), weight=100, points=Decimal(62)
        )
        newer = AssessmentCompleted(
            assessment_id=uuid.uuid4(),
            company_id=company["id"],
            cohort_id=cohort,
            efqm_total=Decimal("612.5"),
            band="advanced",  # its methodology's band: the registry shows it as it is
            scores=[score],
            completed_at=now,
        )
        older = AssessmentCompleted(
            assessment_id=uuid.uuid4(),
            company_id=company["id"],
            cohort_id=cohort,
            efqm_total=Decimal("410"),
            scores=[score],
            completed_at=now - timedelta(days=30),
        )
        await publish(nats_server.url, newer)  # the result before the selection
        await publish(nats_server.url, older)  # and an older report arriving late
        await publish(
            nats_server.url,
            CompanySelected(company_id=company["id"], cohort_id=cohort, cohort_name="Когорта 2027"),
        )
        body = await eventually_get(
            registry,
            company["id"],
            lambda b: b["programme"] and b["programme"][0]["cohort_name"] is not None,
        )
        await asyncio.sleep(0.5)
        body = (
            await registry.http.get(f"/companies/{company['id']}", headers=registry.staff)
        ).json()
        assert body["programme"] == [
            {
                "cohort_id": str(cohort),
                "cohort_name": "Когорта 2027",
                "selected_at": body["programme"][0]["selected_at"],
                "efqm_total": "612.50",
                "assessment_band": "advanced",
            }
        ]
        public = (await registry.http.get(f"/companies/{company['id']}")).json()
        partner = (
            await registry.http.get(
                f"/companies/{company['id']}",
                headers=registry.as_(Role.INTERNATIONAL_COMPANY, uuid.uuid4()),
            )
        ).json()
        assert "programme" not in public and "programme" not in partner
        in_cohort = await registry.http.get(
            "/companies", headers=registry.staff, params={"cohort_id": str(cohort)}
        )
        assert [c["id"] for c in in_cohort.json()["items"]] == [company["id"]]
        await assert_listed_as_read(registry, company["id"])
