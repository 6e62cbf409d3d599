"""The embedded default stack behind ``make run`` (``blp run``).

Starts nats-server from the wheel, creates the demo API clients, starts the four services
(each migrating its SQLite database first, in parallel) and the gateway as child processes,
waits until each is ready and prints where everything is. A service that crashes is started
again (``blp.supervisor``); one that keeps crashing stops the stack with a message saying
which. SIGINT or SIGTERM stops all children; each child also gets SIGTERM from the kernel if
this process dies, so nothing is ever orphaned.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from blp.services import DOMAIN_SERVICES, SERVICES, default_port
from blp.supervisor import GaveUp, Supervisor
from shared.auth import COMPANY_ROLES, Role
from shared.config import DEFAULT_NATS_PORT, data_dir
from shared.keys import ensure_keypair
from shared.natsserver import NatsServer

READY_TIMEOUT = 60.0


def _port(service: str) -> int:
    return int(os.environ.get(f"BLP_{service.upper()}_PORT", default_port(service)))


def child_environment(directory: Path, nats_url: str) -> dict[str, str]:
    """The environment every service process of the local stack starts with (keys, ports,
    databases under ``directory``, upstream URLs); public so that a benchmark starts the
    services exactly as ``make run`` does (``bench/framework.py``). What the caller's
    environment already sets wins."""
    private, public = ensure_keypair(directory)
    env = dict(os.environ, BLP_DATA_DIR=str(directory))
    for service in SERVICES:
        prefix = f"BLP_{service.upper()}_"
        env.setdefault(prefix + "JWT_PUBLIC_KEY", public)
        env.setdefault(prefix + "PORT", str(_port(service)))
        if service in DOMAIN_SERVICES:
            # the gateway logs a person's calls; the demo year's thousands of direct calls
            # to the services would bury its progress lines
            env.setdefault(prefix + "ACCESS_LOG", "false")
            env.setdefault(prefix + "NATS_URL", nats_url)
            env.setdefault(prefix + "DATABASE_URL", f"sqlite+aiosqlite:///{directory / service}.db")
        else:
            env.setdefault(prefix + "JWT_PRIVATE_KEY", private)
            env.setdefault(prefix + "CLIENTS_FILE", str(directory / "clients.json"))
            for upstream in DOMAIN_SERVICES:
                env.setdefault(
                    f"{prefix}{upstream.upper()}_URL", f"http://127.0.0.1:{_port(upstream)}"
                )
    # assessment checks companies its read model has not seen yet against the registry
    env.setdefault("BLP_ASSESSMENT_REGISTRY_URL", f"http://127.0.0.1:{_port('registry')}")
    return env


def _wait_ready(url: str, deadline: float, supervisor: Supervisor) -> None:
    while time.monotonic() < deadline:
        supervisor.poll()  # a service that crashes while starting is restarted too
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} not ready within {READY_TIMEOUT:.0f}s")


def ensure_demo_clients(directory: Path, clients_file: Path) -> Path:
    """One API client per role, kept across runs in ``demo-clients.json`` (secrets included)."""
    from gateway.clients import ClientStore

    demo_file = directory / "demo-clients.json"
    store = ClientStore(clients_file)
    existing: list[dict[str, Any]] = []
    if demo_file.exists():
        existing = json.loads(demo_file.read_text())
    known = {entry["role"] for entry in existing if store.get(entry["client_id"])}
    demo = [entry for entry in existing if entry["role"] in known]
    for role in Role:
        if role.value in known:
            continue
        # company users need a company; load_demo_data binds them to demo companies
        company = _demo_company_id(role) if role in COMPANY_ROLES else None
        client_id = "demo-" + role.value.replace("_", "-")
        client, secret = store.create(role, company, client_id=client_id, replace=True)
        demo.append(
            {
                "client_id": client.client_id,
                "client_secret": secret,
                "role": role.value,
                "company_id": client.company_id,
            }
        )
    demo_file.write_text(json.dumps(demo, indent=2))
    demo_file.chmod(0o600)
    return demo_file


def load_demo_data(env: dict[str, str], clients_file: Path, demo_file: Path) -> str:
    """Fill an empty registry with the demo companies and bind the company demo clients to
    real ones (kept across runs: a registry that has companies is left alone)."""
    import httpx
    from gateway.clients import ApiClient, ClientStore
    from gateway.tokens import TokenIssuer
    from registry.demo import generate_companies

    issuer = TokenIssuer(
        env["BLP_GATEWAY_JWT_PRIVATE_KEY"],
        issuer=env.get("BLP_GATEWAY_JWT_ISSUER", "blp-gateway"),
        audience=env.get("BLP_GATEWAY_JWT_AUDIENCE", "blp"),
        ttl_seconds=600,
    )
    token = issuer.issue(ApiClient("blp-stack", "", Role.PROGRAMME_MANAGER))
    registry = httpx.Client(
        base_url=f"http://127.0.0.1:{_port('registry')}",
        timeout=300,
        headers={"Authorization": f"Bearer {token}"},
    )
    with registry:
        summary = "demo data already loaded"
        if not registry.get("/companies", params={"limit": 1}).json()["items"]:
            say("demo companies: generating")
            companies = json.dumps(generate_companies()).encode()
            report = import_job(
                registry,
                "/companies/import",
                companies,
                "application/json",
                "demo companies",
                params={"publish": "true"},
            )
            summary = f"demo data loaded: {report['created']} companies"
            if report["rejected"]:
                summary += f" ({report['rejected']} rejected)"
        summary += "\n  " + _load_demo_year(env, issuer, clients_file, demo_file)
        store = ClientStore(clients_file)
        demo = json.loads(demo_file.read_text())
        for entry in demo:
            kind = {"local_company": "local", "international_company": "international"}.get(
                entry["role"]
            )
            if kind is None or registry.get(f"/companies/{entry['company_id']}").is_success:
                continue
            first = registry.get(
                "/companies",
                params={
                    "kind": kind,
                    "status": "active",
                    "sort": "name",
                    "limit": 1,
                    **({"in_scope": "true"} if kind == "local" else {}),
                },
            ).json()["items"]
            if first:
                entry["company_id"] = store.bind(entry["client_id"], first[0]["id"]).company_id
        demo_file.write_text(json.dumps(demo, indent=2))
    return summary


def say(line: str) -> None:
    """A line of progress while the stack starts: the first run has minutes of work."""
    print(f"blp: {line}", flush=True)


def import_job(
    client: Any,
    path: str,
    content: bytes,
    media_type: str,
    what: str,
    params: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Submit an import and follow its job to the end, a line whenever its count moves;
    its report (or an error with the job's failure)."""
    response = client.post(
        path, content=content, params=params, headers={"Content-Type": media_type}
    ).raise_for_status()
    location, said = response.headers["Location"], None
    while True:
        job = client.get(location).raise_for_status().json()
        if job["state"] == "succeeded":
            say(f"{what}: {job['done']:,} rows imported ({job['rejected']:,} rejected)")
            return dict(job["report"])
        if job["state"] == "failed":
            raise RuntimeError(f"{what}: the import failed: {job['failure']}")
        line = f"{what}: {job['state']}, {job['done']:,} of {job['total'] or '?'} rows"
        if line != said:
            say(line)
            said = line
        time.sleep(1.0)


