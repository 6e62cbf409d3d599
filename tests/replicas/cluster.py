"""Two replicas of every service as real OS processes, on one PostgreSQL and one NATS server.

Each replica is ``python -m blp.cli serve <service>`` (what ``make run`` and the container
run), with its own port and log file, so the test can SIGKILL one and start it again. Replica
``i`` of the gateway forwards to replica ``i`` of each domain service: there is no load
balancer in between, so a dead upstream is a failed request at that gateway, which the
client retries through the other gateway.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from blp.services import DOMAIN_SERVICES, GATEWAY
from shared.keys import generate_keypair
from shared.natsserver import NatsServer, die_with_parent, free_port

REPLICAS = 2
# 8 domain-service processes x (pool 4 + overflow 4) = 64 connections at most, under the
# server's max_connections of 100, leaving room for the test's checks and other clients
POOL_SIZE = 4
MAX_OVERFLOW = 4
READY_TIMEOUT = 90.0


@dataclass
class Replica:
    """One ``blp serve`` process: started, killed, started again."""

    service: str
    index: int
    port: int
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None
    kills: int = 0
    starts: int = 0

    @property
    def name(self) -> str:
        return f"{self.service}-{self.index}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log.open("ab") as output:
            output.write(f"--- start {self.starts + 1} at {time.time():.3f}\n".encode())
            output.flush()
            self.process = subprocess.Popen(
                [sys.executable, "-m", "blp.cli", "serve", self.service],
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=die_with_parent,
            )
        self.starts += 1

    def kill(self) -> None:
        """SIGKILL: no graceful shutdown, no lease handed back, no in-flight message acked."""
        assert self.process is not None and self.process.poll() is None, f"{self.name} not up"
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        self.kills += 1

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    async def wait_ready(self, timeout: float = READY_TIMEOUT) -> float:
        """Until ``/readyz`` (the gateway: ``/healthz``) answers 200; returns the seconds."""
        path = "/healthz" if self.service == GATEWAY else "/readyz"
        started = time.monotonic()
        async with httpx.AsyncClient(timeout=3) as http:
            while time.monotonic() - started < timeout:
                assert self.alive(), f"{self.name} exited: see {self.log}"
                try:
                    if (await http.get(self.url + path)).status_code == 200:
                        return time.monotonic() - started
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.2)
        raise AssertionError(f"{self.name} not ready within {timeout}s: see {self.log}")


@dataclass
class Cluster:
    nats: NatsServer
    database_urls: dict[str, str]
    clients_file: Path
    private_key: str
    public_key: str
    replicas: dict[str, list[Replica]] = field(default_factory=dict)

    @property
    def gateways(self) -> list[Replica]:
        return self.replicas[GATEWAY]

    def all(self) -> list[Replica]:
        return [r for group in self.replicas.values() for r in group]

    def replica(self, name: str) -> Replica:
        return next(r for r in self.all() if r.name == name)

    async def start(self) -> float:
        started = time.monotonic()
        for replica in self.all():
            replica.start()
        # domain services first: the gateway's first requests go to them
        for replica in self.all():
            await replica.wait_ready()
        return time.monotonic() - started

    def stop(self) -> None:
        for replica in self.all():
            replica.stop()


def build(directory: Path, nats: NatsServer, database_urls: dict[str, str]) -> Cluster:
    """Ports, environments and log files of every replica (nothing started yet)."""
    private, public = generate_keypair()
    cluster = Cluster(nats, database_urls, directory / "clients.json", private, public)
    ports = {(s, i): free_port() for s in (*DOMAIN_SERVICES, GATEWAY) for i in range(REPLICAS)}
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("BLP_") and key != "VIRTUAL_ENV"
    }
    base["BLP_DATA_DIR"] = str(directory / "data")  # nothing lands in the repository's var/
    for index in range(REPLICAS):
        for service in DOMAIN_SERVICES:
            prefix = f"BLP_{service.upper()}_"
            env = {
                **base,
                prefix + "PORT": str(ports[service, index]),
                prefix + "DATABASE_URL": database_urls[service],
                prefix + "DATABASE_POOL_SIZE": str(POOL_SIZE),
                prefix + "DATABASE_MAX_OVERFLOW": str(MAX_OVERFLOW),
                prefix + "NATS_URL": nats.url,
                prefix + "JWT_PUBLIC_KEY": public,
                prefix + "OUTBOX_POLL_SECONDS": "0.3",
                prefix + "LOG_LEVEL": "WARNING",
            }
            if service == "assessment":  # companies not yet seen by event: the same replica's
                env["BLP_ASSESSMENT_REGISTRY_URL"] = f"http://127.0.0.1:{ports['registry', index]}"
            cluster.replicas.setdefault(service, []).append(
                Replica(
                    service, index, ports[service, index], env, directory / f"{service}-{index}.log"
                )
            )
        env = {
            **base,
            "BLP_GATEWAY_PORT": str(ports[GATEWAY, index]),
            "BLP_GATEWAY_JWT_PRIVATE_KEY": private,
            "BLP_GATEWAY_JWT_PUBLIC_KEY": public,
            "BLP_GATEWAY_CLIENTS_FILE": str(cluster.clients_file),
            "BLP_GATEWAY_RATE_LIMIT_PER_MINUTE": "1000000",
            "BLP_GATEWAY_RATE_LIMIT_BURST": "100000",
            "BLP_GATEWAY_UPSTREAM_TIMEOUT_SECONDS": "20",
            "BLP_GATEWAY_LOG_LEVEL": "WARNING",
            **{
                f"BLP_GATEWAY_{s.upper()}_URL": f"http://127.0.0.1:{ports[s, index]}"
                for s in DOMAIN_SERVICES
            },
        }
        cluster.replicas.setdefault(GATEWAY, []).append(
            Replica(GATEWAY, index, ports[GATEWAY, index], env, directory / f"gateway-{index}.log")
        )
    return cluster
