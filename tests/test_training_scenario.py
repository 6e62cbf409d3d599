"""The training loop end to end, through the gateway, on a real NATS with the real registry,
assessment and training services consuming each other's events (issue 13):

1. a local company registered and published in the registry reaches assessment and training
   by the registry's events;
2. it is selected into a cohort and its assessment approved in the assessment service, with a
   development plan asking for network training;
3. training needs appear in the training service (``company.selected`` and
   ``development_plan.approved_v2`` consumed: the staff member by id, never by name);
4. a trainee is enrolled in a session of an approved course, passes, and the certificate's
   evidence is uploaded and verified by programme staff;
5. the registry's profile shows "1 verified" for that certification and the ``verified_only``
   search finds the company;
6. the cohort moves to review in assessment: training lists the company as a graduate and
   serves its completion certificate;
7. the certification revoked, the registry no longer counts nor finds it;
8. the training events (and the assessment's cohort moves) are observed on NATS, their data
   as the catalogue declares it.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from shared.auth import Role
from shared.events import CATALOGUE
from shared.events.assessment import CohortStatusChanged
from shared.events.training import (
    CertificationRevoked,
    CertificationVerified,
    EnrolmentCompleted,
    EnrolmentCreated,
)
from shared.natsserver import NatsServer
from shared.testing.events import collect
from shared.testing.pdf import pdf_text
from tests.stack import Launch, Stack

pytestmark = pytest.mark.slow

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
PDF = b"%PDF-1.7\n" + b"Cisco Certified Network Associate, CSCO-2027-0001 " * 100 + b"\n%%EOF\n"


class Caller:
    """A gateway client with a real client-credentials token; paths start with the service
    (``/registry/companies``)."""

    def __init__(self, http: httpx.AsyncClient, client_id: str, token: str) -> None:
        self.http = http
        self.client_id = client_id
        self.auth = {"Authorization": f"Bearer {token}"}

    async def get(self, path: str, **params: Any) -> httpx.Response:
        return await self.http.get(path, params=params, headers=self.auth)

    async def ok(self, path: str, **params: Any) -> Any:
        response = await self.get(path, **params)
        assert response.status_code == 200, response.text
        return response.json()

    async def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = await self.http.post(
            path, json=body, headers={**self.auth, "Idempotency-Key": str(uuid.uuid4())}
        )
        assert response.status_code == 201, response.text
        return response.json()

    async def change(
        self, method: str, path: str, body: Any, *, of: str | None = None, **headers: str
    ) -> dict[str, Any]:
        """A change quoting the current ETag of ``of`` (default: ``path``)."""
        current = await self.get(of or path)
        assert current.status_code == 200, current.text
        kwargs: dict[str, Any] = {"content": body} if isinstance(body, bytes) else {"json": body}
        response = await self.http.request(
            method,
            path,
            headers={**self.auth, "If-Match": current.headers["etag"], **headers},
            **kwargs,
        )
        assert response.status_code == 200, response.text
        return response.json()


class Platform:
    """The gateway at ``/v1``, handing out callers, and the NATS the services share."""

    def __init__(self, stack: Stack, nats_url: str) -> None:
        self.stack = stack
        self.http = httpx.AsyncClient(base_url=f"{stack.url}/v1", timeout=60)
        self.nats_url = nats_url

    async def caller(self, role: Role, company_id: uuid.UUID | None = None) -> Caller:
        client_id, token = await self.stack.credentials(role, company_id)
        return Caller(self.http, client_id, token)


@pytest.fixture
async def platform(launch_stack: Launch, nats_server: NatsServer) -> AsyncIterator[Platform]:
    async with launch_stack(only=("registry", "assessment", "training")) as stack:
        running = Platform(stack, nats_server.url)
        yield running
        await running.http.aclose()


async def eventually(probe: Callable[[], Awaitable[Any]], what: str, timeout: float = 30) -> Any:
    """The first truthy answer of ``probe`` (an event's effect elsewhere takes a moment)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        if answer := await probe():
            return answer
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"never happened: {what}")
        await asyncio.sleep(0.2)


def company_payload() -> dict[str, Any]:
    return {
        "kind": "local",
        "bin": "060440000014",
        "display_name": "ТОО «Сеть Про»",
        "name_kk": "Сеть Про",
        "name_ru": "Сеть Про",
        "name_en": "Set Pro",
        "segments": ["software_development"],
        "oked_codes": ["62.01"],
        "region": "astana",
        "city": "astana",
        "employees": 42,
        "founded_on": "2015-03-01",
        "private_sector_share": 70,
        "capabilities": ["network_engineering"],
        "tags": [],
        "products": [],
        "certifications": [],
        "contacts": [],
    }


