"""Real processes for the fault drills: is one alive, its children, a free port, and the tests' Neo4j killed."""

from __future__ import annotations

import os
import signal
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from graph.server import LocalServer

# How long a killed Neo4j may take to be gone: a bound on a hang, not a measured time.
NEO4J_PATIENCE_SECONDS = 120


def alive(pid: int) -> bool:
    """Whether the process runs (a zombie waiting for its parent to read its exit counts as ended)."""
    try:
        return "\nState:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


def children(pid: int) -> list[int]:
    """The ids of a process's direct children, read from /proc."""
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def stopped(pid: int) -> bool:
    """Whether every thread of the process has stopped on a signal (or the process is gone)."""
    states = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return True
    for task in tasks:
        try:
            # The state follows the command name in parentheses, which may itself hold spaces and parentheses.
            states.append((task / "stat").read_text().rpartition(")")[2].split()[0])
        except (OSError, IndexError):
            continue  # a thread that ended meanwhile
    return all(state in {"T", "t", "Z", "X"} for state in states)


def freeze(pid: int) -> None:
    """Stop the process in its tracks (SIGSTOP), returning once every one of its threads has stopped."""
    # The kernel stops each thread as it next runs: until then a busy server may still answer a request or two.
    os.kill(pid, signal.SIGSTOP)
    wait_for(lambda: stopped(pid), f"every thread of process {pid} stopped after SIGSTOP", patience=10)


@contextmanager
def frozen(server: LocalServer) -> Iterator[None]:
    """Neo4j stopped in its tracks (SIGSTOP): its connections stay open and nothing answers; SIGCONT after."""
    pid = server.running_pid()
    assert pid is not None
    freeze(pid)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)


def free_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def killed(server: LocalServer) -> None:
    """Neo4j killed at once (SIGKILL), as by the kernel's out-of-memory killer; no chance to close anything."""
    pid = server.running_pid()
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + NEO4J_PATIENCE_SECONDS
    while server.running_pid() is not None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert server.running_pid() is None


def wait_for(condition: Callable[[], bool], what: str, patience: float = 120) -> float:
    """Wait until `condition` holds; how long it took. Fails after `patience` seconds, naming `what`."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > patience:
            pytest.fail(f"not within {patience} s: {what}")
        time.sleep(0.25)
    return time.monotonic() - started
