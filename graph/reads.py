"""Every graph read goes through here: a hard deadline, and a breaker that refuses at once while Neo4j is sick."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from neo4j import READ_ACCESS, Driver, Query, Record
from neo4j.exceptions import DriverError, Neo4jError

from graph.breaker import CircuitBreaker
from graph.deadline import DeadlinePool
from graph.errors import GraphBreakerOpen, GraphDeadlineExceeded, GraphUnreachable
from graph.health import ping

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


def read_records(driver: Driver, query: Query, parameters: Mapping[str, Any] | None = None) -> list[Record]:
    """Every record of one read, asked as an auto-commit query.

    The driver's execute_query runs a read in a managed transaction, whose COMMIT waits for an answer of its own after
    the records: two round trips, where an auto-commit query sends its statement and the request for its records
    together and ends with them (a counterpart answer 0.65 ms sooner at the median, bench/RESULTS.md). It is not
    retried as execute_query's are: the deadline, the breaker and the pages' notice deal with a sick server, and the
    driver itself leaves out the pooled connections a restarted server closed (tests/graph/test_auto_commit_reads.py).
    """
    with driver.session(database=settings.NEO4J_DATABASE, default_access_mode=READ_ACCESS) as session:
        return list(session.run(query, dict(parameters or {})))


def guarded_read(
    driver: Driver,
    query: str,
    parameters: Mapping[str, Any] | None = None,
    *,
    meanwhile: Callable[[], object] | None = None,
) -> list[Record]:
    """The records of one read within NEO4J_READ_DEADLINE seconds (each query within NEO4J_QUERY_TIMEOUT on the
    server), unless the breaker refuses it at once; `meanwhile` runs while it is under way (DeadlinePool.run)."""
    breaker = read_breaker()
    if not breaker.allow():
        seconds = max(1, math.ceil(breaker.retry_after()))
        raise GraphBreakerOpen(
            f"recent graph reads failed; reads resume in {seconds} s (NEO4J_BREAKER_COOL_OFF)", retry_after=seconds
        )
    started = breaker.now()
    timed = Query(query, timeout=settings.NEO4J_QUERY_TIMEOUT)
    try:
        # Looked up here at each call, so that a test or a bench can watch every read the process sends.
        records = _read_pool().run(
            settings.NEO4J_READ_DEADLINE, read_records, driver, timed, parameters, meanwhile=meanwhile
        )
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
    return records