async def select_and_approve_plan(pm: Caller, platform: Platform, company_id: str) -> str:
    """Steps 1-2 in the assessment service: the company is nominated in round 2, selected,
    assessed and its development plan approved. Returns the cohort's id."""
    cohort = await pm.post(
        "/assessment/cohorts", {"name": "Когорта 2027", "starts_on": "2027-01-15"}
    )
    path = f"/assessment/cohorts/{cohort['id']}"
    board = await platform.caller(Role.SELECTION_BOARD)
    await pm.post(
        f"{path}/board-members",
        {"subject": board.client_id, "role": "selection_board", "name": "Айжан Серікова"},
    )
    await pm.change("PUT", f"{path}/status", {"status": "nominations_open"}, of=path)
    await pm.change("PUT", f"{path}/nomination-round", {"round": 2}, of=path)

    async def nominated() -> dict[str, Any] | None:
        response = await pm.http.post(
            "/assessment/nominations",
            json={"cohort_id": cohort["id"], "company_id": company_id},
            headers=pm.auth,
        )
        return response.json() if response.status_code == 201 else None

    nomination = await eventually(nominated, "the assessment service knows the company")
    await pm.change("PUT", f"{path}/status", {"status": "selection"}, of=path)
    await board.post(
        f"/assessment/nominations/{nomination['id']}/votes",
        {"vote": "approve", "comment": "Сильная сетевая команда"},
    )
    nomination_path = f"/assessment/nominations/{nomination['id']}"
    await pm.change(
        "PUT", f"{nomination_path}/decision", {"decision": "selected"}, of=nomination_path
    )

    assessor = await platform.caller(Role.ASSESSOR)
    assessment = await pm.post(
        "/assessment/assessments",
        {
            "nomination_id": nomination["id"],
            "assessors": [{"subject": assessor.client_id, "name": "Динара Ахметова"}],
        },
    )
    at = f"/assessment/assessments/{assessment['id']}"
    await pm.change(
        "PUT",
        f"{at}/schedule",
        {
            "starts_on": "2027-04-05",
            "ends_on": "2027-04-09",
            "expected_cost": {"amount": "1850000.00", "currency": "KZT"},
        },
        of=at,
    )
    for criterion in EFQM_9:
        await assessor.change(
            "PUT",
            f"{at}/scores/{criterion}",
            {"score_percent": "60", "strengths": ["Команда"], "areas_for_improvement": []},
            of=at,
        )
    await assessor.change(
        "PATCH",
        f"{at}/report",
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
                "internships": [],
                "other_measures": [],
            },
        },
        of=at,
    )
    await assessor.change("PUT", f"{at}/status", {"status": "submitted"}, of=at)
    await pm.change("PUT", f"{at}/status", {"status": "approved"}, of=at)
    return str(cohort["id"])


