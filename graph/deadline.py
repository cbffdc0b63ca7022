"""Hard client-side deadlines for Neo4j calls: the call runs on a small pool, the caller stops waiting at the deadline.

A frozen server (SIGSTOP) keeps its TCP connections open and answers nothing, and the driver has no read timeout of
its own (only the server's optional `connection.recv_timeout_seconds` hint sets one), so a blocking read would wait
as long as the server stays frozen. The thread left waiting is bounded: each pool has a few threads, and a call
still queued when its caller gave up is dropped.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, TypeVar

from graph.errors import GraphDeadlineExceeded, GraphUnreachable

Result = TypeVar("Result")

_POOLS: list[DeadlinePool] = []


def calls_under_way() -> int:
    """How many Neo4j calls the pools of this process are running: the driver must not be closed under them."""
    return sum(pool.running() for pool in _POOLS)


class DeadlinePool:
    """A few named threads for Neo4j calls; `run` waits for a call at most `seconds`."""

    def __init__(self, name: str, size: int) -> None:
        self.name = name
        self.size = size
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self._pid = 0
        self._running = 0
        _POOLS.append(self)

    def running(self) -> int:
        """How many calls are under way, those whose callers stopped waiting included (they end with the server's
        answer)."""
        with self._lock:
            return self._running

    def _pool(self) -> ThreadPoolExecutor:
        # Threads do not survive a fork (a pre-forking app server): a child makes its own pool on first use.
        with self._lock:
            if self._executor is None or self._pid != os.getpid():
                self._executor = ThreadPoolExecutor(max_workers=self.size, thread_name_prefix=self.name)
                self._pid = os.getpid()
            return self._executor

    def run(
        self,
        seconds: float,
        call: Callable[..., Result],
        *args: Any,
        meanwhile: Callable[[], object] | None = None,
        **kwargs: Any,
    ) -> Result:
        """Return `call(*args, **kwargs)`, or raise GraphDeadlineExceeded when it has not finished within `seconds`.

        `meanwhile` runs on the caller's thread once the call has begun: work that does not need its answer (records
        an answer will be made of) is then done while Neo4j works, not after. The deadline counts from the hand-over
        all the same; should `meanwhile` fail, its error is raised and the call's answer is not waited for.
        """
        abandoned, begun = threading.Event(), threading.Event()

        def unless_abandoned() -> Result:
            if abandoned.is_set():  # its caller stopped waiting while it queued behind hung calls
                raise GraphDeadlineExceeded("abandoned before it started")
            with self._lock:
                self._running += 1
            begun.set()
            try:
                return call(*args, **kwargs)
            finally:
                with self._lock:
                    self._running -= 1

        try:
            future: Future[Result] = self._pool().submit(unless_abandoned)
        except RuntimeError as error:
            # The process is stopping (Ctrl-C): its pools take no new calls, so the page says the graph is
            # unavailable instead of failing with a 500.
            raise GraphUnreachable(f"the process is stopping: {error}") from None

        def give_up() -> None:
            abandoned.set()
            future.cancel()

        started = time.monotonic()
        if meanwhile is not None:
            try:
                # The call first: the caller waits until it has begun, so that the call holds Python's lock until
                # it waits on the network. Otherwise `meanwhile` kept the lock and the call began only after it.
                if begun.wait(seconds):  # not begun in time: the deadline has passed, nothing is worth doing
                    meanwhile()
            except BaseException:
                give_up()
                raise
        try:
            return future.result(timeout=max(0.0, seconds - (time.monotonic() - started)))
        except FutureTimeout:
            give_up()
            raise GraphDeadlineExceeded(f"Neo4j gave no answer within {seconds:g} s") from None
