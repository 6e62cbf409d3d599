"""Training service benchmark: how soon an approved development plan becomes training needs,
and what a 10 MB evidence upload costs the service in memory.

    make bench-training                      # = .venv/bin/python bench/training.py
    .venv/bin/python bench/training.py --plans 50

Starts, as child processes in a temporary directory: nats-server (from the wheel) and the
training service (``blp serve training --migrate``, SQLite, its consumer and relay running,
WARNING logs). Then:

1. **Event latency**, one plan at a time: a ``blp.assessment.development_plan.approved_v2``
   event (two training items) is published to JetStream the way the assessment service's
   relay publishes a committed outbox row (the relay is woken by the commit itself,
   ``shared/messaging/relay.py``, so publishing is what follows the commit), and
   ``GET /needs?company_id=...`` is polled every 2 ms until both needs are visible. The
   latency is publish start → first answer showing them: JetStream, the training consumer,
   its transaction, and one HTTP read. p50/p90/p99/max over ``--plans`` (default 200).
2. **Upload memory**: three 10 MB (10,485,760 bytes) PDF evidence files are uploaded to
   ``PUT /certifications/{id}/evidence`` while the service process's resident memory
   (``/proc/<pid>/status`` VmRSS) is sampled every 2 ms; the report gives the RSS before,
   the peak during each upload, and the growth against the file's size.

The report (markdown) goes to stdout; progress to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bench.stats import percentile

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MAX_EVIDENCE = 10 * 1024 * 1024


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


class Sampler(threading.Thread):
    """The peak VmRSS of ``pid`` while running, sampled every 2 ms."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss_kib(self.pid))
            time.sleep(0.002)

    def stop(self) -> int:
        self.running = False
        self.join()
        return max(self.peak, rss_kib(self.pid))


async def publish_plans(nats_url: str, url: str, token: str, plans: int) -> list[float]:
    import nats

    from shared.events.assessment import DevelopmentPlanApprovedV2, TrainingRecommendationV2
    from shared.events.base import CloudEvent
    from shared.messaging.streams import ensure_stream
    from shared.money import Money

    connection = await nats.connect(nats_url)
    js = connection.jetstream()
    await ensure_stream(js, "assessment")
    latencies = []
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=30) as http:
        for n in range(plans):
            company_id, cohort_id = uuid.uuid4(), uuid.uuid4()
            plan = DevelopmentPlanApprovedV2(
                assessment_id=uuid.uuid4(),
                company_id=company_id,
                cohort_id=cohort_id,
                approved_at=datetime.now(UTC),
                training=[
                    TrainingRecommendationV2(
                        item_id=uuid.uuid4(),
                        function="Сетевые инженеры",
                        skills_area=area,
                        recommendation="Cisco CCNA",
                        estimated_cost=Money.of("300.00", "USD"),
                    )
                    for area in ("network_engineer", "cybersecurity")
                ],
            )
            envelope = CloudEvent.wrap(plan)
            started = time.perf_counter()
            await js.publish(
                envelope.type,
                envelope.model_dump_json().encode(),
                headers={"Nats-Msg-Id": str(envelope.id)},
            )
            while True:
                response = await http.get("/needs", params={"company_id": str(company_id)})
                response.raise_for_status()
                if len(response.json()["items"]) == 2:
                    break
                await asyncio.sleep(0.002)
            latencies.append((time.perf_counter() - started) * 1000)
            if (n + 1) % 50 == 0:
                log(f"  {n + 1} plans")
    await connection.close()
    return latencies


