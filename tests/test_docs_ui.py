"""``/docs`` in a real browser: headless Chromium driven over the DevTools protocol.

The whole stack runs (gateway, registry, assessment, training, finance, real NATS, real
databases). The page must load from the gateway alone (ministry networks may have no
internet) with no failed request, render every operation of the merged OpenAPI 3.1 document
under its tags, and "Try it out" must reach a service once authorised with client
credentials. Screenshots go to the test's directory and to ``test-output/``.

Chromium is Debian's ``chromium`` package, installed by ``make browser`` (part of
``make test``). Without it the test fails: a browser test that skips proves nothing.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import shutil
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from gateway.docs import SWAGGER_UI_VERSION
from websockets.asyncio.client import ClientConnection, connect

from shared.auth import Role
from tests.stack import SERVICES, Launch, Stack

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "test-output"  # ignored by git: the screenshots of the last run
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
WIDTH, HEIGHT = 1280, 1000


@pytest.fixture
def backend() -> str:
    """The docs page does not depend on the database kind: one run, on SQLite, is enough."""
    return "sqlite"


@pytest.fixture
async def stack(launch_stack: Launch) -> AsyncIterator[Stack]:
    async with launch_stack() as running:
        yield running


class Page:
    """One browser tab over the Chrome DevTools Protocol: commands, and the events kept."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.events: list[dict[str, Any]] = []
        self._next_id = 0
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for raw in self.socket:
            message = json.loads(raw)
            future = self._waiting.pop(message.get("id", -1), None)
            if future is not None and not future.done():
                future.set_result(message)
            elif "method" in message:
                self.events.append(message)

    async def send(self, method: str, timeout: float = 30, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[self._next_id] = future
        message = {"id": self._next_id, "method": method, "params": params}
        await self.socket.send(json.dumps(message))
        async with asyncio.timeout(timeout):
            answer = await future
        if "error" in answer:
            raise AssertionError(f"{method}: {answer['error']}")
        return answer["result"]

    async def js(self, expression: str, timeout: float = 30) -> Any:
        """The value of a JavaScript expression in the page (awaited if it is a promise)."""
        result = await self.send(
            "Runtime.evaluate",
            timeout=timeout,
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def until(self, expression: str, what: str, timeout: float = 30) -> Any:
        """Polls a JavaScript expression until it is truthy; fails saying what did not happen."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            if value := await self.js(expression):
                return value
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"not within {timeout} s: {what}")
            await asyncio.sleep(0.1)

    async def click(self, selector: str, what: str) -> None:
        await self.until(f"!!document.querySelector({json.dumps(selector)})", f"{what} shown")
        await self.js(
            f"(e => {{ e.scrollIntoView({{block: 'center'}}); e.click(); }})"
            f"(document.querySelector({json.dumps(selector)}))"
        )

    async def type(self, selector: str, text: str) -> None:
        """Focuses the field and types, as a person would (React sees real input events)."""
        await self.until(f"!!document.querySelector({json.dumps(selector)})", f"{selector} shown")
        await self.js(f"document.querySelector({json.dumps(selector)}).focus()")
        await self.send("Input.insertText", text=text)

    async def screenshot(self, path: Path, selector: str | None = None) -> None:
        """The viewport, or the whole of one element (however tall) when given its selector."""
        params: dict[str, Any] = {"format": "png"}
        if selector is not None:
            box = await self.js(
                f"(r => ({{x: r.x + scrollX, y: r.y + scrollY, width: r.width,"
                f" height: r.height, scale: 1}}))"
                f"(document.querySelector({json.dumps(selector)}).getBoundingClientRect())"
            )
            params.update(clip=box, captureBeyondViewport=True)
        shot = await self.send("Page.captureScreenshot", timeout=60, **params)
        await asyncio.to_thread(path.write_bytes, base64.b64decode(shot["data"]))

    def of(self, method: str) -> list[dict[str, Any]]:
        return [e["params"] for e in self.events if e["method"] == method]

    async def close(self) -> None:
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self._reader
        await self.socket.close()


@pytest.fixture
async def page(tmp_path: Path) -> AsyncIterator[Page]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is not installed: run `make browser` (Debian's chromium package)")
    profile = tmp_path / "chromium-profile"
    with (tmp_path / "chromium.log").open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            executable,
            "--headless",
            "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-default-browser-check",
            "--no-proxy-server",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-extensions",
            "--disable-sync",
            f"--window-size={WIDTH},{HEIGHT}",
            f"--user-data-dir={profile}",
            "--remote-debugging-port=0",
            "about:blank",
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    page = None
    try:
        port = await devtools_port(profile / "DevToolsActivePort", process, timeout=30)
        async with httpx.AsyncClient(timeout=10) as http:
            targets = (await http.get(f"http://127.0.0.1:{port}/json/list")).json()
        tab = next(t for t in targets if t["type"] == "page")
        socket = await asyncio.wait_for(
            connect(tab["webSocketDebuggerUrl"], max_size=None, proxy=None), 10
        )
        page = Page(socket)
        for domain in ("Page", "Network", "Runtime", "Log"):
            await page.send(f"{domain}.enable")
        await page.send(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )
        yield page
    finally:
        if page is not None:
            await page.close()
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 10)
            except TimeoutError:
                process.kill()
                await asyncio.wait_for(process.wait(), 10)


async def devtools_port(
    port_file: Path, process: asyncio.subprocess.Process, timeout: float
) -> int:
    """Chromium writes the port it chose for ``--remote-debugging-port=0`` into its profile."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        text = await asyncio.to_thread(lambda: port_file.read_text() if port_file.exists() else "")
        if text.strip():
            return int(text.split()[0])
        if process.returncode is not None:
            pytest.fail(f"chromium exited ({process.returncode}), see chromium.log beside")
        if asyncio.get_running_loop().time() > deadline:
            pytest.fail(f"chromium did not open its DevTools port within {timeout} s")
        await asyncio.sleep(0.1)


def operations_per_tag(spec: dict[str, Any]) -> dict[str, set[str]]:
    """Swagger UI shows an operation under each of its tags."""
    tags: dict[str, set[str]] = {}
    for item in spec["paths"].values():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                for tag in operation.get("tags") or ["default"]:
                    tags.setdefault(tag, set()).add(operation["operationId"])
    return tags


def element_id(tag: str, operation_id: str) -> str:
    """The id Swagger UI gives an operation's block under a tag (its deep link)."""
    return f"operations-{tag.replace(' ', '_')}-{operation_id}"


# Swagger UI 5 renders only the operations near the viewport once there are many (a
# virtualised list): scroll the page through, as a reader would, and collect what appears.
SCROLL_THROUGH = """(async () => {
    const operations = new Set(), tags = new Set();
    const settle = () => new Promise(done => requestAnimationFrame(
        () => requestAnimationFrame(() => setTimeout(done, 30))));
    const collect = () => {
        document.querySelectorAll('.opblock').forEach(o => operations.add(o.id));
        document.querySelectorAll('h3.opblock-tag').forEach(h => tags.add(h.dataset.tag));
    };
    window.scrollTo(0, 0);
    await settle();
    collect();
    for (let step = 0; step < 2000; step++) {
        const before = window.scrollY;
        window.scrollBy(0, window.innerHeight / 2);
        await settle();
        collect();
        if (window.scrollY === before) break;
    }
    window.scrollTo(0, 0);
    await settle();
    return {operations: [...operations], tags: [...tags]};
})()"""


def keep(shot: Path) -> None:
    OUTPUT.mkdir(exist_ok=True)
    shutil.copyfile(shot, OUTPUT / shot.name)


async def test_docs_render_every_service_and_try_it_out_reaches_one(
    stack: Stack, page: Page, tmp_path: Path
) -> None:
    gateway_url = stack.url
    spec = (await stack.http.get("/openapi.json")).json()
    assert spec["openapi"].startswith("3.1")
    assert "Not reachable" not in spec["info"].get("description", "")
    expected = operations_per_tag(spec)
    for tag in (*SERVICES, "auth"):
        assert expected.get(tag), f"the merged document has no operation tagged {tag}"

    await page.send("Page.navigate", url=f"{gateway_url}/docs")
    try:
        await page.until("document.querySelectorAll('.opblock').length > 0", "operations shown")
    except AssertionError as missing:
        shown = await page.js("document.body.innerText.slice(0, 500)")
        raise AssertionError(f"{missing}; the page shows: {shown}") from None
    await page.until("!!document.querySelector('.btn.authorize')", "the Authorize button")
    assert await page.js("document.querySelector('.swagger-ui .errors-wrapper') === null"), (
        await page.js("document.querySelector('.swagger-ui .errors-wrapper').innerText")
    )
    assert (await page.js("window.versions.swaggerUI.version")) == SWAGGER_UI_VERSION
    seen = await page.js(SCROLL_THROUGH, timeout=120)
    assert set(seen["tags"]) == set(expected)
    shown = set(seen["operations"])
    missing = {
        tag: sorted(absent)
        for tag, operation_ids in expected.items()
        if (absent := {element_id(tag, o) for o in operation_ids} - shown)
    }
    assert missing == {}, f"operations not rendered: {missing}"
    overview = tmp_path / "docs-ui.png"
    await page.screenshot(overview)
    keep(overview)

    # Authorize: the page exchanges client credentials at /v1/auth/token for a bearer token
    client, secret = stack.store.create(Role.PROGRAMME_MANAGER)
    await page.click(".scheme-container .btn.authorize", "the Authorize button")
    await page.type("#client_id_clientCredentials", client.client_id)
    await page.type("#client_secret_clientCredentials", secret)
    await page.click(".modal-ux .auth-btn-wrapper .btn.authorize", "the dialog's Authorize")
    await page.until(
        "[...document.querySelectorAll('.modal-ux .auth-btn-wrapper .btn')]"
        ".some(b => b.innerText.trim() === 'Logout')",
        "authorised (the dialog offers Logout)",
    )
    await page.click(".modal-ux .btn-done", "the dialog's Close")

    messaging = spec["paths"]["/v1/registry/ops/messaging"]["get"]["operationId"]
    block = f"#{element_id('registry', messaging)}"
    # the filter (by tag or path) leaves a short list, so the operation is in the page
    await page.type(".operation-filter-input", "/v1/registry/ops/messaging")
    await page.click(f"{block} .opblock-summary-control", "GET /v1/registry/ops/messaging")
    await page.click(f"{block} .try-out__btn", "Try it out")
    await page.click(f"{block} .btn.execute", "Execute")
    response = f"{block} .live-responses-table tbody"
    status = await page.until(
        f"document.querySelector('{response} .response-col_status')?.innerText",
        "the response of GET /v1/registry/ops/messaging",
    )
    body = await page.js(f"document.querySelector('{response} .microlight')?.innerText")
    try_it_out = tmp_path / "docs-ui-try-it-out.png"
    await page.screenshot(try_it_out, selector=block)
    keep(try_it_out)
    assert status.strip() == "200", body
    assert "outbox_backlog" in body

    # everything came from the gateway, and nothing failed
    gateway = urlsplit(gateway_url).netloc
    requests = [r["request"]["url"] for r in page.of("Network.requestWillBeSent")]
    outside = [u for u in requests if not u.startswith("data:") and urlsplit(u).netloc != gateway]
    assert outside == [], outside
    assert any(u.endswith("/v1/auth/token") for u in requests)
    [call] = [
        r["request"]
        for r in page.of("Network.requestWillBeSent")
        if r["request"]["url"].endswith("/v1/registry/ops/messaging")
    ]
    assert call["headers"].get("Authorization", "").startswith("Bearer ")
    failed = [
        (r["response"]["url"], r["response"]["status"])
        for r in page.of("Network.responseReceived")
        if r["response"]["status"] >= 400
    ]
    failed += [(f["requestId"], f["errorText"]) for f in page.of("Network.loadingFailed")]
    assert failed == [], failed
    errors = [e["exceptionDetails"] for e in page.of("Runtime.exceptionThrown")]
    errors += [e["entry"] for e in page.of("Log.entryAdded") if e["entry"]["level"] == "error"]
    assert errors == [], errors
