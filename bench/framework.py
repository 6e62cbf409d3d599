"""Results framework benchmark: ``GET /v1/framework`` and ``GET /v1/dashboard/cohorts/{id}``
at the gateway, with every service up, with one down and with one hung (issue 16).

    make bench-framework                       # = .venv/bin/python bench/framework.py
    .venv/bin/python bench/framework.py --quick
    .venv/bin/python bench/framework.py --rounds 3 --timeout 2

Starts the stack as ``make run`` does (``blp.stack``: nats-server from the wheel, the four
services each migrating its SQLite database, the gateway), but as children on free ports in
a temporary directory, at WARNING log level and with the gateway's rate limit out of reach;
then loads the registry's demo companies and the deterministic demo year
(``blp.demo_year``) exactly as ``make run`` loads them, so the figures are for a real
cohort (28 nominations, 20 companies selected, their plans, training and budget).

Then, in ``--rounds`` interleaved rounds, for each condition:

- **up**: every service up; here also each service's own ``GET /indicators`` called
  directly (the reference: the framework cannot be faster than its slowest part);
- **down X**: service X's process stopped (SIGTERM; the gateway meets connection refused),
  started again afterwards, for X in registry, assessment, training, finance;
- **hung X**: X stopped with SIGSTOP (it accepts connections but never answers, so the
  gateway waits for its per-service timeout), SIGCONT afterwards;

both calls through the gateway, sequentially (p50/p95/p99) and from 8 concurrent callers.
Every answer is checked: a 200, X's indicators ``unavailable`` with the reason the gateway
gives, everyone else's ``available``; anything else stops the benchmark with the answer.
No timing is judged: the report gives figures beside the configured timeout.

The report (markdown) goes to stdout and ``bench/results/framework-<UTC time>.md``;
progress to stderr. See bench/README.md for how to read it.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path, and bench/gateway.py,
# registry.py... would hide the services' packages of the same names.
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    del sys.path[0]

import argparse
import asyncio
import contextlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode

import httpx

from bench import gateway as gw  # process control, readiness, CPU accounting, the report file
from bench.stats import percentile  # the repository root is on sys.path (make install)
from blp.services import DOMAIN_SERVICES, SERVICES

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = DOMAIN_SERVICES  # registry, assessment, training, finance
PROCESSES = SERVICES  # and the gateway
NOISY_CORES = gw.NOISY_CORES


class BenchError(gw.BenchError):
    """A step that failed, or an answer that is not what its condition must give: the
    benchmark stops with it."""


@dataclass(frozen=True)
class Endpoint:
    label: str
    path: str  # with the cohort's id as {cohort}


FRAMEWORK = Endpoint("framework", "/v1/framework?cohort_id={cohort}")
DASHBOARD = Endpoint("dashboard", "/v1/dashboard/cohorts/{cohort}")


@dataclass(frozen=True)
class Condition:
    """Every service up, or one of them down (stopped) or hung (SIGSTOP)."""

    kind: str  # "up", "down", "hung"
    service: str | None = None

    @property
    def label(self) -> str:
        return "all up" if self.service is None else f"{self.service} {self.kind}"


@dataclass
class Sample:
    """One row's timings (ms), its wall time, and the CPU used meanwhile."""

    timings: list[float]
    seconds: float
    cpu: dict[str, float]  # CPU-seconds per part and "client" (this script)
    others: float  # cores used by processes outside the benchmark
    detail: str | None = None  # what the gateway said of the missing service


@dataclass
class Row:
    condition: str
    what: str
    concurrency: int
    samples: list[Sample]

    @property
    def timings(self) -> list[float]:
        return [t for s in self.samples for t in s.timings]


# ---------------------------------------------------------------------------------------------
# the stack


@dataclass
class Stack:
    children: gw.Children
    env: dict[str, str]
    processes: dict[str, gw.Popen]
    urls: dict[str, str]
    token: str
    cohort: str
    timeout: float

    def start(self, name: str) -> None:
        from blp.stack import serve_command

        process = self.children.start(name, serve_command(name), self.env)
        self.processes[name] = process
        ready = "/healthz" if name == "gateway" else "/readyz"
        gw.wait_http(self.urls[name] + ready, process, self.children, name)

    def stop(self, name: str) -> None:
        self.children.stop(self.processes[name])


