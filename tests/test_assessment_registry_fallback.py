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
from tests.backbone.harness import eventually


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


async def test_a_draft_announced_by_event_is_no_more_nominable_than_a_random_id(
    database: Callable[[str], str], nats_server: NatsServer, jwt_keys: tuple[str, str]
) -> None:
    """Issue 12 defect 1 as a new user met it: the registry's event brings a draft into the
    read model, the registry answers the partner's ``GET`` with 404, and the nomination was
    201 with the draft's name. Now the partner gets exactly what a random id gets (issue 15:
    no existence oracle); staff, who see drafts, get the rule; once published, it works."""
    private, public = jwt_keys
    registry = create_registry(
        RegistrySettings(
            database_url=database("registry"),
            nats_url=nats_server.url,
            jwt_public_key=public,
            outbox_poll_seconds=0.1,
        )
    )
    async with serving(registry) as registry_url:
        assessment = create_assessment(
            AssessmentSettings(
                database_url=database("assessment"),
                nats_url=nats_server.url,
                jwt_public_key=public,
                registry_url=registry_url,
                outbox_poll_seconds=0.1,
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
            draft = created.json()
            facts_url = f"{assessment_url}/company-facts/{draft['id']}"

            async def arrived(publication: str) -> bool:
                response = await http.get(facts_url, headers=staff)
                return response.status_code == 200 and response.json()["publication"] == publication

            await eventually(lambda: arrived("draft"))

            cohort = (
                await http.post(
                    f"{assessment_url}/cohorts",
                    json={"name": "Cohort 2027", "starts_on": "2027-01-15"},
                    headers=staff,
                )
            ).json()
            opened = await http.put(
                f"{assessment_url}/cohorts/{cohort['id']}/status",
                json={"status": "nominations_open"},
                headers={**staff, "If-Match": '"1"'},
            )
            assert opened.status_code == 200, opened.text
            partner = bearer(private, Role.INTERNATIONAL_COMPANY, uuid.uuid4())
            seen = await http.get(f"{registry_url}/companies/{draft['id']}", headers=partner)
            assert seen.status_code == 404

            async def nominate(company_id: str, headers: dict[str, str]) -> httpx.Response:
                return await http.post(
                    f"{assessment_url}/nominations",
                    json={"cohort_id": cohort["id"], "company_id": company_id},
                    headers=headers,
                )

            hidden = await nominate(draft["id"], partner)
            unknown = await nominate(str(uuid.uuid4()), partner)
            assert hidden.status_code == unknown.status_code == 422, hidden.text
            per_request = {"instance", "request_id"}
            assert {k: v for k, v in hidden.json().items() if k not in per_request} == {
                k: v for k, v in unknown.json().items() if k not in per_request
            }
            assert draft["display_name"] not in hidden.text

            round_two = await http.put(
                f"{assessment_url}/cohorts/{cohort['id']}/nomination-round",
                json={"round": 2},
                headers={**staff, "If-Match": '"2"'},
            )
            assert round_two.status_code == 200, round_two.text
            by_staff = await nominate(draft["id"], staff)
            assert (
                by_staff.status_code == 409 and by_staff.json()["rule"] == "nominee_not_published"
            )

            published = await http.post(
                f"{registry_url}/companies/{draft['id']}/publish",
                headers={**staff, "If-Match": f'"{draft["version"]}"'},
            )
            assert published.status_code == 200, published.text
            await eventually(lambda: arrived("published"))
            nominated = await nominate(draft["id"], staff)
            assert nominated.status_code == 201, nominated.text
            assert nominated.json()["company_name"] == draft["display_name"]