async def test_plan_to_verified_certification_in_the_registry_and_back(
    platform: Platform,
) -> None:
    pm = await platform.caller(Role.PROGRAMME_MANAGER)

    # 1. the company, registered and published in the registry
    company = await pm.post("/registry/companies", company_payload())
    company_id = company["id"]
    published = await pm.http.post(
        f"/registry/companies/{company_id}/publish",
        headers={**pm.auth, "If-Match": f'"{company["version"]}"'},
    )
    assert published.status_code == 200, published.text

    # 2. selected, assessed, its plan approved, in the assessment service
    cohort_id = await select_and_approve_plan(pm, platform, company_id)

    # 3. the plan's training need, in the training service, seen by the company itself
    owner = await platform.caller(Role.LOCAL_COMPANY, uuid.UUID(company_id))

    async def needs() -> list[dict[str, Any]]:
        return (await owner.ok("/training/needs", company_id=company_id))["items"]

    [need] = await eventually(needs, "the plan's training need in the training service")
    assert (need["skills_area"], need["cohort_id"], need["status"]) == (
        "network_engineer",
        cohort_id,
        "open",
    )
    assert need["staff_member"] is None and need["staff_member_id"] is not None

    # 4. a course and a session; the company's trainee enrolled, passed, certified, verified
    course = await pm.post(
        "/training/courses",
        {
            "skills_area": "network_engineer",
            "title": "CCNA: Introduction to Networks",
            "provider": "Cisco Networking Academy",
            "provider_kind": "vendor",
            "certification": {
                "name": "Cisco Certified Network Associate",
                "code": "200-301",
                "level": "Associate",
            },
            "languages": ["ru", "en"],
            "delivery": ["online"],
            "duration_hours": 70,
            "list_price": {"amount": "1200.00", "currency": "USD"},
            "validity_months": 36,
            "verification_method": "certificate_number",
        },
    )
    course_path = f"/training/courses/{course['id']}"
    await pm.change("PUT", f"{course_path}/status", {"status": "approved"}, of=course_path)
    starts = date.today() + timedelta(days=30)
    session = await pm.post(
        "/training/sessions",
        {
            "course_id": course["id"],
            "starts_on": starts.isoformat(),
            "ends_on": (starts + timedelta(days=5)).isoformat(),
            "city": "online",
            "seat_limit": 12,
        },
    )
    trainee = await owner.post(
        "/training/trainees",
        {
            "name": "Айгерім Нұрланқызы",
            "function": "Сетевой инженер",
            "languages": ["kk", "ru"],
            "email": "aigerim@example.kz",
        },
    )
    enrolment = await owner.post(
        "/training/enrolments",
        {"need_id": need["id"], "trainee_id": trainee["id"], "session_id": session["id"]},
    )
    assert enrolment["status"] == "enrolled" and enrolment["warnings"] == []
    enrolment_path = f"/training/enrolments/{enrolment['id']}"
    await pm.change("PUT", f"{enrolment_path}/completion", {"passed": True}, of=enrolment_path)
    certification = await owner.post(
        "/training/certifications",
        {
            "trainee_id": trainee["id"],
            "course_id": course["id"],
            "enrolment_id": enrolment["id"],
            "certificate_number": "CSCO-2027-0001",
            "obtained_on": date.today().isoformat(),
        },
    )
    at = f"/training/certifications/{certification['id']}"
    uploaded = await owner.change(
        "PUT", f"{at}/evidence", PDF, of=at, **{"Content-Type": "application/pdf"}
    )
    assert uploaded["evidence"]["size"] == len(PDF)
    verified = await pm.change("PUT", f"{at}/review", {"decision": "verified"}, of=at)
    assert verified["status"] == "verified"

    # 5. the registry counts it and finds the company by it; revoked, it no longer does
    async def verified_lines() -> list[dict[str, Any]]:
        body = await pm.ok(f"/registry/companies/{company_id}")
        return [c for c in body["certifications"] if c["source"] == "programme_verified"]

    async def found() -> list[str]:
        body = await pm.ok(
            "/registry/companies",
            verified_only="true",
            certification_name="Cisco Certified Network",
        )
        return [c["id"] for c in body["items"]]

    [line] = await eventually(verified_lines, "the registry counts the verified certification")
    assert (line["name"], line["level"], line["staff_count"]) == (
        "Cisco Certified Network Associate",
        "Associate",
        1,
    )
    assert line["expires_on"] == verified["expires_on"]
    assert await found() == [company_id]

    # the cohort moves on to review in assessment; training hears of it and lists the company
    # as a graduate (its one training need fulfilled: 100 %), with its certificate
    cohort_path = f"/assessment/cohorts/{cohort_id}"
    for status in ("active", "review"):
        await pm.change("PUT", f"{cohort_path}/status", {"status": status}, of=cohort_path)

    async def graduates() -> list[dict[str, Any]]:
        response = await owner.get(f"/training/cohorts/{cohort_id}/graduates")
        return response.json()["items"] if response.status_code == 200 else []

    [graduate] = await eventually(graduates, "training lists the graduate once in review")
    assert (graduate["company_id"], graduate["bin"], graduate["percent"]) == (
        company_id,
        "060440000014",
        "100.0",
    )
    assert [c["certification"] for c in graduate["verified_certifications"]] == [
        "Cisco Certified Network Associate"
    ]
    certificate = await owner.http.get(
        f"/training/cohorts/{cohort_id}/graduates/{company_id}/certificate",
        headers={**owner.auth, "Accept-Language": "kk"},
    )
    assert certificate.status_code == 200, certificate.text
    assert certificate.headers["content-language"] == "kk"
    text = " ".join(pdf_text(certificate.content).split())
    assert "060440000014" in text and "Когорта 2027" in text

    await pm.change("PUT", f"{at}/revocation", {"reason": "Вендор отозвал сертификат"}, of=at)

    async def gone() -> bool:
        return await verified_lines() == [] and await found() == []

    await eventually(gone, "the registry stops counting the revoked certification")

    # 6. training's events on NATS, as the catalogue declares them; no name, no email
    envelopes = await collect(platform.nats_url, "training", 4)
    moves = [
        e.payload()
        for e in await collect(platform.nats_url, "assessment", 9)  # 5 + 4 moves
        if e.type == CohortStatusChanged.event_type
    ]
    assert [(m.previous_status, m.status) for m in moves] == [
        ("planning", "nominations_open"),
        ("nominations_open", "selection"),
        ("selection", "active"),
        ("active", "review"),
    ]
    assert [e.type for e in envelopes] == [
        EnrolmentCreated.event_type,
        EnrolmentCompleted.event_type,
        CertificationVerified.event_type,
        CertificationRevoked.event_type,
    ]
    payloads = [CATALOGUE[e.type].model_validate(e.data) for e in envelopes]
    created, completed, verified_event, revoked_event = payloads
    assert all(str(p.company_id) == company_id for p in payloads)
    assert isinstance(created, EnrolmentCreated) and str(created.need_id) == need["id"]
    assert (str(created.cohort_id), created.module) == (cohort_id, "technical_training")
    assert str(created.session_id) == session["id"]
    assert isinstance(completed, EnrolmentCompleted) and completed.passed is True
    assert isinstance(verified_event, CertificationVerified)
    assert str(verified_event.certification_id) == certification["id"]
    assert (verified_event.certification, verified_event.level) == (
        "Cisco Certified Network Associate",
        "Associate",
    )
    assert str(verified_event.expires_on) == verified["expires_on"]
    assert isinstance(revoked_event, CertificationRevoked)
    assert revoked_event.reason == "Вендор отозвал сертификат"
    assert all(e.source == "/blp/training" for e in envelopes)
    text = "".join(e.model_dump_json() for e in envelopes)
    assert "aigerim@example.kz" not in text and trainee["name"] not in text
