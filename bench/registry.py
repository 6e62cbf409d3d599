"""Registry benchmark: CSV import, get-by-id and search at 100,000 companies, via the gateway.

For each backend (SQLite and PostgreSQL) the script starts a fresh stack of its own - nats-server
from the wheel, ``blp serve registry --migrate`` and ``blp serve gateway`` on free ports in a
temporary directory (a fresh PostgreSQL database, dropped at the end unless --keep) - mints a
``programme_manager`` token the way the gateway does, and measures through the gateway
(``/v1/registry/...``):

1. **CSV import** of N companies from the deterministic demo generator
   (``registry.demo.iter_companies``), in the import format of ``registry/bulk/csvformat.py``,
   ``POST .../companies/import?publish=true``, which answers 202 with a job that is polled
   (``GET .../companies/import-jobs/{id}``, every 0.25 s) until it has finished; then the
   same file again (every row unchanged). Timed end to end, from the upload's first byte to
   the first poll that sees the job finished; the outbox relay publishing the events
   afterwards is timed separately and waited for, so it never overlaps the read rows.
2. **get-by-id** (``GET .../companies/{id}``) over a random sample of ids: the floor.
3. **search** with ``q`` and two filters, two flavours: ``q`` + ``region`` +
   ``employees_min``, and ``q`` + ``capability`` + ``min_years_in_business``; ``q``
   rotates over common words of the demo data in Cyrillic and Latin.

Reads run under wrk (one thread) with a Lua script that rotates the request paths and prints
exact p50/p90/p95/p99 in its ``done()`` hook, at concurrency 1 and 16. Every read row also
records the CPU time per request of the registry, the gateway, the PostgreSQL backends (on
PostgreSQL) and wrk itself (the load generator's own cost), and how busy the machine was with
processes that are not ours.

Run: ``.venv/bin/python bench/registry.py [--quick] [--backend sqlite|postgres|both]
[--companies N]``. ``--quick`` is a smoke run: 10,000 companies (unless ``--companies`` is
given), 3 s rows after 1 s warm-up. The markdown report goes to stdout and to
``bench/results/registry-<UTC timestamp>.md``; progress goes to stderr. See
docs/performance-registry.md for the numbers and how to read them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import dataclasses
import importlib.util
import io
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

# Run as a script, this file's folder comes first on sys.path, and this file (registry.py)
# and bench/gateway.py would hide the services' ``registry`` and ``gateway`` packages.
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    del sys.path[0]

from bench.stats import percentile  # the repository root is on sys.path (make install)


def _load_bench() -> ModuleType:
    """bench/gateway.py by path (``import gateway`` would be ambiguous with the service): its
    process control, readiness wait and CPU accounting are reused here."""
    spec = importlib.util.spec_from_file_location(
        "bench_gateway", Path(__file__).with_name("gateway.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


GW = _load_bench()
BenchError: type[Exception] = GW.BenchError
log = GW.log

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the virtualenv this script runs in: blp, nats-server
PREFIX = "/v1/registry"
POLL_SECONDS = 0.25  # how often the import job is read while it runs
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
NOISY_CORES = 0.10  # a row during which others used more than this is flagged

# targets (issue 3, "Data and speed")
IMPORT_TARGET_ROWS, IMPORT_TARGET_SECONDS = 100_000, 60.0
SEARCH_P95_TARGET_MS = 50.0  # at concurrency 1
SEARCH_RATIO_TARGET = 1 / 3  # search req/s at c=16 >= a third of get-by-id req/s at c=16

INTERNATIONAL_SHARE = 30 / 2030  # as in the demo data: ~2,000 local and 30 international
SEED = 2027
ID_SAMPLE = 5000
# common words of the demo data, broad ("систем": about half the companies) to narrow
# ("kazakh": ~3 %), Cyrillic and Latin; each is a prefix query over the skeleton
SEARCH_WORDS = ("софт", "data", "систем", "network", "cloud", "1с", "разработка", "kazakh")
SEARCH_FLAVOURS: dict[str, list[dict[str, str]]] = {
    "search q+region+employees": [
        {"region": region, "employees_min": "10"} for region in ("almaty_city", "astana")
    ],
    "search q+capability+years": [
        {"capability": capability, "min_years_in_business": "3"}
        for capability in ("network_engineering", "custom_software", "business_intelligence")
    ],
}
HEADLINE_SEARCH = "search q+region+employees"
# The rotation above repeats 16-24 URLs, so after its first seconds every search is one the
# registry has met: its statement and its total are remembered. These rows ask each search
# once (an ``employees_max`` no company reaches makes each URL new without changing what it
# finds): what a stream of distinct searches gets. No target: read them beside the others.
ONCE = ", each asked once"
ONCE_PATHS = 8000
GET_BY_ID = "get-by-id"

WRK_SCRIPT = """\
-- bench/registry.py: rotate over the request paths in the file named after "--", and print
-- exact figures from done() (wrk --latency prints 50/75/90/99 only, rounded).
local paths, n = {}, 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  n = tonumber(args[2] or "0") % #paths
end

