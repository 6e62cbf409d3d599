"""The gateway's own tests run on asyncio's event loop and on uvloop, which production uses.

uvloop's transports are not asyncio's (not even subclasses), and timing differs; the HTTP
protocol and upstream connections touch both directly.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping

import pytest
import uvloop


def pytest_asyncio_loop_factories(
    config: pytest.Config, item: pytest.Item
) -> Mapping[str, Callable[[], asyncio.AbstractEventLoop]]:
    return {"asyncio": asyncio.new_event_loop, "uvloop": uvloop.new_event_loop}