@contextlib.contextmanager
def running_stack(tmp: Path, timeout: float | None) -> Iterator[Stack]:
    """The whole platform as ``make run`` starts it, with the demo year loaded."""
    from gateway.config import Settings as GatewaySettings

    from blp.demo_year import MARKER
    from blp.stack import child_environment, ensure_demo_clients, load_demo_data
    from shared.auth import Role
    from shared.natsserver import NatsServer, free_port
    from shared.testing.tokens import mint_token

    # blp.stack reads the ports from the environment, the children inherit the rest
    ports = {name: free_port() for name in PROCESSES}
    for name, port in ports.items():
        os.environ[f"BLP_{name.upper()}_PORT"] = str(port)
    os.environ["BLP_DATA_DIR"] = str(tmp)
    for name in PROCESSES:
        os.environ[f"BLP_{name.upper()}_LOG_LEVEL"] = "WARNING"
    # this measures the fan-out, not the limiter turning the concurrent callers away
    os.environ["BLP_GATEWAY_RATE_LIMIT_PER_MINUTE"] = "1000000000"
    os.environ["BLP_GATEWAY_RATE_LIMIT_BURST"] = "1000000000"
    if timeout is not None:
        os.environ["BLP_GATEWAY_FRAMEWORK_TIMEOUT_SECONDS"] = f"{timeout:g}"
    configured = float(
        os.environ.get(
            "BLP_GATEWAY_FRAMEWORK_TIMEOUT_SECONDS",
            GatewaySettings.model_fields["framework_timeout_seconds"].default,
        )
    )

    children = gw.Children(tmp)
    nats = NatsServer(tmp / "nats", log_file=tmp / "nats.log")
    try:
        nats.start()
        env = child_environment(tmp, nats.url)
        clients_file = Path(env["BLP_GATEWAY_CLIENTS_FILE"])
        demo_file = ensure_demo_clients(tmp, clients_file)
        stack = Stack(
            children,
            env,
            processes={},
            urls={name: f"http://127.0.0.1:{port}" for name, port in ports.items()},
            token="",  # both known once the demo year is in
            cohort="",
            timeout=configured,
        )
        for name in PROCESSES:
            gw.log(f"starting {name}")
            stack.start(name)
        gw.log("loading the demo companies and the demo year (a few minutes)")
        with contextlib.redirect_stdout(sys.stderr):  # stdout carries only the report
            summary = load_demo_data(env, clients_file, demo_file)
        gw.log(summary)
        if not (tmp / MARKER).exists():  # load_demo_data says why rather than raising
            raise BenchError(summary)
        stack.cohort = json.loads((tmp / MARKER).read_text())["cohort_id"]
        # the ministry: who the dashboard is for; valid for the whole run
        stack.token = mint_token(
            env["BLP_GATEWAY_JWT_PRIVATE_KEY"],
            Role.MINISTRY,
            sub="bench-framework",
            exp=int(time.time()) + 8 * 3600,
        )
        yield stack
    finally:
        for process in children.processes:  # a hung child would not hear SIGTERM
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGCONT)
        children.stop_all()
        nats.stop()


