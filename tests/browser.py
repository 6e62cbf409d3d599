"""Headless Chromium for the root tests that need a real browser (``/docs``, ``/dashboard``),
driven over the DevTools protocol.

Chromium is Debian's ``chromium`` package, installed by ``make browser`` (part of
``make test``). Without it a browser test fails: a browser test that skips proves nothing.
Screenshots go to the test's directory and, with ``keep``, to ``test-output/``.
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

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "test-output"  # ignored by git: the screenshots of the last run
WIDTH, HEIGHT = 1280, 1000


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

    def failures(self) -> list[Any]:
        """Every request that failed or answered 4xx/5xx, every uncaught exception and every
        console error so far."""
        failed: list[Any] = [
            (r["response"]["url"], r["response"]["status"])
            for r in self.of("Network.responseReceived")
            if r["response"]["status"] >= 400
        ]
        failed += [(f["requestId"], f["errorText"]) for f in self.of("Network.loadingFailed")]
        failed += [e["exceptionDetails"] for e in self.of("Runtime.exceptionThrown")]
        failed += [e["entry"] for e in self.of("Log.entryAdded") if e["entry"]["level"] == "error"]
        return failed

    async def close(self) -> None:
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self._reader
        await self.socket.close()


@contextlib.asynccontextmanager
async def chromium(tmp_path: Path) -> AsyncIterator[Page]:
    """A tab of a fresh headless Chromium (its own profile in ``tmp_path``) until the block
    exits."""
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


def keep(shot: Path) -> None:
    OUTPUT.mkdir(exist_ok=True)
    shutil.copyfile(shot, OUTPUT / shot.name)