def _load_demo_year(env: dict[str, str], issuer: Any, clients_file: Path, demo_file: Path) -> str:
    """The demo programme year (``blp.demo_year``), and the company demo users bound to the
    selected company and the nominating partner that have its data."""
    import httpx
    from gateway.clients import ApiClient, ClientStore

    from blp.demo_year import DemoError, load_demo_year

    def token(client_id: str, role: str, company_id: str | None) -> str:
        return str(issuer.issue(ApiClient(client_id, "", Role(role), company_id)))

    urls = {s: f"http://127.0.0.1:{_port(s)}" for s in DOMAIN_SERVICES}
    try:
        summary, bind = load_demo_year(urls, token, Path(env["BLP_DATA_DIR"]))
    except (DemoError, httpx.HTTPError) as error:  # the platform still runs; say what failed
        return f"demo year not loaded: {error}"
    store = ClientStore(clients_file)
    demo = json.loads(demo_file.read_text())
    for entry in demo:
        company = bind.get(entry["role"])
        if company and entry["company_id"] != company:
            entry["company_id"] = store.bind(entry["client_id"], uuid.UUID(company)).company_id
    demo_file.write_text(json.dumps(demo, indent=2))
    return summary


def _demo_company_id(role: Role) -> Any:
    import uuid

    return uuid.uuid5(uuid.NAMESPACE_URL, f"blp-demo/{role.value}")


