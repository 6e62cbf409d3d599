"""Two replicas of everything: every domain service and the gateway run twice, as separate OS
processes, on one PostgreSQL server and one NATS server, and one of each is SIGKILLed mid-run.

The scenario goes through the two gateways in turn: the registry's companies (created and
published), the assessment's cohort, nominations by partners and by staff, the board's votes,
a selection racing at the cohort cap, assessments scored and their development plans
approved; then, where the services have the routes, the training chain (needs from the
plans, trainees, enrolments) and the finance chain (commitments from enrolments).

While it runs, one replica of each domain service and one gateway are killed with SIGKILL,
one at a time, each in the middle of a phase, and started again 3 s later (all are
restarted: the surviving replica carries the load alone meanwhile, and the restarted one
rejoins the shared consumers and relays; the killed one's outbox leases and unacked messages
come back to the others after 30 s).

What "failed cleanly" means here: a request whose answer was lost (the connection dropped,
or 502/503/504 from a gateway whose upstream died) is retried by the client through the
other gateway, idempotently (tests/replicas/client.py), and the end state must be exactly
once. No request may end in another 5xx. Afterwards: every outbox row published, every
consumer's inbox holding each event it handles once, no stream holding an event twice, no
dead letter, the cap held, and the effects in each consumer matching what its producers did.

The figures (requests, retries, events, deliveries, kills, lost, duplicated) are printed and
written to ``two-replicas.json`` in the test's temporary directory (and recorded as the
test's ``two_replicas`` property in a JUnit XML report).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import json
import os
import random
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import httpx
import pytest
from gateway.clients import ClientStore
from registry.bin import make_bin

from blp.services import DOMAIN_SERVICES
from shared.auth import Role
from shared.natsserver import NatsServer
from shared.testing.databases import POSTGRES_ENV, asyncpg_dsn, migrated_database
from shared.testing.tokens import mint_token
from tests.replicas import checks
from tests.replicas.checks import rows
from tests.replicas.client import RETRYABLE, Caller, Platform, Stats
from tests.replicas.cluster import Cluster, build

T = TypeVar("T")
CAP = 10
LOCALS = 24
PARTNERS = 4
ASSESSED = 3
PLAN_ITEMS = 2  # training items of each development plan
SEATS = 4  # of the one session: fewer than the needs, so enrolments race for them
NEEDS_TIMEOUT = 60.0
# the training and finance chains, where the services have them (merged during this work)
TRAINING = all(
    importlib.util.find_spec(module) is not None
    for module in ("training.enrolments", "training.needs", "training.trainees")
)
FINANCE = importlib.util.find_spec("finance.commitments") is not None
RESTART_AFTER = 3.0
DRAIN_TIMEOUT = 90.0
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


@pytest.fixture
def admin_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"needs PostgreSQL: set {POSTGRES_ENV}")
    return url


@pytest.fixture
def database_urls(admin_url: str, tmp_path: Path) -> Iterator[dict[str, str]]:
    """One fresh, migrated PostgreSQL database per domain service, dropped afterwards."""
    with contextlib.ExitStack() as stack:  # set up outside the test's event loop
        yield {
            service: stack.enter_context(migrated_database("postgres", tmp_path, service))
            for service in DOMAIN_SERVICES
        }


@pytest.fixture
async def cluster(database_urls: dict[str, str], tmp_path: Path) -> AsyncIterator[Cluster]:
    nats = NatsServer(tmp_path / "nats", log_file=tmp_path / "nats.log")
    nats.start()
    platform = build(tmp_path, nats, database_urls)
    try:
        seconds = await platform.start()
        print(f"10 processes ready in {seconds:.1f}s")
        yield platform
    finally:
        platform.stop()
        nats.stop()


@dataclass
class Chaos:
    """SIGKILLs replicas at moments of the scenario and starts them again."""

    cluster: Cluster
    phase: str = "setup"  # what the scenario is doing; a kill records the phase it hit
    kills: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def soon(self, names: list[str], delay: float) -> None:
        self.tasks.append(asyncio.create_task(self._kill(names, delay)))

    async def _kill(self, names: list[str], delay: float) -> None:
        await asyncio.sleep(delay)
        replicas = [self.cluster.replica(name) for name in names]
        for replica in replicas:
            replica.kill()
            self.kills.append(
                {
                    "replica": replica.name,
                    "phase": self.phase,
                    "at": round(time.monotonic() - self.started, 2),
                }
            )
        await asyncio.sleep(RESTART_AFTER)
        for replica in replicas:
            replica.start()
        for replica in replicas:
            await replica.wait_ready()

    async def settle(self) -> None:
        """Until every killed replica is up again.

        Gateway *i* forwards to replica *i* of each service: with gateway 1 and a service's
        replica 0 down at once, no route to that service is left. One at a time keeps one.
        """
        for task in self.tasks:
            await task


async def bounded(calls: list[Callable[[], Awaitable[T]]], width: int = 6) -> list[T]:
    """Run the calls at most ``width`` at a time, in order of results."""
    gate = asyncio.Semaphore(width)

    async def one(call: Callable[[], Awaitable[T]]) -> T:
        async with gate:
            return await call()

    return await asyncio.gather(*(one(call) for call in calls))


def local_bin(rng: random.Random) -> str:
    while True:
        made = make_bin(f"{rng.randrange(10**10, 10**11):011d}")
        if made is not None:
            return made


def company_body(kind: str, index: int, rng: random.Random) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": kind,
        "display_name": f"{'Global IT' if kind == 'international' else 'ТОО «Қазақ Софт'} {index}"
        + ("" if kind == "international" else "»"),
        "segments": ["software_development"],
        "employees": 30,
        "founded_on": "2016-09-01",
        "private_sector_share": 80,
    }
    if kind == "local":
        body["bin"] = local_bin(rng)
    else:
        body |= {"country": "DE", "foreign_registration_number": f"HRB {rng.randrange(10**6)}"}
    return body


async def training_chain(pm: Caller, chaos: Chaos, *, expected_needs: int) -> list[dict[str, Any]]:
    """Needs appear from the approved plans; a course, a session with fewer seats than needs,
    a trainee per need, and an enrolment per need racing for the seats (the refused ones
    enrol in the course without a session). One training and one finance replica die."""
    chaos.phase = "training needs"
    deadline = time.monotonic() + NEEDS_TIMEOUT
    while True:  # the plans reach training by event
        needs = (await pm.get("/v1/training/needs", status="open", limit=200)).json()["items"]
        if len(needs) >= expected_needs or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.5)
    assert len(needs) == expected_needs, f"{len(needs)} needs of {expected_needs}"

    chaos.phase = "course and session"
    course = await pm.create(
        "/v1/training/courses",
        {
            "skills_area": "network_engineer",
            "title": "Cisco CCNA 200-301",
            "provider": "Cisco Networking Academy",
            "provider_kind": "vendor",
            "certification": {"name": "Cisco Certified Network Associate", "code": "200-301"},
            "languages": ["ru"],
            "delivery": ["online"],
            "duration_hours": 40,
            "list_price": {"amount": "450000.00", "currency": "KZT"},
            "verification_method": "certificate_number",
        },
    )
    assert course.status_code == 201, course.text
    course_path = f"/v1/training/courses/{course.json()['id']}"
    approved = await pm.change(
        "PUT",
        f"{course_path}/status",
        {"status": "approved"},
        resource=course_path,
        applied=lambda c: c["status"] == "approved",
    )
    assert approved.status_code == 200, approved.text
    session = await pm.create(
        "/v1/training/sessions",
        {
            "course_id": course.json()["id"],
            "starts_on": "2027-06-01",
            "ends_on": "2027-06-05",
            "city": "online",
            "seat_limit": SEATS,
        },
    )
    assert session.status_code == 201, session.text

    await chaos.settle()  # one replica down at a time
    chaos.phase = "trainees and enrolments"
    chaos.soon(["training-1", "finance-0"], delay=1.0)

    async def trainee(need: dict[str, Any]) -> dict[str, Any]:
        made = await pm.create(
            "/v1/training/trainees",
            {
                "company_id": need["company_id"],
                "name": f"Сотрудник {need['id'][:8]}",
                "languages": ["ru"],
            },
        )
        assert made.status_code == 201, made.text
        return made.json()

    async def enrol(need: dict[str, Any], person: dict[str, Any], **where: str) -> httpx.Response:
        deadline = time.monotonic() + NEEDS_TIMEOUT
        while True:
            made = await pm.create(
                "/v1/training/enrolments",
                {"need_id": need["id"], "trainee_id": person["id"], **where},
            )
            waiting = made.status_code == 409 and made.json()["rule"] == "company_not_selected"
            if not waiting or time.monotonic() > deadline:  # the selection arrives by event
                return made
            await asyncio.sleep(0.5)

    trainees = await bounded([lambda n=n: trainee(n) for n in needs])
    raced = await bounded(
        [
            lambda n=n, t=t: enrol(n, t, session_id=session.json()["id"])
            for n, t in zip(needs, trainees, strict=True)
        ],
        width=len(needs),
    )
    statuses = Counter(r.status_code for r in raced)
    assert statuses == {201: SEATS, 409: len(needs) - SEATS}, statuses
    assert {r.json()["rule"] for r in raced if r.status_code == 409} == {"session_full"}
    enrolled = [r.json() for r in raced if r.status_code == 201]
    for need, person, response in zip(needs, trainees, raced, strict=True):
        if response.status_code == 409:  # no seat left: the course without a session
            later = await enrol(need, person, course_id=course.json()["id"])
            assert later.status_code == 201, later.text
            enrolled.append(later.json())
    return enrolled


async def downstream_state(urls: dict[str, str], cohort_id: str) -> dict[str, Any]:
    """What the training and finance services hold after the run (those that exist)."""
    state: dict[str, Any] = {}
    if TRAINING:
        state["needs"] = await rows(
            urls["training"],
            "SELECT assessment_id::text AS assessment_id, item_id::text AS item_id"
            " FROM training_need",
        )
        state["members"] = await rows(
            urls["training"],
            "SELECT company_id::text AS company_id FROM cohort_membership WHERE cohort_id = $1",
            uuid.UUID(cohort_id),
        )
        state["facts"] = await rows(
            urls["training"], "SELECT company_id::text AS id, version FROM company_fact"
        )
        state["enrolled"] = await rows(
            urls["training"],
            "SELECT id::text AS id, need_id::text AS need_id, session_id, list_price_minor"
            " FROM enrolment WHERE status = 'enrolled'",
        )
    if FINANCE:
        state["commitments"] = await rows(
            urls["finance"],
            "SELECT c.source_kind, c.source_id::text AS source_id, count(l.id) AS lines,"
            " coalesce(sum(l.amount_minor), 0) AS total"
            " FROM commitment c LEFT JOIN commitment_line l ON l.commitment_id = c.id"
            " GROUP BY c.id, c.source_kind, c.source_id",
        )
    return state


def check_downstream(
    state: dict[str, Any],
    *,
    selected: set[str],
    assessments: set[str],
    enrolments: set[str],
    latest: dict[str, int],
) -> None:
    """Each consumer's effects against what its producers did: once each, none missing."""
    if TRAINING:
        needs, members, facts = state["needs"], state["members"], state["facts"]
        enrolled = state["enrolled"]
        # needs: exactly the plans' training items, each once
        assert len(needs) == len(assessments) * PLAN_ITEMS
        assert len({r["item_id"] for r in needs}) == len(needs)
        assert Counter(r["assessment_id"] for r in needs) == dict.fromkeys(assessments, PLAN_ITEMS)
        # the selections and the registry's companies, as the training service holds them
        assert {r["company_id"] for r in members} == selected and len(members) == len(selected)
        assert {r["id"]: r["version"] for r in facts} == latest
        # one enrolment per need, the session's seats never exceeded
        assert {r["id"] for r in enrolled} == enrolments
        assert len({r["need_id"] for r in enrolled}) == len(enrolled) == len(needs)
        assert sum(r["session_id"] is not None for r in enrolled) == SEATS
    if FINANCE:
        # one commitment per scheduled assessment and per enrolment, lines adding up
        by_kind: dict[str, list[asyncpg.Record]] = {}
        for row in state["commitments"]:
            by_kind.setdefault(row["source_kind"], []).append(row)
        assert sorted(r["source_id"] for r in by_kind.get("assessment", [])) == sorted(assessments)
        assert sorted(r["source_id"] for r in by_kind.get("enrolment", [])) == sorted(enrolments)
        if TRAINING:
            price = {r["id"]: r["list_price_minor"] for r in state["enrolled"]}
            for row in by_kind["enrolment"]:
                assert row["lines"] > 0 and row["total"] == price[row["source_id"]], dict(row)


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.timeout(420)
async def test_two_replicas_of_everything_lose_and_duplicate_nothing(
    cluster: Cluster, tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    started = time.monotonic()
    rng = random.Random()
    stats = Stats()
    platform = Platform([g.url for g in cluster.gateways], stats)
    store = ClientStore(cluster.clients_file)
    chaos = Chaos(cluster)

    async def caller(role: Role, company_id: str | None = None) -> Caller:
        client, secret = store.create(role, uuid.UUID(company_id) if company_id else None)
        return Caller(platform, client.client_id, await platform.token(client.client_id, secret))

    try:
        pm = await caller(Role.PROGRAMME_MANAGER)
        ministry = await caller(Role.MINISTRY)

        # 1. the registry: companies created and published; registry-0 and gateway-1 die
        chaos.phase = "companies"
        chaos.soon(["registry-0"], delay=1.0)
        bodies = [company_body("international", i, rng) for i in range(PARTNERS)] + [
            company_body("local", i, rng) for i in range(LOCALS)
        ]

        async def register(body: dict[str, Any]) -> dict[str, Any]:
            created = await pm.create("/v1/registry/companies", body)
            assert created.status_code == 201, created.text
            company = created.json()
            path = f"/v1/registry/companies/{company['id']}"
            published = await pm.change(
                "POST",
                f"{path}/publish",
                None,
                resource=path,
                applied=lambda c: c["publication"] == "published",
            )
            assert published.status_code == 200, published.text
            return published.json()

        companies = await bounded([lambda b=b: register(b) for b in bodies])
        partners, locals_ = companies[:PARTNERS], companies[PARTNERS:]
        assert len({c["id"] for c in companies}) == PARTNERS + LOCALS

        # 2. the cohort, its board, nominations by the partners (4 each) and by staff
        cohort = await pm.create(
            "/v1/assessment/cohorts",
            {"name": "Когорта 2027", "starts_on": "2027-01-15", "max_companies": CAP},
        )
        assert cohort.status_code == 201, cohort.text
        cohort_id = cohort.json()["id"]
        cohort_path = f"/v1/assessment/cohorts/{cohort_id}"
        board = await caller(Role.SELECTION_BOARD)
        seat = await pm.create(
            f"{cohort_path}/board-members",
            {"subject": board.client_id, "role": "selection_board", "name": "Айжан Серікова"},
        )
        assert seat.status_code == 201, seat.text

        async def cohort_to(
            body: dict[str, Any], path: str, done: Callable[[dict[str, Any]], bool]
        ) -> None:
            moved = await pm.change(
                "PUT", f"{cohort_path}/{path}", body, resource=cohort_path, applied=done
            )
            assert moved.status_code == 200, moved.text

        await cohort_to(
            {"status": "nominations_open"}, "status", lambda c: c["status"] == "nominations_open"
        )
        partner_callers = [await caller(Role.INTERNATIONAL_COMPANY, p["id"]) for p in partners]

        async def nominate(who: Caller, company: dict[str, Any]) -> dict[str, Any]:
            made = await who.create(
                "/v1/assessment/nominations",
                {"cohort_id": cohort_id, "company_id": company["id"]},
            )
            assert made.status_code == 201, made.text
            return made.json()

        await chaos.settle()  # one replica down at a time
        chaos.phase = "nominations"
        chaos.soon(["assessment-1"], delay=0.5)
        round_one = locals_[: PARTNERS * 4]
        nominations = await bounded(
            [lambda i=i, c=c: nominate(partner_callers[i // 4], c) for i, c in enumerate(round_one)]
        )
        await cohort_to({"round": 2}, "nomination-round", lambda c: c["nomination_round"] == 2)
        round_two = locals_[PARTNERS * 4 :]
        nominations += await bounded(
            [
                lambda i=i, c=c: nominate(pm if i % 2 else ministry, c)
                for i, c in enumerate(round_two)
            ]
        )
        await cohort_to({"status": "selection"}, "status", lambda c: c["status"] == "selection")

        # 3. the board votes on every nomination; gateway-1 dies meanwhile
        await chaos.settle()  # one replica down at a time
        chaos.phase = "votes"
        chaos.soon(["gateway-1"], delay=0.3)

        async def vote(nomination: dict[str, Any]) -> None:
            cast = await board.create(
                f"/v1/assessment/nominations/{nomination['id']}/votes",
                {"vote": "approve", "comment": "Сильная команда"},
            )
            assert cast.status_code == 201, cast.text

        await bounded([lambda n=n: vote(n) for n in nominations])

        # 4. every nomination races for the cap; assessment-0 dies in the middle of it
        await chaos.settle()  # one replica down at a time
        chaos.phase = "selection race"
        chaos.soon(["assessment-0"], delay=0.3)

        async def select(nomination: dict[str, Any]) -> httpx.Response:
            path = f"/v1/assessment/nominations/{nomination['id']}"
            return await pm.change(
                "PUT",
                f"{path}/decision",
                {"decision": "selected"},
                resource=path,
                applied=lambda n: n["status"] == "selected",
            )

        outcomes = await bounded(
            [lambda n=n: select(n) for n in nominations], width=len(nominations)
        )
        statuses = Counter(r.status_code for r in outcomes)
        assert statuses == {200: CAP, 409: LOCALS - CAP}, statuses
        assert {r.json()["rule"] for r in outcomes if r.status_code == 409} == {"cohort_full"}
        selected = [r.json() for r in outcomes if r.status_code == 200]

        # 5. assessments scored, reports approved, development plans with training items
        chaos.phase = "assessments"
        if not TRAINING:  # the training and finance replicas die here instead
            chaos.soon(["training-1", "finance-0"], delay=1.0)
        assessor = await caller(Role.ASSESSOR)

        async def assess(nomination: dict[str, Any], number: int) -> dict[str, Any]:
            made = await pm.create(
                "/v1/assessment/assessments",
                {
                    "nomination_id": nomination["id"],
                    "assessors": [{"subject": assessor.client_id, "name": "Динара Ахметова"}],
                },
            )
            assert made.status_code == 201, made.text
            path = f"/v1/assessment/assessments/{made.json()['id']}"

            async def step(
                who: Caller,
                method: str,
                sub: str,
                body: dict[str, Any],
                done: Callable[[dict[str, Any]], bool],
            ) -> None:
                response = await who.change(
                    method, f"{path}{sub}", body, resource=path, applied=done
                )
                assert response.status_code == 200, (sub, response.text)

            await step(
                pm,
                "PUT",
                "/schedule",
                {
                    "starts_on": "2027-04-05",
                    "ends_on": "2027-04-09",
                    "expected_cost": {"amount": "1850000.00", "currency": "KZT"},
                },
                lambda a: (a["schedule"] or {}).get("starts_on") == "2027-04-05",
            )
            for criterion, percent in zip(
                EFQM_9, [70, 60, 65, 50, 55, 60, 40, 45, 50], strict=True
            ):
                await step(
                    assessor,
                    "PUT",
                    f"/scores/{criterion}",
                    {
                        "score_percent": str(percent),  # decimals travel as strings
                        "strengths": ["Команда"],
                        "areas_for_improvement": [],
                    },
                    lambda a, c=criterion: any(
                        s["criterion"] == c and s["score_percent"] is not None
                        for s in a["efqm"]["criteria"]
                    ),
                )
            plan = {
                "business_objective": "Выход на рынок ЕС",
                "development_plan": {
                    "training": [
                        {
                            "staff_member": f"Сотрудник {number}-{k}",
                            "skills_area": "network_engineer",
                            "recommendation": "Cisco CCNA",
                        }
                        for k in range(PLAN_ITEMS)
                    ],
                    "internships": [],
                    "other_measures": [{"description": "ISO 9001"}],
                },
            }
            await step(
                assessor,
                "PATCH",
                "/report",
                plan,
                lambda a: bool(a["sections"]["business_objective"]),
            )
            await step(
                assessor,
                "PUT",
                "/status",
                {"status": "submitted"},
                lambda a: a["status"] == "submitted",
            )
            await step(
                pm, "PUT", "/status", {"status": "approved"}, lambda a: a["status"] == "approved"
            )
            return (await pm.read(path))[0]

        assessments = await bounded(
            [lambda n=n, i=i: assess(n, i) for i, n in enumerate(selected[:ASSESSED])], width=3
        )
        enrolments: list[dict[str, Any]] = []
        if TRAINING:
            enrolments = await training_chain(pm, chaos, expected_needs=ASSESSED * PLAN_ITEMS)
        await chaos.settle()

        # 6. everything drained: nothing lost, nothing twice
        ledger, drain_seconds = await checks.drained(cluster.database_urls, DRAIN_TIMEOUT)
        stream = await checks.streams(cluster.nats.url, ledger)
        urls = cluster.database_urls

        lost = {c: sorted(ids) for c, ids in ledger.lost().items() if ids}
        unknown = {c: sorted(ids) for c, ids in ledger.unknown().items() if ids}
        participation = await rows(
            urls["registry"],
            "SELECT company_id::text AS company_id, selected_at, assessment_id, efqm_total"
            " FROM programme_participation WHERE cohort_id = $1",
            uuid.UUID(cohort_id),
        )
        selected_db = await rows(
            urls["assessment"],
            "SELECT company_id, id FROM nomination WHERE cohort_id = $1 AND status = 'selected'",
            uuid.UUID(cohort_id),
        )
        trail = await rows(
            urls["assessment"],
            "SELECT resource_id::text AS id, action, count(*) AS n FROM audit_entry"
            " WHERE resource = 'nomination' GROUP BY resource_id, action",
        )
        facts = await rows(
            urls["assessment"],
            "SELECT company_id::text AS id, version, publication FROM company_fact",
        )
        registry_companies = await rows(
            urls["registry"], "SELECT id::text AS id, version FROM company"
        )
        per_nomination: dict[str, Counter[str]] = {}
        for row in trail:
            per_nomination.setdefault(row["id"], Counter())[row["action"]] += row["n"]
        # a retried request applied twice would show as a second creation, vote or decision
        twice = sum(
            max(0, actions[action] - 1)
            for actions in per_nomination.values()
            for action in ("created", "vote_cast", "decided")
        ) + max(0, len(registry_companies) - PARTNERS - LOCALS)
        figures = {
            "replicas": {s: len(r) for s, r in cluster.replicas.items()},
            "http": stats.figures(),
            "kills": chaos.kills,
            "restarts": {r.name: r.starts - 1 for r in cluster.all() if r.starts > 1},
            "events": ledger.events,
            "events_by_type": ledger.by_type(),
            "deliveries_applied": ledger.deliveries,
            "stream_messages": stream.messages,
            "lost": sum(len(v) for v in lost.values()),
            "duplicated_in_streams": sum(stream.duplicates.values()),
            "requests_applied_twice": twice,
            "deadletters": stream.deadletters,
            "consumer_pending": stream.pending,
            "selected": len(selected_db),
            "cap": CAP,
            "drain_seconds": round(drain_seconds, 1),
            "seconds": round(time.monotonic() - started, 1),
        }
        downstream = await downstream_state(urls, cohort_id)
        if TRAINING:
            figures["training_needs"] = len(downstream["needs"])
            figures["enrolments"] = len(downstream["enrolled"])
        if FINANCE:
            figures["commitments"] = dict(
                Counter(r["source_kind"] for r in downstream["commitments"])
            )
        figures["seconds"] = round(time.monotonic() - started, 1)
        text = json.dumps(figures, indent=2, ensure_ascii=False, default=str)
        (tmp_path / "two-replicas.json").write_text(text)
        record_property("two_replicas", text)  # in the JUnit XML report too
        print(f"two replicas: {text}")
        print(
            f"two replicas: {stats.requests} requests ({stats.attempts} attempts, "
            f"{stats.retried} retried), {ledger.events} events, {ledger.deliveries} applied, "
            f"{len(chaos.kills)} kills, {figures['lost']} lost, "
            f"{figures['duplicated_in_streams'] + twice} duplicated, in {figures['seconds']}s"
        )

        assert not any(ledger.unpublished.values()), ledger.unpublished
        assert not lost, f"events lost: {lost}"
        assert not unknown, f"applied events no producer published: {unknown}"
        assert not any(stream.duplicates.values()), stream.duplicates
        assert not any(stream.foreign.values()), stream.foreign
        assert stream.messages == {p: len(e) for p, e in ledger.published.items()}
        assert stream.deadletters == 0
        assert all(n == 0 for per in stream.pending.values() for n in per.values()), stream.pending
        # no 5xx but a gateway's 502/503/504 for a dead upstream, which the client retried
        assert not [code for code in stats.statuses if code >= 500], stats.figures()
        assert not [
            reason
            for reason in stats.failed_attempts
            if reason.isdigit() and int(reason) >= 500 and int(reason) not in RETRYABLE
        ], stats.figures()
        # the cap held, and the registry knows exactly the selected companies
        assert len(selected_db) == CAP
        assert {r["company_id"] for r in participation} == {
            str(r["company_id"]) for r in selected_db
        }
        assert all(r["selected_at"] is not None for r in participation)
        assessed = {a["id"]: a["company_id"] for a in assessments}
        assert {
            str(r["assessment_id"]): r["company_id"] for r in participation if r["assessment_id"]
        } == assessed
        # every retried request applied once: one creation, one vote, at most one decision each
        assert len(per_nomination) == LOCALS
        for actions in per_nomination.values():
            assert actions["created"] == 1 and actions["vote_cast"] == 1, actions
            assert actions["decided"] <= 1, actions
        assert sum(actions["decided"] for actions in per_nomination.values()) == CAP
        assert (
            len(registry_companies) == PARTNERS + LOCALS
        )  # the assessment's read model caught up with every company at its latest version
        latest = {r["id"]: r["version"] for r in registry_companies}
        assert {r["id"]: r["version"] for r in facts} == latest
        assert {r["publication"] for r in facts} == {"published"}
        check_downstream(
            downstream,
            selected={str(r["company_id"]) for r in selected_db},
            assessments={a["id"] for a in assessments},
            enrolments={e["id"] for e in enrolments},
            latest=latest,
        )
        assert chaos.kills and {k["replica"].rsplit("-", 1)[0] for k in chaos.kills} == {
            "registry",
            "assessment",
            "training",
            "finance",
            "gateway",
        }
    finally:
        for task in chaos.tasks:
            if not task.done():
                task.cancel()
        await platform.close()


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.timeout(420)
async def test_a_key_claimed_by_a_killed_replica_is_free_for_the_retry_at_once(
    database_urls: dict[str, str], tmp_path: Path
) -> None:
    """The retry a client sends after its replica died mid-request creates, once.

    The first attempt is held inside its transaction (the test locks the company table), after
    it claimed its Idempotency-Key; then its process is SIGKILLed, so nothing of the request
    committed. The same key and body sent to the other replica must create the company: the
    claimant is gone, its claim cannot be "still being processed".
    """
    nats = NatsServer(tmp_path / "nats", log_file=tmp_path / "nats.log")
    nats.start()
    cluster = build(tmp_path, nats, database_urls)
    first, second = cluster.replicas["registry"]
    url = database_urls["registry"]
    key = str(uuid.uuid4())
    body = company_body("local", 1, random.Random())
    headers = {
        "Authorization": f"Bearer {mint_token(cluster.private_key)}",
        "Idempotency-Key": key,
    }
    try:
        for replica in (first, second):
            replica.start()
        for replica in (first, second):
            await replica.wait_ready()
        blocker = await asyncpg.connect(asyncpg_dsn(url))
        async with httpx.AsyncClient(timeout=30) as http:
            transaction = blocker.transaction()
            await transaction.start()
            await blocker.execute("LOCK TABLE company IN ACCESS EXCLUSIVE MODE")
            attempt = asyncio.create_task(
                http.post(f"{first.url}/companies", json=body, headers=headers)
            )
            # claimed (the key's advisory lock held) and waiting for the company table
            claimed = (
                "SELECT count(*) FILTER (WHERE locktype = 'advisory' AND granted) AS claims,"
                " count(*) FILTER (WHERE relation = 'company'::regclass AND NOT granted)"
                " AS waiting FROM pg_locks"
                " WHERE database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            )
            for _ in range(100):
                state = (await rows(url, claimed))[0]
                if state["claims"] and state["waiting"]:
                    break
                await asyncio.sleep(0.1)
            else:
                raise RuntimeError("the first attempt never claimed its key")
            first.kill()
            with pytest.raises(httpx.TransportError):
                await attempt
            await transaction.rollback()
            await blocker.close()
            if (await rows(url, "SELECT count(*) AS n FROM company"))[0]["n"]:
                raise RuntimeError("the killed attempt's company was committed")
            retry = await http.post(f"{second.url}/companies", json=body, headers=headers)
            again = await http.post(f"{second.url}/companies", json=body, headers=headers)
        assert retry.status_code == 201, retry.text
        assert again.headers["idempotent-replayed"] == "true"
        assert (await rows(url, "SELECT count(*) AS n FROM company"))[0]["n"] == 1
    finally:
        cluster.stop()
        nats.stop()


def test_a_badge_key_file_a_killed_replica_left_empty_is_not_taken_as_the_key(
    tmp_path: Path,
) -> None:
    from training.certifications.badges import load_or_create_key, public_key

    path = tmp_path / "training-badge-key.pem"
    # what a replica SIGKILLed between os.open(O_CREAT | O_EXCL) and its write leaves behind
    # (and what another replica reads while the first is still writing)
    path.touch(mode=0o600)
    key = load_or_create_key(path)
    assert "PRIVATE KEY" in key
    assert public_key(key)
