"""Shutdown ends background tasks even when one swallows its first cancellation."""

from __future__ import annotations

import asyncio
import logging

import pytest

from shared import tasks


async def _stubborn(swallow: list[int], ended: list[str]) -> None:
    """Behaves like a loop whose library turned a cancellation into an ordinary error.

    ``swallow[0]`` cancellations are ignored before one is honoured.
    """
    while True:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            if swallow[0] == 0:
                ended.append("cancelled")
                raise
            swallow[0] -= 1


async def test_stop_cancels_again_until_the_task_ends() -> None:
    ended: list[str] = []
    stubborn = asyncio.create_task(_stubborn([2], ended))
    polite = asyncio.create_task(asyncio.sleep(3600))
    await asyncio.sleep(0)

    await asyncio.wait_for(tasks.stop([stubborn, polite]), timeout=5)

    assert stubborn.cancelled() and polite.cancelled()
    assert ended == ["cancelled"]


async def test_stop_gives_up_loudly_on_a_task_that_never_ends(
    caplog: pytest.LogCaptureFixture,
) -> None:
    swallow = [10**9]
    forever = asyncio.create_task(_stubborn(swallow, []), name="forever")
    await asyncio.sleep(0)

    with caplog.at_level(logging.ERROR, logger="shared.tasks"):
        await asyncio.wait_for(tasks.stop([forever], grace=0.3), timeout=5)

    assert not forever.done()
    assert any(getattr(r, "tasks", None) == ["forever"] for r in caplog.records)
    swallow[0] = 0  # the test's own clean-up
    forever.cancel()
    with pytest.raises(asyncio.CancelledError):
        await forever


async def test_stop_leaves_finished_tasks_alone() -> None:
    done = asyncio.create_task(asyncio.sleep(0, result="ok"))
    await done
    await tasks.stop([done])
    assert done.result() == "ok"