@contextlib.contextmanager
def condition_applied(stack: Stack, condition: Condition) -> Iterator[None]:
    """The condition for the block; afterwards every service up and answering again."""
    name = condition.service
    if name is None:
        yield
        return
    process = stack.processes[name]
    if condition.kind == "down":
        stack.stop(name)
        try:
            yield
        finally:
            stack.start(name)
        return
    os.killpg(process.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.killpg(process.pid, signal.SIGCONT)
        # what it accepted while stopped it now answers (to no one): let that pass
        gw.wait_http(stack.urls[name] + "/readyz", process, stack.children, name)


# ---------------------------------------------------------------------------------------------
# the checks


def check(endpoint: Endpoint, condition: Condition, response: httpx.Response) -> str | None:
    """Fail loudly unless the answer is a 200 with exactly the missing service's indicators
    unavailable (and without the assessment service, the targets, every progress
    ``target_unavailable``); the gateway's reason for the missing one."""
    if response.status_code != 200:
        raise BenchError(
            f"{endpoint.label}, {condition.label}: HTTP {response.status_code}: "
            f"{response.text[:2000]}"
        )
    body = response.json()
    read = body if endpoint is FRAMEWORK else body["framework"]
    for name in DOMAIN:
        expected = "unavailable" if name == condition.service else "available"
        answer = read["services"][name]
        statuses = {i["status"] for i in read["indicators"] if i["service"] == name}
        if answer["status"] != expected or statuses != {expected}:
            raise BenchError(
                f"{endpoint.label}, {condition.label}: {name} is {answer} and its indicators "
                f"{sorted(statuses)}, expected {expected}"
            )
    targets = "unavailable" if condition.service == "assessment" else "available"
    progress = {i["progress"] for i in read["indicators"]}
    if read["targets"]["status"] != targets or (
        targets == "unavailable" and progress != {"target_unavailable"}
    ):
        raise BenchError(
            f"{endpoint.label}, {condition.label}: the targets are {read['targets']} and the "
            f"progress {sorted(progress)}, expected {targets}"
        )
    if endpoint is DASHBOARD:
        # the parts the dashboard asks of a service itself, beside its indicators
        parts = {"assessment": body["cohort"]["status"], "finance": body["budget"]["status"]}
        for name, status in parts.items():
            expected = "unavailable" if name == condition.service else "available"
            if status != expected:
                raise BenchError(
                    f"dashboard, {condition.label}: {name}'s part is {status}, expected {expected}"
                )
    if condition.service is None:
        return None
    detail = str(read["services"][condition.service]["detail"])
    expected_detail = "unreachable" if condition.kind == "down" else "no answer within"
    if not detail.startswith(expected_detail):
        raise BenchError(f"{endpoint.label}, {condition.label}: the reason given is {detail!r}")
    return detail


# ---------------------------------------------------------------------------------------------
# the measurements


class Meter:
    """CPU-seconds of each part of the stack and of this script, and the machine's."""

    def __init__(self, stack: Stack) -> None:
        self.pids = {name: stack.processes[name].pid for name in PROCESSES}
        self.before = self._read()

    def _read(self) -> tuple[dict[str, float], float, float]:
        used = gw.tree_cpu_seconds(list(self.pids.values()))
        parts = {name: used[pid] for name, pid in self.pids.items()}
        parts["client"] = gw.own_cpu_seconds()
        return parts, gw.machine_busy_seconds(), time.monotonic()

    def since(self) -> tuple[dict[str, float], float]:
        (before, busy_before, at_before), (after, busy, at) = self.before, self._read()
        used = {name: after[name] - before[name] for name in after}
        return used, max(0.0, (busy - busy_before - sum(used.values())) / (at - at_before))


async def timed_calls(
    url: str,
    headers: dict[str, str],
    calls: int,
    concurrency: int,
    on_answer: Callable[[httpx.Response], object],
) -> list[float]:
    """``calls`` GETs of ``url`` from ``concurrency`` callers, each waiting for its answer;
    the time of each (ms). Every answer goes to ``on_answer`` after its time is taken."""
    timings: list[float] = []
    left = iter(range(calls))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(headers=headers, timeout=120, limits=limits) as http:

        async def caller() -> None:
            for _ in left:
                started = time.perf_counter()
                response = await http.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                on_answer(response)

        await asyncio.gather(*(caller() for _ in range(concurrency)))
    return timings


def measure(
    stack: Stack,
    endpoint: Endpoint,
    condition: Condition,
    calls: int,
    concurrency: int,
) -> Sample:
    details: set[str | None] = set()
    url = stack.urls["gateway"] + endpoint.path.format(cohort=stack.cohort)
    headers = {"Authorization": f"Bearer {stack.token}"}
    if condition.kind != "hung":  # a hung service's answer is the timeout, warm or not
        # a warm-up call, checked like the rest: the first after a restart opens connections
        details.add(check(endpoint, condition, httpx.get(url, headers=headers, timeout=120)))
    meter = Meter(stack)
    started = time.monotonic()
    timings = asyncio.run(
        timed_calls(
            url,
            headers,
            calls,
            concurrency,
            lambda response: details.add(check(endpoint, condition, response)),
        )
    )
    seconds = time.monotonic() - started
    cpu, others = meter.since()
    sample = Sample(timings, seconds, cpu, others, "; ".join(sorted(d for d in details if d)))
    gw.log(
        f"  {condition.label:<16} {endpoint.label:<9} c={concurrency}  "
        f"p50 {statistics.median(timings):7.1f} ms  p95 {percentile(timings, 95):7.1f} ms  "
        f"others {others * 100:3.0f} %"
    )
    return sample


@dataclass(frozen=True)
class Part:
    """What the gateway asks one service for the framework or the dashboard, asked directly."""

    label: str
    service: str
    paths: tuple[str, ...]  # asked one after the other (finance's budget: list, then report)
    framework: bool  # the framework asks it too (the dashboard asks every part)
    answers: tuple[int, ...] = (200,)


def parts_of(stack: Stack) -> list[Part]:
    """The gateway's calls for the demo cohort (``gateway.framework``, ``gateway.dashboard``)."""
    cohort, headers = stack.cohort, {"Authorization": f"Bearer {stack.token}"}
    query = urlencode({"cohort_id": cohort, "as_of": datetime.now(UTC).isoformat()})
    budgets = httpx.get(
        stack.urls["finance"] + "/budgets",
        params={"cohort_id": cohort, "status": "approved", "limit": "200"},
        headers=headers,
    ).json()["items"]
    budget = max(budgets, key=lambda b: b["approved_at"] or "")["id"]
    return [
        *(Part(f"{name} indicators", name, (f"/indicators?{query}",), True) for name in DOMAIN),
        Part("assessment targets", "assessment", (f"/cohorts/{cohort}/targets",), True),
        Part("assessment cohort", "assessment", (f"/cohorts/{cohort}",), False),
        # 409 while the cohort is not in review: the dashboard's "not yet"
        Part(
            "training graduates", "training", (f"/cohorts/{cohort}/graduates",), False, (200, 409)
        ),
        Part(
            "finance budget",
            "finance",
            (
                f"/budgets?cohort_id={cohort}&status=approved&limit=200",
                f"/reports/budget-execution/{budget}",
            ),
            False,
        ),
    ]


def measure_parts(stack: Stack, parts: list[Part], calls: int) -> dict[str, Sample]:
    """Each part ``calls`` times in a row, straight to its service (no gateway)."""
    samples = {}
    headers = {"Authorization": f"Bearer {stack.token}"}
    with httpx.Client(headers=headers, timeout=60) as http:
        for part in parts:

            def ask(part: Part = part) -> None:
                for path in part.paths:
                    response = http.get(stack.urls[part.service] + path)
                    if response.status_code not in part.answers:
                        raise BenchError(f"{part.label}: HTTP {response.status_code}")

            ask()  # warm-up
            meter, timings = Meter(stack), []
            started = time.monotonic()
            for _ in range(calls):
                before = time.perf_counter()
                ask()
                timings.append((time.perf_counter() - before) * 1000)
            cpu, others = meter.since()
            samples[part.label] = Sample(timings, time.monotonic() - started, cpu, others)
            gw.log(f"  {part.label:<26} direct  p50 {statistics.median(timings):7.1f} ms")
    return samples


@dataclass
class Results:
    rows: dict[tuple[str, str, int], Row]
    parts: list[Part]
    direct: dict[str, list[Sample]]

    def add(self, condition: Condition, what: str, concurrency: int, sample: Sample) -> None:
        key = (condition.label, what, concurrency)
        self.rows.setdefault(key, Row(condition.label, what, concurrency, [])).samples.append(
            sample
        )


def conditions(services: list[str]) -> list[Condition]:
    return [
        Condition("up"),
        *(Condition("down", s) for s in services),
        *(Condition("hung", s) for s in services),
    ]


def run(stack: Stack, args: argparse.Namespace) -> Results:
    parts = parts_of(stack)
    results = Results({}, parts, {part.label: [] for part in parts})
    for round_ in range(1, args.rounds + 1):
        gw.log(f"round {round_}/{args.rounds}")
        for condition in conditions(args.services):
            gw.wait_for_quiet(args.quiet_wait)
            hung = condition.kind == "hung"
            calls = args.hung_calls if hung else args.calls
            with condition_applied(stack, condition):
                if condition.service is None:
                    for label, sample in measure_parts(stack, parts, args.calls).items():
                        results.direct[label].append(sample)
                for endpoint in (FRAMEWORK, DASHBOARD):
                    sample = measure(stack, endpoint, condition, calls, 1)
                    results.add(condition, endpoint.label, 1, sample)
                    concurrent = args.concurrency * (1 if hung else args.concurrent_calls)
                    sample = measure(stack, endpoint, condition, concurrent, args.concurrency)
                    results.add(condition, endpoint.label, args.concurrency, sample)
    return results


# ---------------------------------------------------------------------------------------------
# the report


def _ms(values: list[float]) -> str:
    return " | ".join(
        f"{v:.1f}"
        for v in (
            statistics.median(values),
            percentile(values, 95),
            percentile(values, 99),
            max(values),
        )
    )


def _cpu_ms_per_call(samples: list[Sample], part: str) -> float:
    calls = sum(len(s.timings) for s in samples)
    return sum(s.cpu.get(part, 0.0) for s in samples) / calls * 1000


def render(results: Results, stack: Stack, args: argparse.Namespace, started: datetime) -> str:
    load_start, load_end = args.load_start, os.getloadavg()
    commit = _output(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    dirty = _output(["git", "-C", str(ROOT), "status", "--porcelain", "--", "services", "shared"])
    cpu_model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )
    rounds = f"{args.rounds} interleaved rounds" if args.rounds > 1 else "1 round"
    lines = [
        f"# Results framework at the gateway, {started:%Y-%m-%d %H:%M} UTC",
        "",
        f"- machine: nproc {len(os.sched_getaffinity(0))}, {cpu_model}, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"commit {commit}{' (services/ or shared/ modified)' if dirty else ''}",
        f"- load average (1/5/15 min): {'/'.join(f'{v:.1f}' for v in load_start)} at the "
        f"start, {'/'.join(f'{v:.1f}' for v in load_end)} at the end",
        f"- the demo year's cohort `{stack.cohort}`, SQLite, every process at WARNING; "
        f"{rounds}; the gateway's per-service timeout for the fan-out "
        f"(`BLP_GATEWAY_FRAMEWORK_TIMEOUT_SECONDS`): **{stack.timeout:g} s**",
        f"- each row: {args.calls} sequential calls (hung: {args.hung_calls}) or "
        f"{args.concurrency} concurrent callers ({args.concurrency * args.concurrent_calls} "
        f"calls; hung: {args.concurrency}), per round, after one checked warm-up call (none "
        "when hung)",
        "",
        "## The parts: what the gateway asks each service, asked directly (all up)",
        "",
        "| part | asked for | calls | p50 ms | p95 ms | p99 ms | max ms "
        "| its service's CPU ms/call | others' CPU |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    p50 = {}
    for part in results.parts:
        samples = results.direct[part.label]
        timings = [t for s in samples for t in s.timings]
        p50[part.label] = statistics.median(timings)
        lines.append(
            f"| {part.label} | {'framework, dashboard' if part.framework else 'dashboard'} "
            f"| {len(timings)} | {_ms(timings)} "
            f"| {_cpu_ms_per_call(samples, part.service):.1f} "
            f"| {max(s.others for s in samples) * 100:.0f} % |"
        )
    lines += [
        "",
        "## Through the gateway",
        "",
        "| condition | call | callers | calls | p50 ms | p95 ms | p99 ms | max ms | calls/s "
        "| gateway CPU ms/call | services' CPU ms/call | others' CPU | the gateway's reason |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in results.rows.values():
        timings = row.timings
        rate = len(timings) / sum(s.seconds for s in row.samples)
        services = sum(_cpu_ms_per_call(row.samples, name) for name in DOMAIN)
        others = max(s.others for s in row.samples)
        details = "; ".join(sorted({s.detail for s in row.samples if s.detail}))
        lines.append(
            f"| {row.condition} | {row.what} | {row.concurrency} | {len(timings)} "
            f"| {_ms(timings)} | {rate:.1f} | {_cpu_ms_per_call(row.samples, 'gateway'):.1f} "
            f"| {services:.1f} | {others * 100:.0f} % | {details or '-'} |"
        )
    lines += [
        "",
        "## The fan-out's cost (p50, sequential, all up)",
        "",
        "The parts are asked in parallel, so the call cannot be faster than its slowest part; "
        "what it takes beyond that is the fan-out's own cost (the gateway's work, and the "
        "parts competing for the machine's CPUs). Asked one after the other, the parts would "
        "take their sum.",
        "",
    ]
    for what, asked in (
        (FRAMEWORK.label, [p.label for p in results.parts if p.framework]),
        (DASHBOARD.label, [p.label for p in results.parts]),
    ):
        call = statistics.median(results.rows[("all up", what, 1)].timings)
        slowest = max(asked, key=lambda label: p50[label])
        lines.append(
            f"- {what}: {call:.1f} ms − the slowest part ({slowest}) {p50[slowest]:.1f} ms "
            f"= **{call - p50[slowest]:.1f} ms**; the parts' sum: "
            f"{sum(p50[label] for label in asked):.1f} ms"
        )
    noisy = [
        f"{r.condition} {r.what} c={r.concurrency}"
        for r in results.rows.values()
        if max(s.others for s in r.samples) > NOISY_CORES
    ]
    lines += [
        "",
        "CPU: user + system time from /proc per call; services' CPU is the four domain "
        "services together; others' CPU: what processes outside the benchmark used meanwhile, "
        "in % of one core (the highest of the rounds). In the hung rows the services' CPU is "
        "mostly their idle background work (outbox relays, consumers) over the wait.",
    ]
    if noisy:
        lines += [
            "",
            f"**Noisy**: others used more than {NOISY_CORES * 100:.0f} % of a core during: "
            f"{', '.join(noisy)}.",
        ]
    return "\n".join(lines) + "\n"


def _output(command: list[str]) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return (done.stdout + done.stderr).strip()


# ---------------------------------------------------------------------------------------------
# command line


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds")
    parser.add_argument("--calls", type=int, default=30, help="sequential calls per row")
    parser.add_argument(
        "--hung-calls", type=int, default=3, help="sequential calls per row, a service hung"
    )
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent callers")
    parser.add_argument(
        "--concurrent-calls", type=int, default=4, help="calls per concurrent caller (hung: 1)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        help="the gateway's fan-out timeout per service, s (default: the gateway's own)",
    )
    parser.add_argument(
        "--services", nargs="+", choices=DOMAIN, default=list(DOMAIN), help="down/hung in turn"
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=10.0,
        help="before each condition, wait up to this many seconds for others' load to stop",
    )
    parser.add_argument("--quick", action="store_true", help="1 round, 5 calls a row")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.calls, args.hung_calls, args.concurrent_calls = 1, 5, 1, 1
    if min(args.rounds, args.calls, args.hung_calls, args.concurrency, args.concurrent_calls) < 1:
        parser.error("--rounds, --calls, --hung-calls, --concurrency, --concurrent-calls >= 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, gw._terminate)
    started, args.load_start = datetime.now(UTC), os.getloadavg()
    tmp = Path(tempfile.mkdtemp(prefix="blp-bench-framework-"))
    try:
        with running_stack(tmp, args.timeout) as stack:
            results = run(stack, args)
            report = render(results, stack, args, started)
    except gw.BenchError as exc:
        gw.log(f"error: {exc}")
        return 1
    finally:
        if args.keep:
            gw.log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    gw.save_report("framework", report, started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
