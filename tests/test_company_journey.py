"""Company 360 (``GET /v1/companies/{company_id}/journey``) through the real stack.

Gateway (its own HTTP protocol, as ``blp serve gateway`` runs it), the four domain services,
real NATS and a real database. Two local companies, A and B, are nominated by the same
international partner, have a trainee each and a linkage each; then:

- A's token on A: every part, A's own data, the full profile;
- A's token on B: the public profile only; B's nomination, trainee and linkage never show,
  B's finance statement is refused (each service's own answer to A for B's records);
- a programme manager on B: B's whole journey;
- a service stopped: its parts are ``unavailable``, the others still answer.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from gateway.protocol import GatewayHttpProtocol
from registry.bin import make_bin

from shared.auth import Role
from tests.backbone.harness import eventually
from tests.stack import Launch, Stack

pytestmark = pytest.mark.slow

TRAINING_PARTS = (
    "development_plan",
    "plan_implementation",
    "trainees",
    "enrolments",
    "certifications",
    "internships",
)
PARTS = (
    "profile",
    "cohorts",
    "nominations",
    "assessments",
    "assessment_reports",
    *TRAINING_PARTS,
    "linkages",
    "finance_statement",
)


@pytest.fixture
async def stack(launch_stack: Launch) -> AsyncIterator[Stack]:
    async with launch_stack(gateway_http=GatewayHttpProtocol) as running:
        yield running


_BINS = iter(range(1, 10_000))


def _bin() -> str:
    while True:
        if candidate := make_bin(f"0712400{next(_BINS):04d}"):
            return candidate


class Programme:
    """Two local companies and a partner with data in every service, made through the API."""

    def __init__(self, stack: Stack, pm: str) -> None:
        self.stack = stack
        self.pm = {"Authorization": f"Bearer {pm}"}

    async def call(
        self, method: str, path: str, headers: dict[str, str], **kwargs: Any
    ) -> dict[str, Any]:
        response = await self.stack.http.request(method, path, headers=headers, **kwargs)
        assert response.status_code in (200, 201), f"{method} {path}: {response.text}"
        return dict(response.json())

    async def company(self, kind: str, name: str) -> str:
        body: dict[str, Any] = {
            "kind": kind,
            "display_name": name,
            "segments": ["software_development"],
            "employees": 40,
            "founded_on": "2015-03-01",
            "private_sector_share": 80,
            "contacts": [{"name": "Айгерим Сапарова", "position": "CEO", "email": "a@example.kz"}],
        }
        if kind == "local":
            body.update(bin=_bin(), region="almaty_city", city="almaty_city")
        else:
            body.update(country="DE", foreign_registration_number="HRB 123456")
        company = await self.call("POST", "/v1/registry/companies", self.pm, json=body)
        await self.call(
            "POST",
            f"/v1/registry/companies/{company['id']}/publish",
            {**self.pm, "If-Match": f'"{company["version"]}"'},
        )
        return str(company["id"])

    async def known_to_assessment(self, *companies: str) -> None:
        async def arrived() -> bool:
            for company_id in companies:
                response = await self.stack.http.get(
                    f"/v1/assessment/company-facts/{company_id}", headers=self.pm
                )
                if response.status_code != 200:
                    return False
            return True

        await eventually(arrived)

    async def cohort(self) -> str:
        cohort = await self.call(
            "POST",
            "/v1/assessment/cohorts",
            self.pm,
            json={"name": "Когорта 2027", "starts_on": "2027-01-15"},
        )
        await self.call(
            "PUT",
            f"/v1/assessment/cohorts/{cohort['id']}/status",
            {**self.pm, "If-Match": f'"{cohort["version"]}"'},
            json={"status": "nominations_open"},
        )
        return str(cohort["id"])


@dataclass
class World:
    a: str
    b: str
    partner: str
    cohort: str
    a_token: str
    pm_token: str


@pytest.fixture
async def world(stack: Stack) -> World:
    pm_token = await stack.token(Role.PROGRAMME_MANAGER)
    programme = Programme(stack, pm_token)
    a = await programme.company("local", "ТОО «Альфа Софт»")
    b = await programme.company("local", "ТОО «Бета Дата»")
    partner = await programme.company("international", "Global IT GmbH")
    await programme.known_to_assessment(a, b, partner)
    cohort = await programme.cohort()
    nominator = {
        "Authorization": f"Bearer {await stack.token(Role.INTERNATIONAL_COMPANY, partner)}"
    }
    for company_id in (a, b):
        await programme.call(
            "POST",
            "/v1/assessment/nominations",
            nominator,
            json={"cohort_id": cohort, "company_id": company_id},
        )
        await programme.call(
            "POST",
            "/v1/training/trainees",
            programme.pm,
            json={"name": "Нурлан Ахметов", "languages": ["ru", "kk"], "company_id": company_id},
        )
        await programme.call(
            "POST",
            "/v1/registry/linkages",
            programme.pm,
            json={
                "local_company_id": company_id,
                "international_company_id": partner,
                "linkage_type": "backward",
            },
        )
    a_token = await stack.token(Role.LOCAL_COMPANY, a)
    return World(a, b, partner, cohort, a_token, pm_token)


async def journey(stack: Stack, token: str, company_id: str) -> dict[str, Any]:
    response = await stack.http.get(
        f"/v1/companies/{company_id}/journey", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    body = dict(response.json())
    assert body["company_id"] == company_id
    assert set(body) == {"company_id", "generated_at", *PARTS}
    return body


def items(part: dict[str, Any]) -> list[dict[str, Any]]:
    assert part["status"] == "ok", part
    return list(part["data"]["items"])


async def test_each_part_is_what_the_callers_token_may_see(stack: Stack, world: World) -> None:
    # A on A: every part answers, with A's own records only
    mine = await journey(stack, world.a_token, world.a)
    assert {name: mine[name]["status"] for name in PARTS} == dict.fromkeys(PARTS, "ok")
    assert mine["profile"]["data"]["id"] == world.a
    assert mine["profile"]["data"]["contacts"], "its own contacts: the full profile"
    assert mine["profile"]["data"]["private_sector_share"] == 80
    [nomination] = items(mine["nominations"])
    assert nomination["company_id"] == world.a and nomination["cohort_id"] == world.cohort
    assert [c["id"] for c in mine["cohorts"]["data"]] == [world.cohort]
    assert [t["company_id"] for t in items(mine["trainees"])] == [world.a]
    assert [link["local_company_id"] for link in items(mine["linkages"])] == [world.a]
    assert mine["finance_statement"]["data"]["company_id"] == world.a

    # A on B: the public profile, nothing of B's own records
    theirs = await journey(stack, world.a_token, world.b)
    profile = theirs["profile"]["data"]
    assert profile["id"] == world.b and profile["display_name"] == "ТОО «Бета Дата»"
    assert "contacts" not in profile and "private_sector_share" not in profile
    # finance answers another company's statement as for no such company
    assert theirs["finance_statement"] == {
        "status": "not_found",
        "http_status": 404,
        "detail": theirs["finance_statement"]["detail"],
    }
    for name in ("nominations", "assessments", "linkages"):
        assert items(theirs[name]) == [], name  # lists filtered to the caller's own
    assert theirs["cohorts"] == {"status": "ok", "data": []}
    for name in ("trainees", "enrolments", "certifications", "internships", "development_plan"):
        part = theirs[name]  # training answers another company's list as no such company
        assert part["status"] == "not_found" and "data" not in part, (name, part)
    text = str(theirs)
    leaked = [
        n["id"] for n in items((await journey(stack, world.pm_token, world.b))["nominations"])
    ]
    assert leaked and all(ident not in text for ident in leaked)

    # staff on B: B's whole journey
    staff = await journey(stack, world.pm_token, world.b)
    assert {name: staff[name]["status"] for name in PARTS} == dict.fromkeys(PARTS, "ok")
    assert staff["profile"]["data"]["contacts"]
    assert [n["company_id"] for n in items(staff["nominations"])] == [world.b]
    assert [t["company_id"] for t in items(staff["trainees"])] == [world.b]
    assert [link["local_company_id"] for link in items(staff["linkages"])] == [world.b]
    assert staff["finance_statement"]["status"] == "ok"

    # a company the registry does not have is a 404, as the registry's own answer is
    missing = await stack.http.get(
        f"/v1/companies/{uuid.uuid4()}/journey",
        headers={"Authorization": f"Bearer {world.a_token}"},
    )
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    anonymous = await stack.http.get(f"/v1/companies/{world.a}/journey")
    assert anonymous.status_code == 401


async def test_a_stopped_service_marks_its_parts_unavailable(stack: Stack, world: World) -> None:
    await stack.stop("training")
    mine = await journey(stack, world.a_token, world.a)
    for name in TRAINING_PARTS:
        assert mine[name]["status"] == "unavailable", (name, mine[name])
        assert "training" in mine[name]["detail"]
    others = [name for name in PARTS if name not in TRAINING_PARTS]
    assert {name: mine[name]["status"] for name in others} == dict.fromkeys(others, "ok")
    assert [n["company_id"] for n in items(mine["nominations"])] == [world.a]

    await stack.stop("finance")
    await stack.stop("assessment")
    left = await journey(stack, world.a_token, world.a)
    assert left["profile"]["status"] == "ok" and left["linkages"]["status"] == "ok"
    for name in ("finance_statement", "nominations", "cohorts", "assessments"):
        assert left[name]["status"] == "unavailable", name
