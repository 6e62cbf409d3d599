"""The assessment service asks the real registry about a nominee its read model has not seen:
the registry's company resource is what the fallback reads, with the caller's own rights."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import httpx
from assessment.config import Settings as AssessmentSettings
from assessment.main import create_app as create_assessment
from registry.config import Settings as RegistrySettings
from registry.demo import generate_companies
from registry.main import create_app as create_registry

from shared.auth import Role
from shared.natsserver import NatsServer
from shared.testing.servers import serving
from shared.testing.tokens import bearer


async def test_a_nominee_unknown_to_the_read_model_is_checked_with_the_registry(
    database: Callable[[str], str], nats_server: NatsServer, jwt_keys: tuple[str, str]
) -> None:
    private, public = jwt_keys
    registry = create_registry(
        RegistrySettings(
            database_url=database("registry"), nats_url=nats_server.url, jwt_public_key=public
        )
    )
    async with serving(registry) as registry_url:
        # no consumer: the registry's events never reach the read model, so only the API can
        assessment = create_assessment(
            AssessmentSettings(
                database_url=database("assessment"),
                nats_url=nats_server.url,
                jwt_public_key=public,
                registry_url=registry_url,
                run_workers=False,
            )
        )
        async with (
            serving(assessment) as assessment_url,
            httpx.AsyncClient(timeout=30) as http,
        ):
            staff = bearer(private, Role.PROGRAMME_MANAGER)
            payload = next(
                c
                for c in generate_companies(n_local=50, n_international=0)
                if c["employees"] and c["employees"] >= 5
            )
            created = await http.post(f"{registry_url}/companies", json=payload, headers=staff)
            assert created.status_code == 201, created.text
            company = created.json()

            cohort = await http.post(
                f"{assessment_url}/cohorts",
                json={"name": "Cohort 2027", "starts_on": "2027-01-15"},
                headers=staff,
            )
            await http.put(
                f"{assessment_url}/cohorts/{cohort.json()['id']}/status",
                json={"status": "nominations_open"},
                headers={**staff, "If-Match": '"1"'},
            )
            partner = bearer(private, Role.INTERNATIONAL_COMPANY, uuid.uuid4())
            body = {"cohort_id": cohort.json()["id"], "company_id": company["id"]}
            # a draft profile is not visible to the partner, so it cannot be nominated yet
            draft = await http.post(f"{assessment_url}/nominations", json=body, headers=partner)
            assert draft.status_code == 422 and draft.json()["errors"][0]["field"] == "company_id"
            published = await http.post(
                f"{registry_url}/companies/{company['id']}/publish",
                headers={**staff, "If-Match": f'"{company["version"]}"'},
            )
            assert published.status_code == 200, published.text
            company = published.json()
            nominated = await http.post(f"{assessment_url}/nominations", json=body, headers=partner)
            assert nominated.status_code == 201, nominated.text
            assert nominated.json()["company_name"] == company["display_name"]

            facts = (
                await http.get(f"{assessment_url}/company-facts/{company['id']}", headers=staff)
            ).json()
            assert facts["source"] == "registry_api"
            assert (facts["version"], facts["employees"], facts["segments"]) == (
                company["version"],
                company["employees"],
                company["segments"],
            )
            # the registry hides the private-sector share from an international company
            assert facts["private_sector_share"] is None
