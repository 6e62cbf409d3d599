"""Fixtures of the root tests (shared.testing.fixtures gives NATS, databases and keys)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import pytest

from shared.natsserver import NatsServer
from tests.stack import Launch, running


@pytest.fixture
def launch_stack(
    database: Callable[[str], str],
    nats_server: NatsServer,
    tmp_path: Path,
    jwt_keys: tuple[str, str],
) -> Launch:
    """``async with launch_stack(only=..., gateway_http=..., **gateway_settings) as stack``:
    the platform of tests/stack.py on this test's NATS and databases."""
    return functools.partial(
        running, database=database, nats_url=nats_server.url, jwt_keys=jwt_keys, tmp_path=tmp_path
    )