def upload_memory(url: str, token: str, pid: int, rounds: int = 3) -> list[dict[str, Any]]:
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=120) as http:

        def created(path: str, body: dict[str, Any]) -> dict[str, Any]:
            response = http.post(path, json=body)
            assert response.status_code == 201, response.text
            return response.json()

        course = created(
            "/courses",
            {
                "skills_area": "network_engineer",
                "title": "CCNA",
                "provider": "Cisco Networking Academy",
                "provider_kind": "vendor",
                "certification": {"name": "Cisco Certified Network Associate"},
                "languages": ["ru"],
                "delivery": ["online"],
                "duration_hours": 70,
                "list_price": {"amount": "1200.00", "currency": "USD"},
                "validity_months": 36,
                "verification_method": "certificate_number",
            },
        )
        results = []
        for n in range(rounds):
            trainee = created(
                "/trainees",
                {
                    "company_id": str(uuid.uuid4()),
                    "name": "Bench Trainee",
                    "function": "Network engineer",
                    "languages": ["ru"],
                    "email": f"bench{n}@example.kz",
                },
            )
            row = created(
                "/certifications",
                {
                    "trainee_id": trainee["id"],
                    "course_id": course["id"],
                    "certificate_number": f"BENCH-{n}",
                    "obtained_on": "2026-01-15",
                },
            )
            head = b"%PDF-1.7\n"
            content = head + os.urandom(MAX_EVIDENCE - len(head))
            before = rss_kib(pid)
            sampler = Sampler(pid)
            sampler.start()
            started = time.perf_counter()
            response = http.put(
                f"/certifications/{row['id']}/evidence",
                content=content,
                headers={"If-Match": f'"{row["version"]}"', "Content-Type": "application/pdf"},
            )
            seconds = time.perf_counter() - started
            peak = sampler.stop()
            assert response.status_code == 200, response.text
            assert response.json()["evidence"]["size"] == MAX_EVIDENCE
            results.append(
                {"before": before, "peak": peak, "growth": peak - before, "seconds": seconds}
            )
            log(f"  upload {n + 1}: RSS {before} → peak {peak} KiB in {seconds:.2f} s")
    return results


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the training service exited while starting")
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the training service did not become ready")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=200)
    args = parser.parse_args()

    from shared.auth import Role
    from shared.keys import generate_keypair
    from shared.natsserver import NatsServer, free_port
    from shared.testing.tokens import mint_token

    started, load_before = datetime.now(UTC), os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-training-") as tmp_name:
        tmp = Path(tmp_name)
        nats = NatsServer(tmp / "nats", log_file=tmp / "nats.log")
        nats.start()
        private, public = generate_keypair()
        port = free_port()
        env = dict(
            os.environ,
            BLP_DATA_DIR=str(tmp),
            BLP_TRAINING_PORT=str(port),
            BLP_TRAINING_NATS_URL=nats.url,
            BLP_TRAINING_JWT_PUBLIC_KEY=public,
            BLP_TRAINING_LOG_LEVEL="WARNING",
            BLP_TRAINING_RUN_WORKERS="true",
        )
        with open(tmp / "training.log", "wb") as output:
            process = subprocess.Popen(
                [str(BIN / "blp"), "serve", "training", "--migrate"],
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
            )
        try:
            url = f"http://127.0.0.1:{port}"
            wait_ready(url, process)
            token = mint_token(
                private, Role.PROGRAMME_MANAGER, sub="bench-training", exp=int(time.time()) + 3600
            )
            log(f"event latency over {args.plans} plans")
            latencies = asyncio.run(publish_plans(nats.url, url, token, args.plans))
            log("upload memory")
            uploads = upload_memory(url, token, process.pid)
        finally:
            process.terminate()
            process.wait(timeout=30)
            nats.stop()

    size_kib = MAX_EVIDENCE // 1024
    print("## Training: plan-to-needs latency and upload memory\n")
    # the load says how far the figures are from an idle machine's: others' work included
    print(
        f"{started:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, SQLite, load average (1 min) "
        f"{load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end\n"
    )
    print(
        f"`development_plan.approved_v2` published → needs visible, {len(latencies)} plans (ms):\n"
    )
    print("| p50 | p90 | p99 | max | mean |\n| --- | --- | --- | --- | --- |")
    print(
        f"| {statistics.median(latencies):.1f} | {percentile(latencies, 90):.1f} "
        f"| {percentile(latencies, 99):.1f} | {max(latencies):.1f} "
        f"| {statistics.fmean(latencies):.1f} |\n"
    )
    print(
        f"10 MB evidence upload ({MAX_EVIDENCE:,} bytes = {size_kib:,} KiB), service RSS (KiB):\n"
    )
    print("| upload | RSS before | peak RSS | growth | growth / file | seconds |")
    print("| --- | --- | --- | --- | --- | --- |")
    for n, u in enumerate(uploads, 1):
        print(
            f"| {n} | {u['before']:,} | {u['peak']:,} | {u['growth']:,} "
            f"| {u['growth'] / size_kib:.0%} | {u['seconds']:.2f} |"
        )


if __name__ == "__main__":
    main()
