"""Nothing lost, nothing twice, through the gateway: 1,000 enrolments made through the
training service's API while the NATS server is killed with SIGKILL for 10 s and restarted,
and while the finance service's process is killed with SIGKILL once and restarted. Finance
ends with exactly 1,000 commitments, no duplicate, and the execution report's totals are the
sum of the enrolments' splits to the cent.

Training and the gateway run in this process; finance runs as its own process (``blp serve
finance``), so that it can be killed without a goodbye: whatever it had fetched and not
acknowledged comes back after the consumer's ack wait (30 s).
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from gateway.clients import ClientStore
from gateway.config import Settings as GatewaySettings
from gateway.main import create_app as create_gateway
from training.config import Settings as TrainingSettings
from training.main import create_app as create_training

from shared.auth import Role
from shared.db import create_engine
from shared.events.assessment import (
    CompanySelected,
    DevelopmentPlanApproved,
    TrainingRecommendation,
)
from shared.natsserver import NatsServer, free_port
from shared.testing.events import publish
from shared.testing.servers import serving
from tests.backbone.harness import eventually

pytestmark = pytest.mark.slow

COUNT = 1000
COMPANIES = 10
PRICES = ("1200.00", "999.99")
"""Two courses, enrolled alternately: 1,200.00 → 900 / 270 / 30; 999.99 → 749.99 / 225.00 /
25.00 (the odd cent to the vendor)."""
SPLITS = {
    "1200.00": {"vendor": 90000, "programme": 27000, "local_company": 3000},
    "999.99": {"vendor": 74999, "programme": 22500, "local_company": 2500},
}


class FinanceProcess:
    """The finance service in a process of its own, on a fixed port across restarts."""

    def __init__(self, database_url: str, nats_url: str, public_key: str, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.env = {
            **os.environ,
            "BLP_FINANCE_HOST": "127.0.0.1",
            "BLP_FINANCE_PORT": str(self.port),
            "BLP_FINANCE_DATABASE_URL": database_url,
            "BLP_FINANCE_NATS_URL": nats_url,
            "BLP_FINANCE_JWT_PUBLIC_KEY": public_key,
            "BLP_FINANCE_OUTBOX_POLL_SECONDS": "0.2",
            "BLP_FINANCE_LOG_LEVEL": "WARNING",
        }
        self.process: subprocess.Popen[bytes] | None = None

    def spawn(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-c", "from blp.cli import main; main()", "serve", "finance"],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    async def start(self) -> None:
        self.spawn()

        async def ready() -> bool:
            try:
                async with httpx.AsyncClient(timeout=2) as http:
                    return (await http.get(f"{self.url}/readyz")).status_code == 200
            except httpx.HTTPError:
                return False

        await eventually(ready, timeout=60)

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


class Caller:
    def __init__(self, http: httpx.AsyncClient, token: str) -> None:
        self.http = http
        self.auth = {"Authorization": f"Bearer {token}"}

    async def get(self, path: str) -> Any:
        response = await self.http.get(path, headers=self.auth)
        assert response.status_code == 200, response.text
        return response.json()

    async def post(self, path: str, body: dict[str, Any]) -> Any:
        response = await self.http.post(path, json=body, headers=self.auth)
        assert response.status_code == 201, response.text
        return response.json()

    async def put(self, path: str, body: dict[str, Any], of: str) -> Any:
        current = await self.http.get(of, headers=self.auth)
        response = await self.http.put(
            path, json=body, headers={**self.auth, "If-Match": current.headers["etag"]}
        )
        assert response.status_code == 200, response.text
        return response.json()


async def token(http: httpx.AsyncClient, store: ClientStore, role: Role, company: Any) -> Caller:
    client, secret = store.create(role, company)
    response = await http.post(
        "/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": client.client_id,
            "client_secret": secret,
        },
    )
    assert response.status_code == 200, response.text
    return Caller(http, response.json()["access_token"])


@pytest.mark.timeout(600)  # ~100 s on SQLite; PostgreSQL on a busy 2-core machine: 6.75 min
async def test_a_thousand_enrolments_survive_a_killed_broker_and_a_killed_finance(
    database: Callable[[str], str],
    nats_server: NatsServer,
    tmp_path: Path,
    jwt_keys: tuple[str, str],
) -> None:
    private, public = jwt_keys
    finance_url = database("finance")
    finance = FinanceProcess(finance_url, nats_server.url, public, tmp_path / "finance.log")
    training = create_training(
        TrainingSettings(
            database_url=database("training"),
            nats_url=nats_server.url,
            jwt_public_key=public,
            outbox_poll_seconds=0.2,
            evidence_dir=str(tmp_path / "evidence"),
            badge_key_file=str(tmp_path / "badge.pem"),
        )
    )
    cohort = uuid.uuid4()
    companies = [uuid.uuid4() for _ in range(COMPANIES)]
    per_company = COUNT // COMPANIES
    for company in companies:
        await publish(
            nats_server.url,
            CompanySelected(company_id=company, cohort_id=cohort, cohort_name="Когорта 2027"),
        )
        await publish(
            nats_server.url,
            DevelopmentPlanApproved(
                assessment_id=uuid.uuid4(),
                company_id=company,
                cohort_id=cohort,
                approved_at=datetime.now(UTC),
                training=[
                    TrainingRecommendation(
                        item_id=uuid.uuid4(),
                        function="Инженеры",
                        skills_area="network_engineer",
                        recommendation="CCNA",
                    )
                    for _ in range(per_company)
                ],
            ),
        )
    await finance.start()
    try:
        async with serving(training) as training_url:
            settings = GatewaySettings(
                jwt_private_key=private,
                jwt_public_key=public,
                clients_file=str(tmp_path / "clients.json"),
                registry_url=f"http://127.0.0.1:{free_port()}",
                assessment_url=f"http://127.0.0.1:{free_port()}",
                training_url=training_url,
                finance_url=finance.url,
                rate_limit_per_minute=1_000_000,
                rate_limit_burst=100_000,
            )
            store = ClientStore(Path(settings.clients_file))
            async with (
                serving(create_gateway(settings)) as url,
                httpx.AsyncClient(base_url=f"{url}/v1", timeout=120) as http,
            ):
                timings = await _run(http, store, companies, cohort, nats_server, finance)
    finally:
        finance.stop()
    print(f"\nthrough the gateway: {timings}")


async def _run(
    http: httpx.AsyncClient,
    store: ClientStore,
    companies: list[uuid.UUID],
    cohort: uuid.UUID,
    nats_server: NatsServer,
    finance: FinanceProcess,
) -> dict[str, float]:
    pm = await token(http, store, Role.PROGRAMME_MANAGER, None)
    ministry = await token(http, store, Role.MINISTRY, None)
    callers = {c: await token(http, store, Role.LOCAL_COMPANY, c) for c in companies}
    budget = await pm.post(
        "/finance/budgets",
        {
            "programme_year": 2027,
            "cohort_id": str(cohort),
            "currency": "USD",
            "title": "Когорта 2027",
            "lines": [
                {
                    "module": "technical_training",
                    "description": "CCNA",
                    "unit_cost": {"amount": "1200.00", "currency": "USD"},
                    "low_quantity": "800",
                    "high_quantity": "1000",
                    "rule": "technical_training",
                }
            ],
        },
    )
    budget_path = f"/finance/budgets/{budget['id']}"
    await pm.put(f"{budget_path}/status", {"status": "submitted"}, budget_path)
    await ministry.put(f"{budget_path}/status", {"status": "approved"}, budget_path)

    sessions = []
    for price in PRICES:
        course = await pm.post(
            "/training/courses",
            {
                "skills_area": "network_engineer",
                "title": f"CCNA {price}",
                "provider": "Cisco Networking Academy",
                "provider_kind": "vendor",
                "certification": {"name": "CCNA"},
                "languages": ["ru"],
                "delivery": ["online"],
                "duration_hours": 70,
                "list_price": {"amount": price, "currency": "USD"},
                "vendor_discount_percent": "75",
                "verification_method": "credential_url",
            },
        )
        course_path = f"/training/courses/{course['id']}"
        await pm.put(f"{course_path}/status", {"status": "approved"}, course_path)
        sessions.append(
            await pm.post(
                "/training/sessions",
                {
                    "course_id": course["id"],
                    "starts_on": "2027-02-01",
                    "ends_on": "2027-02-05",
                    "city": "online",
                    "seat_limit": 1000,
                },
            )
        )

    async def needs_of(company: uuid.UUID) -> list[dict[str, Any]]:
        found = (await pm.get(f"/training/needs?company_id={company}&kind=training&limit=200"))[
            "items"
        ]
        return found

    work: list[tuple[Caller, str, int]] = []
    for company in companies:

        async def arrived(company: uuid.UUID = company) -> bool:
            return len(await needs_of(company)) == COUNT // COMPANIES

        await eventually(arrived, timeout=60)
        work.extend((callers[company], need["id"], 0) for need in await needs_of(company))
    work = [(caller, need, n % 2) for n, (caller, need, _) in enumerate(work)]

    gate = asyncio.Semaphore(8)
    made: list[dict[str, Any]] = []
    fifth, half = asyncio.Event(), asyncio.Event()

    async def enrol(caller: Caller, need: str, which: int) -> None:
        async with gate:
            trainee = await caller.post(
                "/training/trainees",
                {"name": "Сотрудник", "function": "Инженер", "languages": ["ru"]},
            )
            enrolment = await caller.post(
                "/training/enrolments",
                {"need_id": need, "trainee_id": trainee["id"], "session_id": sessions[which]["id"]},
            )
            made.append(enrolment)
            if len(made) >= COUNT // 5:
                fifth.set()
            if len(made) >= COUNT // 2:
                half.set()

    async def faults() -> dict[str, float]:
        """SIGKILL the broker for 10 s once a fifth is enrolled; SIGKILL finance at half."""
        await fifth.wait()
        nats_server.kill()
        await asyncio.sleep(10)
        nats_server.start()
        await half.wait()
        finance.kill()
        await asyncio.sleep(1)
        await finance.start()
        return {"nats_down_at": COUNT // 5, "finance_killed_at": COUNT // 2}

    started = time.perf_counter()
    faulted = asyncio.create_task(faults())
    await asyncio.gather(*(enrol(*item) for item in work))
    enrolled = time.perf_counter() - started
    await faulted
    assert len(made) == COUNT

    async def all_committed() -> bool:
        report = await pm.get(f"/finance/reports/budget-execution/{budget['id']}")
        return Decimal(report["total"]["committed"]["total"]["amount"]) >= expected_total

    expected: dict[str, int] = {"vendor": 0, "programme": 0, "local_company": 0}
    for enrolment in made:
        price = enrolment["list_price"]["amount"]
        for party, minor in SPLITS[price].items():
            expected[party] += minor
    expected_total = Decimal(sum(expected.values())) / 100
    # an event in flight when finance was killed comes back after the ack wait (30 s)
    await eventually(all_committed, timeout=180)
    settled = time.perf_counter() - started
    await asyncio.sleep(2)  # anything late and twice would show now

    report = await pm.get(f"/finance/reports/budget-execution/{budget['id']}")
    total = report["total"]["committed"]
    assert Decimal(total["total"]["amount"]) == expected_total
    assert {p: cents_of(m["amount"]) for p, m in total["shares"].items()} == expected

    engine = create_engine(finance.env["BLP_FINANCE_DATABASE_URL"])
    try:
        async with engine.connect() as connection:
            rows = (
                await connection.execute(
                    sa.text(
                        "SELECT count(*), count(DISTINCT source_id) FROM commitment "
                        "WHERE status = 'committed'"
                    )
                )
            ).one()
            ids = {
                str(uuid.UUID(str(source)))
                for (source,) in await connection.execute(
                    sa.text("SELECT source_id FROM commitment")
                )
            }
    finally:
        await engine.dispose()
    assert tuple(rows) == (COUNT, COUNT)
    assert ids == {e["id"] for e in made}
    return {"enrolled_s": round(enrolled, 1), "all_committed_s": round(settled, 1)}


def cents_of(amount: str) -> int:
    return int(Decimal(amount) * 100)
