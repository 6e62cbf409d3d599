"""Side experiment: httpx.AsyncClient vs aiohttp.ClientSession as the proxy's upstream client.

``gateway/proxy.py`` forwards every call with aiohttp. This measures why: the same minimal
raw-ASGI proxy (uvicorn with uvloop and httptools, like ``blp serve``) forwarding
``GET /healthz`` to the same registry, once per client library, with wrk at c=32. Only the
client differs: both stream the response, forward the same headers, pool keep-alive
connections and disable auto-decompression.

Run: ``.venv/bin/python bench/clients.py [--duration N] [--rounds N]``. The report goes to
stdout and ``bench/results/clients-<timestamp>.md``. Internally the script re-runs itself
with ``--serve httpx|aiohttp`` as the proxy child process.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import signal
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

CLIENTS = ("httpx", "aiohttp")
HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"te",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
        b"host",
        b"content-length",
    }
)
RESPONSE_DROPPED = (HOP_BY_HOP - {b"content-length"}) | {b"date", b"server"}


def _load_bench() -> ModuleType:
    """bench/gateway.py by path: ``import gateway`` would be ambiguous with the service."""
    spec = importlib.util.spec_from_file_location(
        "bench_gateway", Path(__file__).with_name("gateway.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------------------------
# the proxy under test (child process)


def _forward_headers(scope: Scope) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, value in scope["headers"]
        if name not in HOP_BY_HOP
    ]


def _response_headers(raw: Any) -> list[tuple[bytes, bytes]]:
    return [(n.lower(), v) for n, v in raw if n.lower() not in RESPONSE_DROPPED]


class HttpxProxy:
    """Forwards with ``httpx.AsyncClient`` (streamed, pooled), the way proxy.py would."""

    def __init__(self, upstream: str) -> None:
        import httpx

        self.client = httpx.AsyncClient(
            base_url=upstream,
            limits=httpx.Limits(max_connections=512, max_keepalive_connections=256),
            timeout=httpx.Timeout(30.0, connect=5.0),
            follow_redirects=False,
        )

    async def close(self) -> None:
        await self.client.aclose()

    async def forward(self, scope: Scope, send: Send, body: bytes) -> None:
        query = scope.get("query_string", b"")
        request = self.client.build_request(
            scope["method"],
            scope["path"] + ("?" + query.decode("latin-1") if query else ""),
            headers=_forward_headers(scope),
            content=body,
        )
        response = await self.client.send(request, stream=True)
        try:
            await send(
                {
                    "type": "http.response.start",
                    "status": response.status_code,
                    "headers": _response_headers(response.headers.raw),
                }
            )
            async for chunk in response.aiter_raw():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            await response.aclose()


class AiohttpProxy:
    """Forwards with ``aiohttp.ClientSession``, configured as gateway/proxy.py does."""

    def __init__(self, upstream: str) -> None:
        import aiohttp

        self.upstream = upstream
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=512, limit_per_host=256, keepalive_timeout=30),
            auto_decompress=False,
            cookie_jar=aiohttp.DummyCookieJar(),
            skip_auto_headers=("User-Agent", "Accept-Encoding"),
            timeout=aiohttp.ClientTimeout(total=30.0, connect=5.0),
        )

    async def close(self) -> None:
        await self.session.close()

    async def forward(self, scope: Scope, send: Send, body: bytes) -> None:
        query = scope.get("query_string", b"")
        url = self.upstream + scope["path"] + ("?" + query.decode("latin-1") if query else "")
        async with self.session.request(
            scope["method"],
            url,
            headers=_forward_headers(scope),
            data=body,
            allow_redirects=False,
        ) as response:
            await send(
                {
                    "type": "http.response.start",
                    "status": response.status,
                    "headers": _response_headers(response.raw_headers),
                }
            )
            async for chunk in response.content.iter_any():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})


class ProxyApp:
    """Raw ASGI: the client is created at lifespan start-up, inside the server's loop."""

    def __init__(self, client: str, upstream: str) -> None:
        self.client_name = client
        self.upstream = upstream
        self.proxy: HttpxProxy | AiohttpProxy | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        assert self.proxy is not None
        chunks = []
        more = True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        await self.proxy.forward(scope, send, b"".join(chunks))

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                proxy_class = HttpxProxy if self.client_name == "httpx" else AiohttpProxy
                self.proxy = proxy_class(self.upstream)
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self.proxy is not None:
                    await self.proxy.close()
                await send({"type": "lifespan.shutdown.complete"})
                return


def serve(client: str, port: int, upstream: str) -> None:
    import uvicorn

    uvicorn.run(
        ProxyApp(client, upstream),
        host="127.0.0.1",
        port=port,
        loop="uvloop",
        http="httptools",
        log_level="warning",
        access_log=False,
        server_header=False,
    )


# ---------------------------------------------------------------------------------------------
# the experiment (parent process)