function request()
  n = n % #paths + 1
  return wrk.format("GET", paths[n])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests %d\\n", summary.requests))
  io.write(string.format("BENCH duration_us %d\\n", summary.duration))
  io.write(string.format("BENCH status_errors %d\\n", e.status))
  io.write(string.format("BENCH socket_errors %d\\n", e.connect + e.read + e.write + e.timeout))
  for _, p in ipairs({50, 90, 95, 99}) do
    io.write(string.format("BENCH p%d_us %d\\n", p, latency:percentile(p)))
  end
  io.write(string.format("BENCH mean_us %.1f\\n", latency.mean))
  io.write(string.format("BENCH max_us %d\\n", latency.max))
end
"""


# ---------------------------------------------------------------------------------------------
# the database under test


class Database(Protocol):
    backend: str
    label: str
    url: str  # for the registry (SQLAlchemy)

    def create(self) -> None: ...
    def drop(self) -> None: ...
    def rows(self, sql: str) -> list[tuple[Any, ...]]: ...
    def size_bytes(self) -> int: ...
    def server_pids(self) -> list[int]: ...


class SqliteDatabase:
    backend, label = "sqlite", "SQLite"

    def __init__(self, tmp: Path) -> None:
        self.path = tmp / "registry.db"
        self.url = f"sqlite+aiosqlite:///{self.path}"

    def create(self) -> None:
        """The registry creates the file when it migrates."""

    def drop(self) -> None:
        """The temporary directory goes, and the file with it."""

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
        try:
            return connection.execute(sql).fetchall()
        finally:
            connection.close()

    def size_bytes(self) -> int:
        files = (self.path, self.path.with_name(self.path.name + "-wal"))
        return sum(f.stat().st_size for f in files if f.exists())

    def server_pids(self) -> list[int]:
        return []  # in-process: its CPU is the registry's


class PostgresDatabase:
    """A database of its own on an existing server, created here and dropped at the end."""

    backend, label = "postgres", "PostgreSQL"

    def __init__(self, admin_url: str) -> None:
        parts = urllib.parse.urlsplit(admin_url)
        self.admin_url = admin_url
        self.name = f"blp_bench_registry_{uuid.uuid4().hex[:8]}"
        self.dsn = urllib.parse.urlunsplit(parts._replace(path=f"/{self.name}"))
        self.url = urllib.parse.urlunsplit(
            parts._replace(scheme="postgresql+asyncpg", path=f"/{self.name}")
        )
        self.created = False

    @staticmethod
    async def _fetch(dsn: str, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        import asyncpg

        connection = await asyncpg.connect(dsn)
        try:
            return [tuple(r) for r in await connection.fetch(sql, *args)]
        finally:
            await connection.close()

    def create(self) -> None:
        try:
            asyncio.run(self._fetch(self.admin_url, f'CREATE DATABASE "{self.name}"'))
        except Exception as exc:
            raise BenchError(
                f"cannot create a PostgreSQL database on {self.admin_url} ({exc}); start "
                "PostgreSQL, pass --pg-url, or run with --backend sqlite"
            ) from exc
        self.created = True

    def drop(self) -> None:
        if self.created:
            sql = f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'
            asyncio.run(self._fetch(self.admin_url, sql))
            self.created = False

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return asyncio.run(self._fetch(self.dsn, sql))

    def size_bytes(self) -> int:
        return int(self.rows("SELECT pg_database_size(current_database())")[0][0])

    def server_pids(self) -> list[int]:
        """The backends serving the registry's connections (their CPU is the database's)."""
        sql = "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()"
        return [int(r[0]) for r in asyncio.run(self._fetch(self.dsn, sql, self.name))]


# ---------------------------------------------------------------------------------------------
# the stack under test


@dataclass(frozen=True)
class Stack:
    gateway_url: str
    registry_pid: int
    gateway_pid: int
    database: Database
    token: str


def mint_token(private_pem: str) -> str:
    """A programme_manager access token as the gateway issues one (shared/testing/tokens.py),
    valid long enough for a full run."""
    from shared.auth import Role
    from shared.testing.tokens import mint_token as mint

    return mint(
        private_pem, Role.PROGRAMME_MANAGER, sub="bench-registry", exp=int(time.time()) + 8 * 3600
    )


def stack_env(
    tmp: Path,
    nats_url: str,
    database: Database,
    keys: tuple[str, str],
    ports: dict[str, int],
    workers: bool = True,
) -> dict[str, str]:
    """One environment for both children, as blp/stack.py ``child_environment`` builds it."""
    private, public = keys
    return dict(
        os.environ,
        BLP_DATA_DIR=str(tmp),
        BLP_REGISTRY_PORT=str(ports["registry"]),
        BLP_REGISTRY_DATABASE_URL=database.url,
        BLP_REGISTRY_NATS_URL=nats_url,
        BLP_REGISTRY_JWT_PUBLIC_KEY=public,
        BLP_REGISTRY_LOG_LEVEL="WARNING",
        BLP_REGISTRY_RUN_WORKERS="true" if workers else "false",
        BLP_GATEWAY_PORT=str(ports["gateway"]),
        BLP_GATEWAY_REGISTRY_URL=f"http://127.0.0.1:{ports['registry']}",
        BLP_GATEWAY_JWT_PRIVATE_KEY=private,
        BLP_GATEWAY_JWT_PUBLIC_KEY=public,
        BLP_GATEWAY_CLIENTS_FILE=str(tmp / "clients.json"),
        BLP_GATEWAY_LOG_LEVEL="WARNING",
        # this measures the registry, not the limiter turning wrk away with 429s
        BLP_GATEWAY_RATE_LIMIT_PER_MINUTE="1000000000",
        BLP_GATEWAY_RATE_LIMIT_BURST="1000000000",
        # the default (30 s) is shorter than a 100,000-row import may take on a slow machine
        BLP_GATEWAY_UPSTREAM_TIMEOUT_SECONDS="900",
    )


@contextlib.contextmanager
def running_stack(
    tmp: Path, database: Database, workers: bool = True, keep: bool = False
) -> Iterator[Stack]:
    """NATS, the registry (migrating its fresh database) and the gateway, ready; all stopped
    and the database dropped on exit (unless ``keep``), also on errors and Ctrl-C."""
    from shared.keys import generate_keypair
    from shared.natsserver import NatsServer, free_port

    children = GW.Children(tmp)
    nats = NatsServer(tmp / "nats", log_file=tmp / "nats.log")
    try:
        database.create()
        nats.start()
        keys = generate_keypair()
        ports = {"registry": free_port(), "gateway": free_port()}
        env = stack_env(tmp, nats.url, database, keys, ports, workers)
        blp = str(BIN / "blp")
        registry = children.start("registry", [blp, "serve", "registry", "--migrate"], env)
        GW.wait_http(f"http://127.0.0.1:{ports['registry']}/readyz", registry, children, "registry")
        gateway = children.start("gateway", [blp, "serve", "gateway"], env)
        gateway_url = f"http://127.0.0.1:{ports['gateway']}"
        GW.wait_http(gateway_url + "/healthz", gateway, children, "gateway")
        yield Stack(gateway_url, registry.pid, gateway.pid, database, mint_token(keys[0]))
    finally:
        children.stop_all()
        nats.stop()
        if keep:
            log(f"kept the database: {database.url}")
        else:
            database.drop()


# ---------------------------------------------------------------------------------------------
# HTTP through the gateway (set-up and the import; the read rows use wrk)


def call(stack: Stack, method: str, path: str, body: bytes | None = None, **kw: Any) -> Any:
    headers = {"Authorization": f"Bearer {stack.token}", **kw.pop("headers", {})}
    request = urllib.request.Request(
        stack.gateway_url + PREFIX + path, data=body, method=method, headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=kw.pop("timeout", 60)) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode(errors="replace")[:2000]
        raise BenchError(f"{method} {path} answered {exc.code}: {detail}") from None


# ---------------------------------------------------------------------------------------------
# CPU accounting


@dataclass(frozen=True)
class CpuSnapshot:
    """CPU-seconds used so far by each party, and by the whole machine."""

    registry: float
    gateway: float
    database: dict[int, float]  # per PostgreSQL backend
    client: float  # this script and its finished children (each wrk run is one)
    machine: float
    at: float


class CpuMeter:
    """CPU per party: the registry, the gateway, the PostgreSQL backends serving the
    registry's connections, and the client (this script, wrk)."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack

    def snapshot(self, db_pids: list[int] | None = None) -> CpuSnapshot:
        if db_pids is None:
            db_pids = self.stack.database.server_pids()
        pids = [self.stack.registry_pid, self.stack.gateway_pid, *db_pids]
        used = GW.tree_cpu_seconds(pids)
        return CpuSnapshot(
            registry=used[self.stack.registry_pid],
            gateway=used[self.stack.gateway_pid],
            database={p: used[p] for p in db_pids},
            client=GW.own_cpu_seconds(),
            machine=GW.machine_busy_seconds(),
            at=time.monotonic(),
        )

    def since(self, before: CpuSnapshot) -> tuple[dict[str, float], float]:
        """CPU-seconds each party used since ``before``, and others' load in cores."""
        # only backends still there: a gone one reads as 0 (negative "use"); its CPU is lost
        after = self.snapshot(self.stack.database.server_pids())
        used = {
            "registry": after.registry - before.registry,
            "gateway": after.gateway - before.gateway,
            # a backend that came up meanwhile counts from zero
            "database": sum(v - before.database.get(p, 0.0) for p, v in after.database.items()),
            "client": after.client - before.client,
        }
        others = (after.machine - before.machine - sum(used.values())) / (after.at - before.at)
        return used, max(0.0, others)


