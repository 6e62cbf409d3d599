"""The local stack's supervisor with real child processes: a crashed child comes back after
its pause, one that keeps crashing makes it give up with a message naming it, and stopping
leaves no process behind. (tests/test_make_run.py kills a service of a running stack.)"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from blp.supervisor import GaveUp, Supervisor

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]
CRASHER = [sys.executable, "-c", "import sys; sys.exit(3)"]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def until(condition: Callable[[], bool], supervisor: Supervisor, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        supervisor.poll()
        time.sleep(0.02)


@pytest.fixture
def lines() -> list[str]:
    return []


@pytest.fixture
def supervisor(lines: list[str]) -> Iterator[Supervisor]:
    supervisor = Supervisor(
        os.environ, first_delay=0.05, max_delay=0.2, stop_timeout=2, log=lines.append
    )
    yield supervisor
    supervisor.stop()


class TestRestart:
    def test_a_killed_child_comes_back_after_its_pause(
        self, supervisor: Supervisor, lines: list[str]
    ) -> None:
        supervisor.start("registry", SLEEPER)
        supervisor.start("gateway", SLEEPER)
        first, other = supervisor.pid("registry"), supervisor.pid("gateway")
        assert first is not None
        os.kill(first, signal.SIGKILL)
        until(lambda: supervisor.pid("registry") != first, supervisor)
        until(lambda: supervisor.running("registry"), supervisor)
        assert supervisor.pid("gateway") == other and supervisor.running("gateway")
        assert lines == [
            "registry was killed by SIGKILL; restarting in 0.05s (1 in 60s; the stack stops at 5)"
        ]

    def test_the_pause_grows_with_each_crash(
        self, supervisor: Supervisor, lines: list[str]
    ) -> None:
        supervisor.start("finance", CRASHER)
        until(lambda: len(lines) == 4, supervisor)
        assert [line.split("restarting in ")[1].split("s ")[0] for line in lines] == [
            "0.05",
            "0.1",
            "0.2",
            "0.2",  # capped at max_delay
        ]
        assert all(line.startswith("finance exited with code 3;") for line in lines)

    def test_a_child_that_keeps_crashing_makes_it_give_up(
        self, supervisor: Supervisor, lines: list[str]
    ) -> None:
        supervisor.start("finance", CRASHER)
        supervisor.start("registry", SLEEPER)
        with pytest.raises(GaveUp) as raised:
            until(lambda: False, supervisor)
        assert str(raised.value).startswith(
            "finance exited 5 times within 60s (last exited with code 3); not restarting it"
        )
        assert len(lines) == 4  # four restarts, then the fifth crash is the last
        assert supervisor.running("registry")  # the caller decides what stops

    def test_crashes_spread_out_beyond_the_window_never_add_up(self, lines: list[str]) -> None:
        now = [0.0]
        supervisor = Supervisor(
            os.environ, window=60, first_delay=1, clock=lambda: now[0], log=lines.append
        )
        try:
            supervisor.start("training", CRASHER)
            for _ in range(8):
                process = supervisor.children["training"].process
                assert process is not None
                process.wait(10)
                supervisor.poll()  # notices the crash
                now[0] += 61  # a minute later: the pause is over and the crash forgotten
                supervisor.poll()  # restarts
            assert supervisor.children["training"].restarts == 8
            assert all("(1 in 60s;" in line for line in lines)
        finally:
            supervisor.stop()


class TestStop:
    def test_stop_ends_every_child_and_its_group(self, supervisor: Supervisor) -> None:
        # a child that ignores SIGTERM and has a child of its own (as uvicorn's workers are)
        stubborn = (
            "import signal, subprocess, sys, time;"
            "signal.signal(signal.SIGTERM, signal.SIG_IGN);"
            "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']);"
            "print(p.pid, flush=True); time.sleep(60)"
        )
        supervisor.start("assessment", SLEEPER)
        supervisor.start("gateway", [sys.executable, "-c", stubborn])
        time.sleep(0.5)
        pids = [supervisor.pid("assessment"), supervisor.pid("gateway")]
        group = _group_members(supervisor.pid("gateway"))
        assert len(group) == 2, group  # the stubborn child and its own child
        started = time.monotonic()
        supervisor.stop()
        assert time.monotonic() - started < 5
        assert not [pid for pid in [*pids, *group] if pid is not None and alive(pid)]

    def test_children_can_be_stopped_with_sigterm(self, supervisor: Supervisor) -> None:
        # spawning blocks SIGINT/SIGTERM in the supervisor for a moment; the child must not
        # inherit that mask, or it could not be stopped gracefully
        supervisor.start("registry", SLEEPER)
        pid = supervisor.pid("registry")
        assert pid is not None
        blocked = next(
            line.split()[1]
            for line in Path(f"/proc/{pid}/status").read_text().splitlines()
            if line.startswith("SigBlk:")
        )
        assert int(blocked, 16) & (1 << (signal.SIGTERM - 1) | 1 << (signal.SIGINT - 1)) == 0
        os.kill(pid, signal.SIGTERM)
        process = supervisor.children["registry"].process
        assert process is not None
        assert process.wait(5) == -signal.SIGTERM


def _group_members(leader: int | None) -> list[int]:
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == leader:  # the process group id
            members.append(int(stat.parent.name))
    return members
