"""Every graph read goes through here: a hard deadline, and a breaker that refuses at once while Neo4j is sick."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from neo4j.exceptions import DriverError, Neo4jError

from graph.breaker import CircuitBreaker
from graph.deadline import DeadlinePool
from graph.errors import GraphBreakerOpen, GraphDeadlineExceeded, GraphUnreachable
from graph.health import ping

Result = TypeVar("Result")

# What says the server is sick (not the question): no connection, no answer in time, the server's own failures.
SERVER_FAILURES = (DriverError, Neo4jError, OSError, GraphUnreachable)

_lock = threading.Lock()
_breaker: CircuitBreaker | None = None
_pool: DeadlinePool | None = None
_liveness: DeadlinePool | None = None


def read_breaker() -> CircuitBreaker:
    """The process's breaker for graph reads, made from the settings on first use."""
    global _breaker
    with _lock:
        if _breaker is None:
            _breaker = CircuitBreaker(
                threshold=settings.NEO4J_BREAKER_FAILURES, cool_off=settings.NEO4J_BREAKER_COOL_OFF
            )
        return _breaker


def _read_pool() -> DeadlinePool:
    global _pool
    with _lock:
        if _pool is None:
            _pool = DeadlinePool("graph-read", settings.NEO4J_READ_THREADS)
        return _pool


def _liveness_pool() -> DeadlinePool:
    # Its own threads: the reads' pool may be full of the slow reads whose server is being judged.
    global _liveness
    with _lock:
        if _liveness is None:
            _liveness = DeadlinePool("graph-liveness", 2)
        return _liveness


def reset_reads() -> None:
    """Forget the breaker's state and sizes (the Neo4j settings changed); the next read makes them afresh."""
    global _breaker
    with _lock:
        _breaker = None


def _server_answers() -> bool:
    """Whether Neo4j answers a trivial read within NEO4J_LIVENESS_DEADLINE seconds."""
    try:
        _liveness_pool().run(settings.NEO4J_LIVENESS_DEADLINE, ping)
    except SERVER_FAILURES:
        return False
    return True


def guarded_read(
    call: Callable[..., Result], *args: Any, meanwhile: Callable[[], object] | None = None, **kwargs: Any
) -> Result:
    """Run one read within NEO4J_READ_DEADLINE seconds, unless the breaker refuses it at once; `meanwhile` runs while
    it is under way (DeadlinePool.run)."""
    breaker = read_breaker()
    if not breaker.allow():
        seconds = max(1, math.ceil(breaker.retry_after()))
        raise GraphBreakerOpen(
            f"recent graph reads failed; reads resume in {seconds} s (NEO4J_BREAKER_COOL_OFF)", retry_after=seconds
        )
    started = breaker.now()
    try:
        result = _read_pool().run(settings.NEO4J_READ_DEADLINE, call, *args, meanwhile=meanwhile, **kwargs)
    except GraphDeadlineExceeded:
        breaker.timed_out(started, _server_answers)
        raise
    except SERVER_FAILURES:
        breaker.failed()
        raise
    except BaseException:
        breaker.released()
        raise
    breaker.succeeded()
    return result
