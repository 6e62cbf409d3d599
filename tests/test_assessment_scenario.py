"""The assessment service end to end, through the gateway, with real NATS and a real database:

1. registered companies arrive by registry events;
2. four international companies nominate, and a fifth nomination by one of them is refused;
3. eligibility is computed, and an ineligible company (3 employees) fails that criterion;
4. the board votes, and 20 companies are selected while the 21st gets a 409; the audit
   trail names who nominated, voted and decided, in which request;
5. an assessment is scored, and its report approved;
6. the events are observed on NATS, their data as the catalogue declares it.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from assessment.config import Settings as AssessmentSettings
from assessment.main import create_app as create_assessment
from gateway.clients import ClientStore
from gateway.config import Settings as GatewaySettings
from gateway.main import create_app as create_gateway

from shared.auth import Role
from shared.events import CATALOGUE
from shared.events.assessment import AssessmentCompleted, DevelopmentPlanApprovedV2
from shared.events.registry import CompanyFacts, CompanyRegistered
from shared.natsserver import NatsServer, free_port
from shared.testing.events import collect, publish
from shared.testing.servers import serving
from tests.backbone.harness import eventually

EFQM_9 = [
    "leadership",
    "strategy",
    "people",
    "partnerships_resources",
    "processes_products_services",
    "customer_results",
    "people_results",
    "society_results",
    "key_results",
]


class Gateway:
    """The gateway's URL, and callers with real client-credentials tokens."""

    def __init__(self, url: str, store: ClientStore) -> None:
        self.store = store
        self.http = httpx.AsyncClient(base_url=f"{url}/v1/assessment", timeout=60)
        self.token_url = f"{url}/v1/auth/token"

    async def caller(self, role: Role, company_id: uuid.UUID | None = None) -> Caller:
        client, secret = self.store.create(role, company_id)
        response = await self.http.post(
            self.token_url,
            data={
                "grant_type": "client_credentials",
                "client_id": client.client_id,
                "client_secret": secret,
            },
        )
        assert response.status_code == 200, response.text
        return Caller(self.http, client.client_id, response.json()["access_token"])


class Caller:
    def __init__(self, http: httpx.AsyncClient, client_id: str, token: str) -> None:
        self.http = http
        self.client_id = client_id
        self.auth = {"Authorization": f"Bearer {token}"}

    async def get(self, path: str, **headers: str) -> httpx.Response:
        return await self.http.get(path, headers={**self.auth, **headers})

    async def post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        return await self.http.post(path, json=body, headers=self.auth)

    async def update(
        self, method: str, path: str, body: dict[str, Any], etag: str
    ) -> httpx.Response:
        return await self.http.request(
            method, path, json=body, headers={**self.auth, "If-Match": etag}
        )

    async def current(self, path: str) -> str:
        response = await self.get(path)
        assert response.status_code == 200, response.text
        return response.headers["etag"]


@pytest.fixture
async def gateway(
    database: Callable[[str], str],
    nats_server: NatsServer,
    tmp_path: Path,
    jwt_keys: tuple[str, str],
) -> AsyncIterator[Gateway]:
    private, public = jwt_keys
    assessment = create_assessment(
        AssessmentSettings(
            database_url=database("assessment"),
            nats_url=nats_server.url,
            jwt_public_key=public,
            outbox_poll_seconds=0.2,
            registry_url=f"http://127.0.0.1:{free_port()}",  # every company arrives by event
        )
    )
    async with serving(assessment) as assessment_url:
        nowhere = f"http://127.0.0.1:{free_port()}"
        settings = GatewaySettings(
            jwt_private_key=private,
            jwt_public_key=public,
            clients_file=str(tmp_path / "clients.json"),
            registry_url=nowhere,
            assessment_url=assessment_url,
            training_url=nowhere,
            finance_url=nowhere,
            rate_limit_per_minute=100_000,
            rate_limit_burst=10_000,
        )
        async with serving(create_gateway(settings)) as url:
            platform = Gateway(url, ClientStore(Path(settings.clients_file)))
            yield platform
            await platform.http.aclose()


def company(kind: str, name: str, **overrides: Any) -> CompanyFacts:
    values: dict[str, Any] = {
        "company_id": uuid.uuid4(),
        "version": 1,
        "kind": kind,
        "display_name": name,
        "segments": ["software_development"],
        "in_scope": True,
        "employees": 30,
        "founded_on": date(2016, 9, 1),
        "private_sector_share": 80,
        "status": "active",
        "publication": "published",
    }
    return CompanyFacts(**{**values, **overrides})


