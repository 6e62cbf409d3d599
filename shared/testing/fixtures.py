"""Pytest fixtures shared by the root tests and every service's tests (a pytest plugin)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from shared.keys import generate_keypair
from shared.natsserver import NatsServer
from shared.testing.databases import backends, migrated_database


@pytest.fixture
def nats_server(tmp_path: Path) -> Iterator[NatsServer]:
    """A real nats-server with JetStream on a free port, its own store; stopped afterwards."""
    server = NatsServer(tmp_path / "nats", log_file=tmp_path / "nats.log")
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=backends())
def backend(request: pytest.FixtureRequest) -> str:
    """Runs the test once on SQLite and, when BLP_TEST_POSTGRES_URL is set, on PostgreSQL."""
    return request.param


@pytest.fixture
def database(backend: str, tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """``database(service)`` gives a fresh database URL migrated to that service's head."""
    with ExitStack() as stack:
        yield lambda service: stack.enter_context(migrated_database(backend, tmp_path, service))


@pytest.fixture(scope="session")
def jwt_keys() -> tuple[str, str]:
    """An Ed25519 (private, public) PEM pair for the test session."""
    return generate_keypair()