# ---------------------------------------------------------------------------------------------
# 1. the CSV import


def company_csv(n: int) -> tuple[bytes, int, int]:
    """N demo companies (local, then ~1.5 % international) as an import CSV."""
    from registry.bulk.csvformat import COLUMNS, cell
    from registry.demo import iter_companies

    n_international = round(n * INTERNATIONAL_SHARE)
    n_local = n - n_international
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for company in iter_companies(n_local, n_international, SEED):
        writer.writerow([cell(company.get(column)) for column in COLUMNS])
    return buffer.getvalue().encode(), n_local, n_international


@dataclass(frozen=True)
class ImportRun:
    label: str
    rows: int
    seconds: float
    report: dict[str, Any]
    cpu: dict[str, float]
    other_cores: float
    drain_seconds: float | None = None  # outbox relay publishing the import's events

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds


def unpublished_events(database: Database) -> int:
    return int(
        database.rows("SELECT count(*) FROM outbox_message WHERE published_at IS NULL")[0][0]
    )


def wait_for_outbox(database: Database, timeout: float) -> float | None:
    """Seconds until the relay has published every outbox row (None: not within timeout)."""
    started = time.monotonic()
    last_report = started
    if unpublished_events(database) == 0:
        return 0.0
    while True:
        left = unpublished_events(database)
        now = time.monotonic()
        if left == 0:
            return now - started
        if now - started > timeout:
            log(f"  outbox: {left} events still unpublished after {timeout:.0f} s; going on")
            return None
        if now - last_report >= 15:
            log(f"  outbox: {left} events to publish")
            last_report = now
        time.sleep(0.5)