async def test_nomination_to_approved_report(gateway: Gateway, nats_server: NatsServer) -> None:
    pm = await gateway.caller(Role.PROGRAMME_MANAGER)
    ministry = await gateway.caller(Role.MINISTRY)

    # 1. registered companies arrive by registry events
    partners = [company("international", f"Global IT {i}") for i in range(4)]
    locals_ = [company("local", f"ТОО «Қазақ Софт {i}»") for i in range(21)]
    small = company("local", "ТОО «Үш адам»", employees=3)
    for facts in [*partners, *locals_, small]:
        await publish(
            nats_server.url, CompanyRegistered(company_id=facts.company_id, company=facts)
        )

    async def all_arrived() -> bool:
        ops = await pm.get("/ops/messaging")
        return ops.json()["events_applied"] == 26

    await eventually(all_arrived)

    cohort = (await pm.post("/cohorts", {"name": "Когорта 2027", "starts_on": "2027-01-15"})).json()
    cohort_path = f"/cohorts/{cohort['id']}"
    board = await gateway.caller(Role.SELECTION_BOARD)
    seat = await pm.post(
        f"{cohort_path}/board-members",
        {"subject": board.client_id, "role": "selection_board", "name": "Айжан Серікова"},
    )
    assert seat.status_code == 201, seat.text
    opened = await pm.update(
        "PUT",
        f"{cohort_path}/status",
        {"status": "nominations_open"},
        await pm.current(cohort_path),
    )
    assert opened.status_code == 200, opened.text

    # 2. four international companies nominate; a fifth nomination by one of them is refused
    callers = [await gateway.caller(Role.INTERNATIONAL_COMPANY, p.company_id) for p in partners]
    round_one = [*locals_[:15], small]
    nominations: dict[uuid.UUID, dict[str, Any]] = {}
    for index, facts in enumerate(round_one):
        response = await callers[index // 4].post(
            "/nominations", {"cohort_id": cohort["id"], "company_id": str(facts.company_id)}
        )
        assert response.status_code == 201, response.text
        nominations[facts.company_id] = response.json()
    fifth = await callers[0].post(
        "/nominations", {"cohort_id": cohort["id"], "company_id": str(locals_[15].company_id)}
    )
    assert fifth.status_code == 409 and fifth.json()["rule"] == "partner_nomination_limit"

    # 3. eligibility is computed; the company with 3 employees fails that criterion
    checked = (await pm.get(f"/nominations/{nominations[small.company_id]['id']}")).json()
    assert checked["eligibility"]["eligible"] is False
    failing = [c for c in checked["eligibility"]["criteria"] if not c["passed"]]
    assert [(c["criterion"], c["value"]) for c in failing] == [("employees", 3)]

    # round 2: the programme manager and the ministry fill the cohort
    round_two = await pm.update(
        "PUT", f"{cohort_path}/nomination-round", {"round": 2}, await pm.current(cohort_path)
    )
    assert round_two.status_code == 200, round_two.text
    for index, facts in enumerate(locals_[15:]):
        response = await (pm if index % 2 else ministry).post(
            "/nominations", {"cohort_id": cohort["id"], "company_id": str(facts.company_id)}
        )
        assert response.status_code == 201, response.text
        nominations[facts.company_id] = response.json()
    to_selection = await pm.update(
        "PUT", f"{cohort_path}/status", {"status": "selection"}, await pm.current(cohort_path)
    )
    assert to_selection.status_code == 200, to_selection.text

    # 4. the board votes; 20 are selected and the 21st gets a 409
    eligible = [nominations[f.company_id] for f in locals_]
    for nomination in eligible:
        cast = await board.post(
            f"/nominations/{nomination['id']}/votes",
            {"vote": "approve", "comment": "Сильная команда, экспортный потенциал"},
        )
        assert cast.status_code == 201, cast.text
    outcomes = []
    for nomination in eligible:
        path = f"/nominations/{nomination['id']}"
        decided = await pm.update(
            "PUT", f"{path}/decision", {"decision": "selected"}, await pm.current(path)
        )
        outcomes.append(decided)
    assert [r.status_code for r in outcomes] == [200] * 20 + [409]
    assert outcomes[-1].json()["rule"] == "cohort_full"
    assert (await pm.get(cohort_path)).json()["selected_count"] == 20

    # who decided what: the audit trail, through the gateway, names each caller and request
    chosen = outcomes[0].json()
    trail = (await board.get(f"/nominations/{chosen['id']}/history")).json()["items"]
    assert [(e["action"], e["actor"]) for e in trail] == [
        ("created", callers[0].client_id),
        ("vote_cast", board.client_id),
        ("decided", pm.client_id),
    ]
    assert trail[-1]["request_id"] == outcomes[0].headers["x-request-id"]
    cohort_trail = (await ministry.get(f"{cohort_path}/history")).json()["items"]
    assert [e["action"] for e in cohort_trail] == [
        "created",
        "board_member_added",
        "status_changed",
        "round_two_opened",
        "status_changed",
    ]
    owner_of_chosen = await gateway.caller(Role.LOCAL_COMPANY, uuid.UUID(chosen["company_id"]))
    hidden = await owner_of_chosen.get(f"/nominations/{chosen['id']}/history")
    assert hidden.status_code == 403, hidden.text

    # 5. an assessment is scored and its report approved
    assessor = await gateway.caller(Role.ASSESSOR)
    created = await pm.post(
        "/assessments",
        {
            "nomination_id": chosen["id"],
            "assessors": [{"subject": assessor.client_id, "name": "Динара Ахметова"}],
        },
    )
    assert created.status_code == 201, created.text
    path = f"/assessments/{created.json()['id']}"
    scheduled = await pm.update(
        "PUT",
        f"{path}/schedule",
        {
            "starts_on": "2027-04-05",
            "ends_on": "2027-04-09",
            "expected_cost": {"amount": "1850000.00", "currency": "KZT"},
        },
        await pm.current(path),
    )
    assert scheduled.status_code == 200, scheduled.text
    for criterion, percent in zip(EFQM_9, [70, 60, 65, 50, 55, 60, 40, 45, 50], strict=True):
        scored = await assessor.update(
            "PUT",
            f"{path}/scores/{criterion}",
            {"score_percent": str(percent), "strengths": ["Команда"], "areas_for_improvement": []},
            await assessor.current(path),
        )
        assert scored.status_code == 200, scored.text
    await assessor.update(
        "PUT",
        f"{path}/skills/network_engineer",
        {"current_level": 1, "target_level": 4},
        await assessor.current(path),
    )
    report = await assessor.update(
        "PATCH",
        f"{path}/report",
        {
            "business_objective": "Выход на рынок ЕС",
            "development_plan": {
                "training": [
                    {
                        "staff_member": "Айгерім Нұрланқызы",
                        "skills_area": "network_engineer",
                        "recommendation": "Cisco CCNA",
                    }
                ],
                "internships": [
                    {"staff_member": "Ерлан Сейітов", "kind": "short", "purpose": "study trip"}
                ],
                "other_measures": [{"description": "ISO 9001"}],
            },
        },
        await assessor.current(path),
    )
    assert report.status_code == 200, report.text
    submitted = await assessor.update(
        "PUT", f"{path}/status", {"status": "submitted"}, await assessor.current(path)
    )
    assert submitted.status_code == 200, submitted.text
    approved = await pm.update(
        "PUT", f"{path}/status", {"status": "approved"}, await pm.current(path)
    )
    assert approved.status_code == 200, approved.text
    total = Decimal(approved.json()["efqm"]["total"])
    assert total == Decimal("550")  # enablers 300; 60 % of 150, 40, 45, 50 % of 150

    pdf = await owner_of_chosen.get(f"{path}/report", Accept="application/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    other = await gateway.caller(Role.LOCAL_COMPANY, locals_[20].company_id)
    assert (await other.get(f"{path}/report")).status_code == 404

    # 6. the events on NATS, each as the catalogue declares it
    expected = Counter(
        {
            "blp.assessment.nomination.submitted": 22,
            "blp.assessment.company.selected": 20,
            "blp.assessment.assessment.scheduled": 1,
            "blp.assessment.assessment.completed": 1,
            "blp.assessment.development_plan.approved_v2": 1,
            "blp.assessment.cohort.status_changed": 2,  # nominations open, selection
        }
    )
    envelopes = await collect(nats_server.url, "assessment", sum(expected.values()))
    assert Counter(e.type for e in envelopes) == expected
    for envelope in envelopes:
        payload = envelope.payload()
        assert isinstance(payload, CATALOGUE[envelope.type])
        assert envelope.subject == payload.subject and envelope.source == "/blp/assessment"
    [completed] = [e.payload() for e in envelopes if e.type.endswith("completed")]
    [plan] = [e.payload() for e in envelopes if e.type.endswith("development_plan.approved_v2")]
    assert isinstance(completed, AssessmentCompleted)
    assert isinstance(plan, DevelopmentPlanApprovedV2)
    assert completed.efqm_total == total and len(completed.scores) == 9
    assert str(completed.company_id) == chosen["company_id"]
    assert [t.staff_member_id is not None for t in plan.training] == [True]  # an id, no name
    assert [i.kind for i in plan.internships] == ["short"]
