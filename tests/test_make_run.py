"""`make run` from a fresh copy of the repository: up, usable through the gateway, Ctrl-C, gone.

Slow (it builds its own virtualenv from the lockfile, with uv's cache), but it runs in CI:
it is the README's promise.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from blp.services import DOMAIN_SERVICES
from shared.natsserver import free_port

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def fresh_copy(target: Path) -> Path:
    """The files a clean clone would have: tracked ones plus new, not ignored ones."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=REPO,
            check=True,
            capture_output=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def descendants(root: int) -> set[int]:
    children: dict[int, set[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), set()).add(int(stat.parent.name))
    found, todo = set(), [root]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        assert process.poll() is None, "make run exited early"
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} not ready within {timeout}s")


def wait_announced(log: Path, process: subprocess.Popen[bytes], timeout: float) -> None:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        assert process.poll() is None, "make run exited early"
        if "Ctrl-C stops everything" in log.read_text():
            return
        time.sleep(0.3)
    raise AssertionError(f"make run printed no URLs within {timeout}s")


def serving(root: int, service: str) -> list[int]:
    """The processes under ``root`` that run ``blp serve <service>``."""
    found = []
    for pid in descendants(root):
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in argv and service.encode() in argv:
            found.append(pid)
    return found


class TestMakeRun:
    def test_fresh_clone_runs_serves_and_stops_cleanly(self, tmp_path: Path) -> None:
        repo = fresh_copy(tmp_path / "clone")
        data = tmp_path / "data"
        ports = {f"BLP_{s.upper()}_PORT": str(free_port()) for s in ("gateway", *DOMAIN_SERVICES)}
        env = {**os.environ, **ports, "BLP_DATA_DIR": str(data), "BLP_NATS_PORT": str(free_port())}
        env.pop("VIRTUAL_ENV", None)
        gateway = f"http://127.0.0.1:{ports['BLP_GATEWAY_PORT']}"
        log = tmp_path / "make-run.log"

        secret = None
        for attempt in ("first", "second"):
            with log.open("ab") as output:
                make = subprocess.Popen(
                    ["make", "run"],
                    cwd=repo,
                    env=env,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            try:
                seconds = wait_ready(f"{gateway}/readyz", make, timeout=600)
                print(f"{attempt} make run ready in {seconds:.1f}s")
                # demo data and the demo year loaded (about 2 min on 2 busy cores), URLs printed
                wait_announced(log, make, timeout=480)
                processes = descendants(make.pid)
                clients = json.loads((data / "demo-clients.json").read_text())
                assert all(
                    set(c) == {"client_id", "client_secret", "role", "company_id"} for c in clients
                )
                assert {c["role"] for c in clients} >= {
                    "ministry",
                    "programme_manager",
                    "local_company",
                }
                manager = next(c for c in clients if c["role"] == "programme_manager")
                if secret is not None:
                    assert manager["client_secret"] == secret  # the data survived the restart
                secret = manager["client_secret"]
                token = httpx.post(
                    f"{gateway}/v1/auth/token",
                    data={
                        "grant_type": "client_credentials",
                        "client_id": manager["client_id"],
                        "client_secret": secret,
                    },
                ).json()["access_token"]
                for service in DOMAIN_SERVICES:
                    response = httpx.get(
                        f"{gateway}/v1/{service}/healthz",
                        headers={"Authorization": f"Bearer {token}"},
                    )
                    assert response.status_code == 200, (service, response.text)
                printed = log.read_text()
                assert "demo-clients.json" in printed and "curl" in printed
                company = next(c for c in clients if c["role"] == "local_company")
                bound = httpx.get(
                    f"{gateway}/v1/registry/companies/{company['company_id']}",
                    headers={"Authorization": f"Bearer {token}"},
                )
                assert bound.status_code == 200, bound.text  # bound to a real demo company
                assert bound.json()["kind"] == "local"
            finally:
                os.killpg(make.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
                make.wait(timeout=60)
            deadline = time.monotonic() + 20
            while any(alive(pid) for pid in processes) and time.monotonic() < deadline:
                time.sleep(0.2)
            assert not [pid for pid in processes if alive(pid)], log.read_text()[-3000:]
            assert len(processes) >= 7  # make, blp, nats-server, five services


class TestStackSupervision:
    def test_a_killed_service_is_restarted_and_ctrl_c_still_stops_everything(
        self, tmp_path: Path
    ) -> None:
        """The stack from this checkout (the same `blp run` as `make run`, without building a
        fresh virtualenv): SIGKILL the registry's process, and it serves again, through the
        gateway too, while the other services keep their processes."""
        data = tmp_path / "data"
        ports = {f"BLP_{s.upper()}_PORT": str(free_port()) for s in ("gateway", *DOMAIN_SERVICES)}
        env = {**os.environ, **ports, "BLP_DATA_DIR": str(data), "BLP_NATS_PORT": str(free_port())}
        gateway = f"http://127.0.0.1:{ports['BLP_GATEWAY_PORT']}"
        registry = f"http://127.0.0.1:{ports['BLP_REGISTRY_PORT']}"
        log = tmp_path / "blp-run.log"
        with log.open("ab") as output:
            stack = subprocess.Popen(
                [sys.executable, "-m", "blp.cli", "run"],
                cwd=REPO,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        processes: set[int] = set()
        try:
            wait_ready(f"{gateway}/readyz", stack, timeout=180)
            wait_announced(log, stack, timeout=480)  # the demo year is loaded first
            (victim,) = serving(stack.pid, "registry")
            others = {s: serving(stack.pid, s) for s in ("gateway", "assessment")}
            os.kill(victim, signal.SIGKILL)

            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                assert stack.poll() is None, log.read_text()[-3000:]
                restarted = [pid for pid in serving(stack.pid, "registry") if pid != victim]
                if restarted and _ok(f"{registry}/readyz") and _ok(f"{gateway}/readyz"):
                    break
                time.sleep(0.3)
            else:
                raise AssertionError("registry not back within 120s\n" + log.read_text()[-3000:])
            assert "registry was killed by SIGKILL; restarting in" in log.read_text()
            assert {s: serving(stack.pid, s) for s in others} == others
            response = httpx.get(f"{gateway}/v1/registry/companies", params={"limit": 1})
            assert response.status_code == 200, response.text  # public search, via the gateway
            # docs/operations.md, "Scraping": metrics on the service's port, not via the gateway
            assert "blp_http_requests_total" in httpx.get(f"{registry}/metrics").text
            assert httpx.get(f"{gateway}/v1/registry/metrics").status_code == 404
            processes = descendants(stack.pid)
        finally:
            os.killpg(stack.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
            stack.wait(timeout=60)
        deadline = time.monotonic() + 20
        while any(alive(pid) for pid in processes) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [pid for pid in processes if alive(pid)], log.read_text()[-3000:]
        assert len(processes) >= 6  # nats-server, five services
        assert stack.returncode == 0


def _ok(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


class TestDemoYear:
    def test_blp_run_loads_a_programme_year_visible_through_the_gateway_once(
        self, tmp_path: Path
    ) -> None:
        """`blp run` loads the demo programme year through the services' APIs (cohort, plans,
        catalogue, enrolments, certifications, budget, commitments); the company demo users
        see their own company's data; a second run finds it and adds nothing."""
        data = tmp_path / "data"
        ports = {f"BLP_{s.upper()}_PORT": str(free_port()) for s in ("gateway", *DOMAIN_SERVICES)}
        env = {**os.environ, **ports, "BLP_DATA_DIR": str(data), "BLP_NATS_PORT": str(free_port())}
        gateway = f"http://127.0.0.1:{ports['BLP_GATEWAY_PORT']}"
        counts: list[dict[str, int]] = []
        printed = ""
        for attempt in ("first", "second"):
            log = tmp_path / f"blp-run-{attempt}.log"
            with log.open("ab") as output:
                stack = subprocess.Popen(
                    [sys.executable, "-m", "blp.cli", "run"],
                    cwd=REPO,
                    env=env,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            try:
                started = time.monotonic()
                wait_announced(log, stack, timeout=400 if attempt == "first" else 200)
                print(f"{attempt} blp run announced in {time.monotonic() - started:.1f}s")
                counts.append(_demo_year_seen(gateway, data))
                print(*(x for x in log.read_text().splitlines() if "demo " in x[:12]), sep="\n")
            finally:
                os.killpg(stack.pid, signal.SIGINT)
                stack.wait(timeout=60)
            printed += log.read_text()
        # the first run says what it is doing, step by step with counts, never minutes of silence
        assert "blp: registry ready (" in printed and "blp: demo companies: " in printed
        assert "blp: demo companies: 2,030 rows imported (0 rejected)" in printed
        assert "demo year: cohort" in printed and "assessments 20/20" in printed
        assert "demo year loaded in" in printed and "demo year already loaded" in printed
        assert counts[0] == counts[1]  # the second run added nothing


def _demo_year_seen(gateway: str, data: Path) -> dict[str, int]:
    """What the demo year shows through the gateway, checked per role; returns the counts."""
    clients = {c["role"]: c for c in json.loads((data / "demo-clients.json").read_text())}

    def client(role: str) -> httpx.Client:
        entry = clients[role]
        token = httpx.post(
            f"{gateway}/v1/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": entry["client_id"],
                "client_secret": entry["client_secret"],
            },
        ).json()["access_token"]
        return httpx.Client(
            base_url=f"{gateway}/v1", headers={"Authorization": f"Bearer {token}"}, timeout=30
        )

    pm, local, partner = (
        client("programme_manager"),
        client("local_company"),
        client("international_company"),
    )
    (cohort,) = [c for c in pm.get("/assessment/cohorts").json()["items"] if "2026" in c["name"]]
    assert cohort["selected_count"] == 20 and cohort["status"] == "active"
    nominations = pm.get(
        "/assessment/nominations", params={"cohort_id": cohort["id"], "limit": 100}
    ).json()["items"]
    statuses = {n["status"] for n in nominations}
    assert {"selected", "rejected", "waitlisted"} <= statuses, statuses

    company = clients["local_company"]["company_id"]
    (own,) = local.get("/assessment/assessments").json()["items"]
    assert own["status"] == "approved" and own["company_id"] == company
    needs = local.get("/training/needs").json()["items"]
    assert needs and {n["company_id"] for n in needs} == {company}
    enrolments = local.get("/training/enrolments").json()["items"]
    assert len(enrolments) >= 2 and {e["company_id"] for e in enrolments} == {company}
    certifications = local.get("/training/certifications").json()["items"]
    assert certifications and {c["status"] for c in certifications} == {"verified"}
    assert {c["company_id"] for c in certifications} == {company}
    partner_noms = partner.get("/assessment/nominations", params={"cohort_id": cohort["id"]}).json()
    assert len(partner_noms["items"]) == 7  # the international user is a nominating partner

    health = pm.get("/training/courses/health").json()
    assert health["areas_below_target"] >= 1
    all_certs = pm.get("/training/certifications", params={"limit": 100}).json()["items"]
    assert {"verified", "submitted", "rejected"} <= {c["status"] for c in all_certs}
    assert [c["status"] for c in all_certs].count("rejected") == 1

    (budget,) = pm.get("/finance/budgets", params={"programme_year": 2026}).json()["items"]
    assert budget["status"] == "approved"
    modules = {m["module"] for m in pm.get(f"/finance/budgets/{budget['id']}").json()["modules"]}
    assert len(modules) == 7
    commitments = pm.get(
        "/finance/commitments", params={"cohort_id": cohort["id"], "limit": 100}
    ).json()["items"]
    assert {c["module"] for c in commitments} >= {
        "assessment",
        "technical_training",
        "promotion_marketing",
    }
    return {
        "nominations": len(nominations),
        "certifications": len(all_certs),
        "commitments": len(commitments),
        "courses": len(pm.get("/training/courses", params={"limit": 100}).json()["items"]),
    }