def run_import(
    stack: Stack, meter: CpuMeter, label: str, body: bytes, rows: int, drain_timeout: float
) -> ImportRun:
    cpu_before = meter.snapshot()
    started = time.monotonic()
    job = call(
        stack,
        "POST",
        "/companies/import?publish=true",
        body,
        headers={"Content-Type": "text/csv"},
        timeout=3600,
    )
    accepted = time.monotonic() - started
    said = -1
    # the import runs as a job: poll it until it ends; the time is the caller's, from the
    # first byte sent to the first poll that sees the job finished (polled every 0.25 s)
    while job["state"] in ("queued", "running"):
        time.sleep(POLL_SECONDS)
        job = call(stack, "GET", f"/companies/import-jobs/{job['id']}")
        if job["done"] // 20_000 != said:
            said = job["done"] // 20_000
            log(f"  {label}: {job['state']}, {job['done']} of {job['total'] or '?'} rows")
    seconds = time.monotonic() - started
    cpu, others = meter.since(cpu_before)
    if job["state"] != "succeeded":
        raise BenchError(f"{label}: the import job failed: {job['failure']}")
    report = job["report"]
    log(
        f"  {label}: upload answered 202 after {accepted:.1f} s; "
        f"{rows} rows in {seconds:.1f} s = {rows / seconds:.0f} rows/s "
        f"(created {report['created']}, updated {report['updated']}, "
        f"unchanged {report['unchanged']}, rejected {report['rejected']})"
    )
    if report["rejected"]:
        log(f"  first rejections: {report['errors'][:3]}")
    drain = None
    if drain_timeout > 0:  # 0.0: the relay kept up, nothing was left to publish
        drain = wait_for_outbox(stack.database, drain_timeout)
        if drain:
            log(f"  outbox relay published the import's events {drain:.1f} s after the import")
    return ImportRun(label, rows, seconds, report, cpu, others, drain)


# ---------------------------------------------------------------------------------------------
# 2 and 3. the read rows, under wrk


@dataclass(frozen=True)
class Case:
    label: str
    paths: list[str]
    concurrency: int


@dataclass(frozen=True)
class Row:
    label: str
    concurrency: int
    rps: float
    p50_ms: float
    p90_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    cpu_us: dict[str, float]  # CPU time per request: registry, gateway, database, client
    other_cores: float
    round: int = 0  # --rounds: every row is measured once per round, rows interleaved


_BENCH_LINE = re.compile(r"^BENCH (\w+) ([\d.]+)$", re.MULTILINE)


def run_wrk(
    wrk: str, stack: Stack, script: Path, paths_file: Path, concurrency: int, seconds: int
) -> dict[str, float]:
    args = [
        wrk,
        "-t1",
        f"-c{concurrency}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        "-H",
        f"Authorization: Bearer {stack.token}",
        stack.gateway_url,
        "--",
        str(paths_file),
        str(random.randrange(1_000_000)),
    ]
    done = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 60, check=False)
    figures = {k: float(v) for k, v in _BENCH_LINE.findall(done.stdout)}
    if done.returncode != 0 or "requests" not in figures:
        raise BenchError(f"wrk failed ({done.returncode}): {done.stderr.strip()}\n{done.stdout}")
    return figures


