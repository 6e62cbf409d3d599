"""Real HTTP servers for tests: an ASGI app served by uvicorn on a free loopback port."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import uvicorn

from shared.natsserver import free_port


@contextlib.asynccontextmanager
async def serving(app: Any, port: int | None = None, http: Any = "auto") -> AsyncIterator[str]:
    """Serve ``app`` (lifespan included) until the block exits; yields its base URL.

    ``http``: uvicorn's HTTP protocol, a name or a class (the gateway has its own).
    """
    port = port or free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_config=None,
        access_log=False,
        lifespan="on",
        loop="none",
        http=http,
        proxy_headers=False,  # as `blp serve`: forwarding headers are the app's to judge
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()  # raises what stopped it
            raise RuntimeError("server stopped during start-up")
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
