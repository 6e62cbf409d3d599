"""``/docs`` in a real browser: headless Chromium driven over the DevTools protocol.

The whole stack runs (gateway, registry, assessment, training, finance, real NATS, real
databases). The page must load from the gateway alone (ministry networks may have no
internet) with no failed request, render every operation of the merged OpenAPI 3.1 document
under its tags, and "Try it out" must reach a service once authorised with client
credentials. Screenshots go to the test's directory and to ``test-output/``
(``tests.browser``: Debian's Chromium, which ``make browser`` installs).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from gateway.docs import SWAGGER_UI_VERSION

from shared.auth import Role
from tests.browser import Page, chromium, keep
from tests.stack import SERVICES, Launch, Stack

pytestmark = pytest.mark.slow

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


@pytest.fixture
def backend() -> str:
    """The docs page does not depend on the database kind: one run, on SQLite, is enough."""
    return "sqlite"


@pytest.fixture
async def stack(launch_stack: Launch) -> AsyncIterator[Stack]:
    async with launch_stack() as running:
        yield running


@pytest.fixture
async def page(tmp_path: Path) -> AsyncIterator[Page]:
    async with chromium(tmp_path) as tab:
        yield tab


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