def measure(
    wrk: str,
    stack: Stack,
    meter: CpuMeter,
    tmp: Path,
    case: Case,
    args: argparse.Namespace,
) -> Row:
    """Warm up, wait for a quiet machine, measure; re-measure (up to ``--retries`` times) if
    others' load intruded, keeping the least disturbed attempt."""
    script = tmp / "rotate.lua"
    script.write_text(WRK_SCRIPT)
    paths_file = tmp / f"paths-{re.sub(r'[^a-z0-9]+', '-', case.label)}.txt"
    paths_file.write_text("\n".join(case.paths) + "\n")
    if args.warmup:
        run_wrk(wrk, stack, script, paths_file, case.concurrency, args.warmup)
    best: Row | None = None
    for attempt in range(args.retries + 1):
        if attempt:
            log(f"  others used {best.other_cores * 100:.0f} % of a core: measuring again")  # type: ignore[union-attr]
        GW.wait_for_quiet(args.quiet_wait)
        cpu_before = meter.snapshot()
        figures = run_wrk(wrk, stack, script, paths_file, case.concurrency, args.duration)
        cpu, others = meter.since(cpu_before)
        requests = max(figures["requests"], 1.0)
        row = Row(
            label=case.label,
            concurrency=case.concurrency,
            rps=figures["requests"] / (figures["duration_us"] / 1e6),
            p50_ms=figures["p50_us"] / 1e3,
            p90_ms=figures["p90_us"] / 1e3,
            p95_ms=figures["p95_us"] / 1e3,
            p99_ms=figures["p99_us"] / 1e3,
            errors=int(figures["status_errors"] + figures["socket_errors"]),
            cpu_us={k: v / requests * 1e6 for k, v in cpu.items()},
            other_cores=others,
        )
        if best is None or row.other_cores < best.other_cores:
            best = row
        if best.other_cores <= NOISY_CORES:
            break
    assert best is not None
    db = f"  db {best.cpu_us['database']:5.0f}" if stack.database.backend == "postgres" else ""
    log(
        f"  {best.label:<28} c={best.concurrency:<3} {best.rps:>7.1f} req/s  "
        f"p50 {best.p50_ms:7.2f}  p95 {best.p95_ms:7.2f}  p99 {best.p99_ms:7.2f} ms  "
        f"CPU us/req: registry {best.cpu_us['registry']:5.0f}  "
        f"gateway {best.cpu_us['gateway']:4.0f}{db}  wrk {best.cpu_us['client']:4.0f}  "
        f"others {best.other_cores * 100:3.0f} %"
        + (f"  ERRORS {best.errors}" if best.errors else "")
    )
    return best


def id_paths(database: Database, sample: int) -> list[str]:
    ids = sorted(str(uuid.UUID(str(r[0]))) for r in database.rows("SELECT id FROM company"))
    chosen = random.Random(SEED).sample(ids, min(sample, len(ids)))
    return [f"{PREFIX}/companies/{i}" for i in chosen]


def search_paths(filters: list[dict[str, str]]) -> list[str]:
    """Every word with every filter variant, interleaved so consecutive calls differ in both."""
    paths = []
    for n, word in enumerate(SEARCH_WORDS * len(filters)):
        params = {"q": word, **filters[n % len(filters)]}
        paths.append(f"{PREFIX}/companies?{urllib.parse.urlencode(params)}")
    return list(dict.fromkeys(paths))


def once_paths(filters: list[dict[str, str]]) -> list[str]:
    """``search_paths`` made distinct: ONCE_PATHS of them, none asked twice in a row."""
    paths = search_paths(filters)
    return [f"{paths[n % len(paths)]}&employees_max={200_000 + n}" for n in range(ONCE_PATHS)]


def match_counts(database: Database) -> list[dict[str, Any]]:
    """How many companies each query finds, to read the timings against: counted in this
    process with the registry's own query builder, on its database (an API call with facet
    counts takes seconds per query at this size)."""
    import sqlalchemy as sa
    from registry.company import search

    from shared.db import create_engine

    def query(params: dict[str, str]) -> Any:
        return search.SearchQuery(
            q=params["q"],
            region=params.get("region"),
            employees_min=int(params["employees_min"]) if "employees_min" in params else None,
            capability=[params["capability"]] if "capability" in params else [],
            min_years_in_business=(
                int(params["min_years_in_business"]) if "min_years_in_business" in params else None
            ),
        )

    async def count_all() -> list[dict[str, Any]]:
        engine = create_engine(database.url)
        try:
            async with engine.connect() as connection:

                async def total(params: dict[str, str]) -> int:
                    statement = search.matching(connection.dialect.name, query(params), None, True)
                    counted = sa.select(sa.func.count()).select_from(statement.subquery())
                    return int((await connection.execute(counted)).scalar_one())

                counts = []
                for word in SEARCH_WORDS:
                    entry: dict[str, Any] = {"q": word, "q only": await total({"q": word})}
                    for flavour, variants in SEARCH_FLAVOURS.items():
                        found = [await total({"q": word, **v}) for v in variants]
                        low, high = min(found), max(found)
                        entry[flavour] = str(low) if low == high else f"{low}-{high}"
                    counts.append(entry)
                return counts
        finally:
            await engine.dispose()

    return asyncio.run(count_all())


def word_latencies(stack: Stack, samples: int) -> list[dict[str, Any]]:
    """Search latency per ``q`` word at concurrency 1: what the rotation's p95 is made of.

    Sequential calls from this script (urllib, a new connection each: about 1 ms more than
    wrk's kept-alive connection), the filter variants rotated, after one warm-up call each.
    """
    table = []
    for word in SEARCH_WORDS:
        entry: dict[str, Any] = {"q": word}
        for flavour, variants in SEARCH_FLAVOURS.items():
            paths = [f"/companies?{urllib.parse.urlencode({'q': word, **v})}" for v in variants]
            for path in paths:
                call(stack, "GET", path)
            timings = []
            for n in range(samples):
                started = time.perf_counter()
                call(stack, "GET", paths[n % len(paths)])
                timings.append((time.perf_counter() - started) * 1e3)
            entry[flavour] = (statistics.median(timings), percentile(timings, 95))
        table.append(entry)
    return table


# ---------------------------------------------------------------------------------------------
# one backend, end to end


@dataclass
class BackendResult:
    database_label: str
    companies: int
    n_local: int
    n_international: int
    csv_bytes: int
    imports: list[ImportRun] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    counts: list[dict[str, Any]] = field(default_factory=list)
    words: list[dict[str, Any]] = field(default_factory=list)
    db_bytes: int = 0


