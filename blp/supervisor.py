"""Child processes of the local stack, restarted when they crash, as compose's
``restart: unless-stopped`` restarts a container.

A crashed child comes back after a growing pause (so a service that dies at once does not
spin), and the supervisor gives up when one keeps crashing: ``max_crashes`` exits within
``window`` seconds mean something a restart will not fix (a broken database, a port taken),
and it says which service and how it last exited. Each child runs in a session of its own
(Ctrl-C in the terminal reaches only the supervisor, which then stops the children in order)
and gets SIGTERM from the kernel should the supervisor die without stopping them.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from shared.natsserver import die_with_parent

STOP_TIMEOUT = 15.0  # uvicorn's graceful shutdown (10 s) and the lifespan's NATS drain


class GaveUp(RuntimeError):
    """A child crashed too often to be worth restarting again."""


@dataclass
class Child:
    name: str
    command: Sequence[str]
    process: subprocess.Popen[bytes] | None = None
    crashes: deque[float] = field(default_factory=deque)
    restart_at: float | None = None
    restarts: int = 0


class Supervisor:
    def __init__(
        self,
        env: Mapping[str, str],
        *,
        max_crashes: int = 5,
        window: float = 60.0,
        first_delay: float = 0.5,
        max_delay: float = 10.0,
        stop_timeout: float = STOP_TIMEOUT,
        clock: Callable[[], float] = time.monotonic,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self._env = dict(env)
        self._max_crashes = max_crashes
        self._window = window
        self._first_delay = first_delay
        self._max_delay = max_delay
        self._stop_timeout = stop_timeout
        self._clock = clock
        self._log = log or (lambda line: print(line, file=sys.stderr, flush=True))
        self.children: dict[str, Child] = {}

    def start(self, name: str, command: Sequence[str]) -> None:
        child = Child(name, list(command))
        self.children[name] = child
        self._spawn(child)

    def pid(self, name: str) -> int | None:
        process = self.children[name].process
        return None if process is None else process.pid

    def running(self, name: str) -> bool:
        process = self.children[name].process
        return process is not None and process.poll() is None

    def poll(self) -> None:
        """Notice children that exited and restart those whose pause is over.

        Raises ``GaveUp`` when a child exited for the ``max_crashes``-th time within ``window``.
        """
        now = self._clock()
        for child in self.children.values():
            if child.restart_at is not None:
                if now >= child.restart_at:
                    child.restart_at = None
                    child.restarts += 1
                    self._spawn(child)
                continue
            process = child.process
            if process is None or process.poll() is None:
                continue
            code = process.returncode
            child.crashes.append(now)
            while child.crashes and child.crashes[0] <= now - self._window:
                child.crashes.popleft()
            crashes = len(child.crashes)
            if crashes >= self._max_crashes:
                raise GaveUp(
                    f"{child.name} exited {crashes} times within {self._window:.0f}s "
                    f"(last {_describe(code)}); not restarting it again. See its log above."
                )
            delay = min(self._first_delay * 2 ** (crashes - 1), self._max_delay)
            child.restart_at = now + delay
            self._log(
                f"{child.name} {_describe(code)}; restarting in {delay:g}s ({crashes} in "
                f"{self._window:.0f}s; the stack stops at {self._max_crashes})"
            )

    def stop(self) -> None:
        """SIGTERM every child's process group, then SIGKILL what is left after the timeout."""
        for child in self.children.values():
            child.restart_at = None
            if child.process is not None and child.process.poll() is None:
                _signal_group(child.process, signal.SIGTERM)
        deadline = time.monotonic() + self._stop_timeout
        for child in self.children.values():
            if child.process is None:
                continue
            try:
                child.process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(child.process, signal.SIGKILL)
                child.process.wait()

    def _spawn(self, child: Child) -> None:
        # SIGINT/SIGTERM wait until the new child is recorded, so stop() always finds it
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            child.process = subprocess.Popen(
                child.command,
                env=self._env,
                start_new_session=True,
                preexec_fn=_prepare_child,
            )
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _prepare_child() -> None:
    """Runs in the child between fork and exec: it inherited the blocked stop signals."""
    die_with_parent()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)


def _signal_group(process: subprocess.Popen[bytes], signum: int) -> None:
    # the child leads its own session, so its group id is its pid; the group includes
    # uvicorn's worker processes when a service runs more than one
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def _describe(code: int) -> str:
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with code {code}"