def serve_command(service: str) -> list[str]:
    return [sys.executable, "-m", "blp.cli", "serve", service, "--migrate"]


def run_stack() -> int:
    directory = data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    nats_port = int(os.environ.get("BLP_NATS_PORT", DEFAULT_NATS_PORT))
    nats = NatsServer(directory / "nats", port=nats_port, log_file=directory / "nats.log")
    env = child_environment(directory, nats.url)
    supervisor = Supervisor(env)
    stopping = False

    def stop(signum: int, _frame: Any) -> None:
        nonlocal stopping
        stopping = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    started = time.monotonic()
    try:
        say(f"starting NATS (JetStream store in {directory / 'nats'})")
        nats.start()
        # before the gateway starts, so a ready gateway always has its demo clients
        demo_file = ensure_demo_clients(directory, Path(env["BLP_GATEWAY_CLIENTS_FILE"]))
        for service in SERVICES:
            supervisor.start(service, serve_command(service))
        say(f"starting {len(SERVICES)} services (each migrates its database first)")
        deadline = time.monotonic() + READY_TIMEOUT
        for n, service in enumerate(SERVICES, start=1):
            _wait_ready(f"http://127.0.0.1:{_port(service)}/readyz", deadline, supervisor)
            say(f"{service} ready ({n}/{len(SERVICES)}, {time.monotonic() - started:.0f}s)")
        summary = load_demo_data(env, Path(env["BLP_GATEWAY_CLIENTS_FILE"]), demo_file)
        _announce(directory, demo_file, nats.url, time.monotonic() - started, summary)
        while not stopping:
            supervisor.poll()
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    except (GaveUp, TimeoutError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        supervisor.stop()
        nats.stop()
        print("stopped", file=sys.stderr)
    return 0


def _announce(
    directory: Path, demo_file: Path, nats_url: str, seconds: float, demo_summary: str
) -> None:
    gateway = f"http://127.0.0.1:{_port('gateway')}"
    lines = [
        "",
        f"BLP platform is up ({seconds:.1f}s). Data in {directory}",
        f"  gateway        {gateway}",
        f"  API docs       {gateway}/docs",
        f"  dashboard      {gateway}/dashboard  (sign in as the demo ministry client)",
        f"  OpenAPI        {gateway}/openapi.json",
        *(
            f"  {s:<14} http://127.0.0.1:{_port(s)}  (via gateway: {gateway}/v1/{s}/)"
            for s in DOMAIN_SERVICES
        ),
        f"  NATS           {nats_url}",
        f"  demo clients   {demo_file}",
        f"  {demo_summary}",
        "",
        "Get a token (programme manager):",
        f"  curl -s -X POST {gateway}/v1/auth/token -d grant_type=client_credentials \\",
        "    -d client_id=demo-programme-manager -d client_secret=$(python3 -c "
        f"\"import json;print(next(c['client_secret'] for c in json.load(open('{demo_file}'))"
        " if c['role']=='programme_manager'))\")",
        "",
        "A service that crashes is restarted. Ctrl-C stops everything.",
    ]
    print("\n".join(lines), flush=True)