def run_backend(
    database: Database,
    body: bytes,
    n_local: int,
    n_international: int,
    wrk: str,
    args: argparse.Namespace,
    tmp: Path,
) -> BackendResult:
    n = n_local + n_international
    result = BackendResult(database.label, n, n_local, n_international, len(body))
    log(f"{database.label}: starting nats-server, the registry and the gateway")
    with running_stack(tmp, database, args.workers, args.keep) as stack:
        meter = CpuMeter(stack)
        drain = args.drain_timeout if args.workers else 0.0  # without a relay, nothing drains
        GW.wait_for_quiet(args.quiet_wait)
        log(f"{database.label}: CSV import of {n} companies ({len(body) / 1e6:.1f} MB)")
        result.imports.append(run_import(stack, meter, "first import", body, n, drain))
        GW.wait_for_quiet(args.quiet_wait)
        result.imports.append(run_import(stack, meter, "same file again", body, n, drain))
        result.db_bytes = database.size_bytes()
        log(f"{database.label}: {result.db_bytes / 1e6:.0f} MB on disk; counting matches")
        result.counts = match_counts(database)
        cases = []
        for concurrency in args.concurrency:
            cases.append(Case(GET_BY_ID, id_paths(database, ID_SAMPLE), concurrency))
            for flavour, filters in SEARCH_FLAVOURS.items():
                cases.append(Case(flavour, search_paths(filters), concurrency))
                if concurrency == max(args.concurrency):
                    cases.append(Case(flavour + ONCE, once_paths(filters), concurrency))
        cases.sort(key=lambda c: (c.label != GET_BY_ID, c.label, c.concurrency))
        # rounds interleave the rows, so a change in the machine's speed during the run hits
        # get-by-id and the searches alike, and each round's ratio pairs rows minutes apart
        for number in range(args.rounds):
            if args.rounds > 1:
                log(f"{database.label}: round {number + 1} of {args.rounds}")
            for case in cases:
                row = measure(wrk, stack, meter, tmp, case, args)
                result.rows.append(dataclasses.replace(row, round=number))
        log(f"{database.label}: search latency per word at c=1")
        GW.wait_for_quiet(args.quiet_wait)
        result.words = word_latencies(stack, args.word_samples)
    return result


# ---------------------------------------------------------------------------------------------
# the report


def _output(args: list[str]) -> str:
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    return (done.stdout + done.stderr).strip()


