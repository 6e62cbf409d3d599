"""Stopping background tasks for certain, even when a library swallows a cancellation.

One cancel is not always enough on Python 3.11: ``asyncio.wait_for`` returns the result
instead of raising when the cancel and the result arrive together, and nats.py turns a
cancelled ``next_msg`` into ``ConnectionClosedError`` while the connection is closing. A
loop that catches ``Exception`` then carries on, and a shutdown that awaits it once waits
forever (it hung a CI run). So cancel again until the task ends, and give up loudly.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

log = logging.getLogger(__name__)


async def stop(tasks: Iterable[asyncio.Task[object]], grace: float = 10.0) -> None:
    """Cancel ``tasks`` and wait until every one has ended, re-cancelling survivors."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + grace
    pending = {task for task in tasks if not task.done()}
    while pending:
        for task in pending:
            task.cancel()
        _, pending = await asyncio.wait(pending, timeout=0.1)
        if pending and loop.time() >= deadline:
            log.error(
                "background tasks ignored cancellation; leaving them",
                extra={"tasks": sorted(task.get_name() for task in pending)},
            )
            return