def run(args: argparse.Namespace) -> int:
    bench = _load_bench()
    try:
        wrk, _ = bench.ensure_tools()
    except bench.BenchError as exc:
        bench.log(f"error: {exc}")
        return 1
    started = datetime.now(UTC)
    tmp = Path(tempfile.mkdtemp(prefix="blp-bench-clients-"))
    children = bench.Children(tmp)
    samples: dict[str, list[Any]] = {}
    try:
        _, public = bench.generate_keypair()
        with bench.running_registry(children, tmp, public) as (registry_url, registry):
            endpoint = bench.ENDPOINT
            for round_ in range(1, args.rounds + 1):
                bench.log(f"round {round_}/{args.rounds}")
                direct = bench.Case(
                    "direct", registry_url + endpoint, args.concurrency, registry.pid
                )
                samples.setdefault("direct", []).append(
                    bench.measure(
                        wrk, direct, args.duration, args.warmup, args.quiet_wait, args.retries
                    )
                )
                for client in CLIENTS:
                    port = bench.free_port()
                    process = children.start(
                        f"proxy-{client}",
                        [sys.executable, __file__, "--serve", client, "--port", str(port),
                         "--upstream", registry_url],
                    )  # fmt: skip
                    try:
                        url = f"http://127.0.0.1:{port}"
                        bench.wait_http(url + endpoint, process, children, f"proxy-{client}")
                        case = bench.Case(
                            f"proxy with {client}",
                            url + endpoint,
                            args.concurrency,
                            registry.pid,
                            process.pid,
                        )
                        row = bench.measure(
                            wrk, case, args.duration, args.warmup, args.quiet_wait, args.retries
                        )
                        samples.setdefault(client, []).append(row)
                    finally:
                        children.stop(process)
    except bench.BenchError as exc:
        bench.log(f"error: {exc}")
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    rows = {name: bench.median_row(found) for name, found in samples.items()}
    report = render(bench, rows, args, wrk, started)
    print(report)
    bench.RESULTS.mkdir(parents=True, exist_ok=True)
    out = bench.RESULTS / f"clients-{started.strftime('%Y%m%dT%H%M%SZ')}.md"
    out.write_text(report)
    bench.log(f"written to {out.relative_to(bench.ROOT)}")
    return 0


def render(
    bench: ModuleType, rows: dict[str, Any], args: argparse.Namespace, wrk: str, started: datetime
) -> str:
    lines = [
        f"# Upstream HTTP client for the proxy, {started.strftime('%Y-%m-%d %H:%M UTC')}",
        "",
        f"Minimal raw-ASGI proxy (uvicorn, uvloop, httptools) to registry `GET {bench.ENDPOINT}`;"
        f" wrk -t1 -c{args.concurrency}, {args.duration} s per row after {args.warmup} s warm-up,"
        f" {f'median of {args.rounds} rounds' if args.rounds > 1 else '1 round'}.",
        "",
        *bench.machine_summary(wrk, bench.find_tool("nginx") or "nginx"),
        "",
        "| target | req/s | p50 ms | p99 ms | proxy CPU µs/req | registry CPU µs/req "
        "| others' CPU |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows.values():
        proxy = "-" if row.proxy_cpu_us is None else f"{row.proxy_cpu_us:.0f}"
        lines.append(
            f"| {row.label} | {row.rps:.0f} | {row.p50_ms:.3f} | {row.p99_ms:.3f} | {proxy} "
            f"| {row.upstream_cpu_us:.0f} | {row.other_cores * 100:.0f} % |"
        )
    httpx_row, aiohttp_row = rows.get("httpx"), rows.get("aiohttp")
    if httpx_row and aiohttp_row:
        lines += [
            "",
            f"- aiohttp / httpx throughput: **{aiohttp_row.rps / httpx_row.rps:.2f}** "
            f"({aiohttp_row.rps:.0f} / {httpx_row.rps:.0f} req/s)",
            f"- proxy CPU per request, httpx / aiohttp: "
            f"**{httpx_row.proxy_cpu_us / aiohttp_row.proxy_cpu_us:.2f}** "
            f"({httpx_row.proxy_cpu_us:.0f} / {aiohttp_row.proxy_cpu_us:.0f} µs)",
        ]
    errors = [f"{r.label}: {r.errors}" for r in rows.values() if r.errors]
    if errors:
        lines += ["", f"**Errors (non-2xx or socket)**: {'; '.join(errors)}"]
    return "\n".join([*lines, ""])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per row")
    parser.add_argument("--concurrency", type=int, default=32, help="wrk connections")
    parser.add_argument("--rounds", type=int, default=1, help="interleaved repetitions")
    parser.add_argument("--quiet-wait", type=float, default=60.0, help="see bench/gateway.py")
    parser.add_argument("--retries", type=int, default=2, help="see bench/gateway.py")
    parser.add_argument("--serve", choices=CLIENTS, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--upstream", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve, args.port, args.upstream)
        return 0
    signal.signal(signal.SIGTERM, lambda signum, _: sys.exit(128 + signum))
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