def machine_lines(wrk: str, postgres: bool, pg_url: str) -> list[str]:
    cpu_model = "unknown"
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    memory = "?"
    with open("/proc/meminfo") as meminfo:
        memory = f"{int(meminfo.readline().split()[1]) / 1024**2:.0f} GiB RAM"
    commit = _output(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    dirty = _output(["git", "-C", str(ROOT), "status", "--porcelain", "--", "services/registry"])
    software = [f"Python {platform.python_version()}", _output([wrk, "-v"]).split(" [")[0]]
    if postgres:
        with contextlib.suppress(Exception):
            version = asyncio.run(PostgresDatabase._fetch(pg_url, "SHOW server_version"))
            software.append(f"PostgreSQL {version[0][0]}")
    software.append(f"SQLite {sqlite3.sqlite_version}")
    return [
        f"- machine: nproc {len(os.sched_getaffinity(0))}, {cpu_model}, {memory}, "
        f"{platform.system()} {platform.release()}",
        f"- software: {', '.join(software)}, commit {commit}"
        + (" (services/registry modified)" if dirty else ""),
    ]


def _verdict(ok: bool) -> str:
    return "**PASS**" if ok else "**MISS**"


def _find(rows: list[Row], label: str, concurrency: int) -> list[Row]:
    """The row's measurements, one per round, in round order."""
    return [r for r in rows if r.label == label and r.concurrency == concurrency]


def _median_of(values: list[float]) -> tuple[float, str]:
    """The median, and the values it is the median of (when there is more than one)."""
    each = f" (median of {', '.join(f'{v:.2f}' for v in values)})" if len(values) > 1 else ""
    return statistics.median(values), each


def target_lines(result: BackendResult, concurrency: list[int]) -> list[str]:
    low, high = min(concurrency), max(concurrency)
    lines = []
    first = result.imports[0]
    allowed = IMPORT_TARGET_SECONDS * first.rows / IMPORT_TARGET_ROWS
    scaled = "" if first.rows == IMPORT_TARGET_ROWS else f", scaled to {first.rows} rows"
    lines.append(
        f"- import of {first.rows} rows: **{first.seconds:.1f} s** ({first.rows_per_second:.0f} "
        f"rows/s; target <= {allowed:.1f} s{scaled}) {_verdict(first.seconds <= allowed)}"
    )
    gets = _find(result.rows, GET_BY_ID, high)
    for flavour in SEARCH_FLAVOURS:
        tag = " (headline)" if flavour == HEADLINE_SEARCH else ""
        if rows := _find(result.rows, flavour, low):
            p95, each = _median_of([r.p95_ms for r in rows])
            lines.append(
                f"- {flavour}{tag}, p95 at c={low}: **{p95:.1f} ms**{each} (target <= "
                f"{SEARCH_P95_TARGET_MS:g} ms) {_verdict(p95 <= SEARCH_P95_TARGET_MS)}"
            )
        rows = _find(result.rows, flavour, high)
        if rows and len(rows) == len(gets):
            # each round's searches against that round's get-by-id
            ratio, each = _median_of([r.rps / g.rps for r, g in zip(rows, gets, strict=True)])
            lines.append(
                f"- {flavour}{tag} / get-by-id throughput at c={high}: **{ratio:.2f}**{each} "
                f"(target >= 0.33) {_verdict(ratio >= SEARCH_RATIO_TARGET)}"
            )
        rows = _find(result.rows, flavour + ONCE, high)
        if rows and len(rows) == len(gets):
            ratio, each = _median_of([r.rps / g.rps for r, g in zip(rows, gets, strict=True)])
            lines.append(
                f"- {flavour}{ONCE} / get-by-id throughput at c={high}: **{ratio:.2f}**{each} "
                "(no target: every search new to the registry)"
            )
    return lines


def render_backend(result: BackendResult, args: argparse.Namespace) -> list[str]:
    postgres = result.database_label == "PostgreSQL"
    imports = [
        "| run | rows | seconds | rows/s | created | updated | unchanged | rejected "
        "| registry CPU s | gateway CPU s |"
        + (" PostgreSQL CPU s |" if postgres else "")
        + " others' CPU | outbox drained after |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        + (" ---: |" if postgres else "")
        + " ---: | ---: |",
    ]
    for run in result.imports:
        r = run.report
        if not args.workers:
            drain = "relay off"
        elif run.drain_seconds is None:
            drain = f"> {args.drain_timeout:.0f} s"
        else:
            drain = f"{run.drain_seconds:.1f} s"
        imports.append(
            f"| {run.label} | {run.rows} | {run.seconds:.1f} | {run.rows_per_second:.0f} "
            f"| {r['created']} | {r['updated']} | {r['unchanged']} | {r['rejected']} "
            f"| {run.cpu['registry']:.1f} | {run.cpu['gateway']:.1f} |"
            + (f" {run.cpu['database']:.1f} |" if postgres else "")
            + f" {run.other_cores * 100:.0f} % | {drain} |"
        )
    reads = [
        "| request | c | round | req/s | p50 ms | p90 ms | p95 ms | p99 ms | errors "
        "| registry CPU µs/req | gateway CPU µs/req |"
        + (" PostgreSQL CPU µs/req |" if postgres else "")
        + " wrk CPU µs/req | others' CPU |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        + (" ---: |" if postgres else "")
        + " ---: | ---: |",
    ]
    for row in sorted(result.rows, key=lambda r: (r.label, r.concurrency, r.round)):
        reads.append(
            f"| {row.label} | {row.concurrency} | {row.round + 1} | {row.rps:.1f} "
            f"| {row.p50_ms:.2f} | {row.p90_ms:.2f} | {row.p95_ms:.2f} | {row.p99_ms:.2f} "
            f"| {row.errors} "
            f"| {row.cpu_us['registry']:.0f} | {row.cpu_us['gateway']:.0f} |"
            + (f" {row.cpu_us['database']:.0f} |" if postgres else "")
            + f" {row.cpu_us['client']:.0f} | {row.other_cores * 100:.0f} % |"
        )
    flavours = list(SEARCH_FLAVOURS)
    counts = [
        "| q | matches, q only | "
        + " | ".join(f"with {f.removeprefix('search ')}" for f in flavours)
        + " |",
        "| --- | ---: | " + " | ".join("---:" for _ in flavours) + " |",
    ]
    for entry in result.counts:
        counts.append(
            f"| {entry['q']} | {entry['q only']} | " + " | ".join(entry[f] for f in flavours) + " |"
        )
    words = [
        "| q | "
        + " | ".join(f"{f.removeprefix('search ')}: p50 / p95 ms" for f in flavours)
        + " |",
        "| --- | " + " | ".join("---:" for _ in flavours) + " |",
    ]
    for entry in result.words:
        words.append(
            f"| {entry['q']} | "
            + " | ".join(f"{entry[f][0]:.0f} / {entry[f][1]:.0f}" for f in flavours)
            + " |"
        )
    noisy = [
        f"{r.label} c={r.concurrency} round {r.round + 1}"
        for r in result.rows
        if r.other_cores > NOISY_CORES
    ]
    errors = [
        f"{r.label} c={r.concurrency} round {r.round + 1}: {r.errors}"
        for r in result.rows
        if r.errors
    ]
    notes = []
    if noisy:
        notes += [
            f"**Noisy**: other processes used more than {NOISY_CORES * 100:.0f} % of a core "
            f"during: {', '.join(noisy)}. Re-run on a quiet machine before trusting these.",
            "",
        ]
    if errors:
        notes += [f"**Errors (non-2xx or socket)**: {'; '.join(errors)}", ""]
    return [
        f"## {result.database_label}",
        "",
        f"{result.companies} companies ({result.n_local} local, {result.n_international} "
        f"international), CSV {result.csv_bytes / 1e6:.1f} MB; database "
        f"{result.db_bytes / 1e6:.0f} MB after the imports.",
        "",
        "CSV import (`POST /v1/registry/companies/import?publish=true`, text/csv, "
        "end to end through the gateway):",
        "",
        *imports,
        "",
        f"Reads (wrk -t1, {args.duration} s per row after {args.warmup} s warm-up, "
        f"programme_manager token; 20 results per search page; {args.rounds} round(s), "
        "the rows interleaved):",
        "",
        *reads,
        "",
        *notes,
        "Targets:",
        "",
        *target_lines(result, args.concurrency),
        "",
        "Companies each query finds (rotated over the filter variants):",
        "",
        *counts,
        "",
        f"Search latency per word at c=1 ({args.word_samples} sequential calls each from a "
        "Python client through the gateway, filter variants rotated):",
        "",
        *words,
        "",
    ]


def render(
    results: list[BackendResult], args: argparse.Namespace, wrk: str, started: datetime
) -> str:
    postgres = any(r.database_label == "PostgreSQL" for r in results)
    searches = "; ".join(
        f"`{name}`: q in {{{', '.join(SEARCH_WORDS)}}} x "
        + " / ".join(urllib.parse.urlencode(f) for f in filters)
        for name, filters in SEARCH_FLAVOURS.items()
    )
    relay = (
        "outbox relay and consumers running"
        if args.workers
        else "**outbox relay and consumers off** (BLP_REGISTRY_RUN_WORKERS=false)"
    )
    parts = [
        f"# Registry benchmark, {started.strftime('%Y-%m-%d %H:%M UTC')}",
        "",
        "Through the gateway (`/v1/registry/...`), each backend on a fresh stack "
        "(nats-server, `blp serve registry --migrate`, `blp serve gateway`, log level WARNING, "
        f"{relay}). Get-by-id rotates over "
        f"{ID_SAMPLE} random ids; searches rotate over: {searches}. "
        "CPU columns: CPU time per request from /proc; wrk's is the load generator's own "
        "cost; others' CPU: what processes outside the benchmark used meanwhile, in % of one "
        "core. wrk, the gateway, the registry and PostgreSQL share the machine's CPUs.",
        "",
        *machine_lines(wrk, postgres, args.pg_url),
        "- command: `" + " ".join([".venv/bin/python bench/registry.py", *sys.argv[1:]]) + "`",
        "",
    ]
    for result in results:
        parts += render_backend(result, args)
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------------
# command line


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise BenchError("wrk not found; install it: apt-get install -y wrk")
    log("installing wrk with apt-get ...")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "wrk"]):
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise BenchError(f"`{' '.join(command)}` failed: {done.stderr.strip()[-2000:]}")
    wrk = shutil.which("wrk")
    if not wrk:
        raise BenchError("apt-get reported success but wrk is still not on PATH")
    return wrk


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--backend", choices=("sqlite", "postgres", "both"), default="both", help="database"
    )
    parser.add_argument(
        "--companies", type=int, default=None, help="companies to import (default 100000)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: 10000 companies (unless --companies), 3 s rows, 1 s warm-up",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per read row")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per read row")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 16])
    parser.add_argument(
        "--rounds",
        type=int,
        default=None,
        help="measure every read row this many times, interleaved; targets use the medians "
        "(default 3, with --quick 1)",
    )
    parser.add_argument(
        "--pg-url", default=DEFAULT_PG_URL, help="PostgreSQL server to create the database on"
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=60.0,
        help="before each measurement, wait up to this many seconds for other load to stop",
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=2,
        help="re-measure a read row up to this many times if others used over 10 %% of a core",
    )
    parser.add_argument(
        "--drain-timeout",
        type=float,
        default=900.0,
        help="wait up to this many seconds for the outbox relay after an import",
    )
    parser.add_argument(
        "--word-samples", type=int, default=20, help="calls per word for the per-word table"
    )
    parser.add_argument(
        "--no-workers",
        dest="workers",
        action="store_false",
        help="run the registry without its outbox relay and consumers (to see what they cost)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory and the database"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.duration, args.warmup, args.word_samples = 3, 1, 5
        args.companies = args.companies or 10_000
    args.companies = args.companies or 100_000
    if args.rounds is None:
        args.rounds = 1 if args.quick else 3
    if (
        args.companies < 100
        or args.duration < 1
        or args.warmup < 0
        or min(args.concurrency) < 1
        or args.rounds < 1
    ):
        parser.error("--companies >= 100; --duration, --concurrency and --rounds must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = datetime.now(UTC)
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    results: list[BackendResult] = []
    try:
        wrk = ensure_wrk()
        log(f"generating {args.companies} demo companies as CSV ...")
        body, n_local, n_international = company_csv(args.companies)
        for backend in backends:
            tmp = Path(tempfile.mkdtemp(prefix=f"blp-bench-registry-{backend}-"))
            try:
                database: Database = (
                    SqliteDatabase(tmp) if backend == "sqlite" else PostgresDatabase(args.pg_url)
                )
                results.append(
                    run_backend(database, body, n_local, n_international, wrk, args, tmp)
                )
            finally:
                if args.keep:
                    log(f"kept {tmp}")
                else:
                    shutil.rmtree(tmp, ignore_errors=True)
    except BenchError as exc:
        log(f"error: {exc}")
        return 1
    GW.save_report("registry", render(results, args, wrk, started), started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
