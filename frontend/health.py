"""`GET /healthz`: whether the database and Neo4j answer, as JSON, in a few seconds at most."""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config import __version__
from directory.worker_state import worker_state
from graph.driver import neo4j_uri
from graph.health import neo4j_problem

CHECK_TIMEOUT_SECONDS = 4.0
_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="healthz")


def database_problem() -> str | None:
    """Return None when the database answers a trivial query, else why not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return f"{type(error).__name__}: {error}"
    return None


@dataclass
class _Probe:
    """The Neo4j check under way (or last run) in this process, and what the last one to end found."""

    uri: str = ""
    future: Future[str | None] | None = None
    last_problem: str | None = None


_probe = _Probe()
# Re-entrant: a check that ends at once runs its done-callback (_remember) in the thread that holds the lock.
_probe_lock = threading.RLock()


def _neo4j_check() -> dict[str, str]:
    """Neo4j's check, one at a time in this process, with a hard time limit; described as ok or down."""
    with _probe_lock:
        uri = neo4j_uri()
        under_way = _probe.future is not None and not _probe.future.done() and _probe.uri == uri
        if under_way and _probe.last_problem is not None:
            # Neo4j was down at the last check and the next is still waiting on it (a hung server): say so at once,
            # instead of holding this request's thread for the whole time limit too (load balancers ask often).
            return {"status": "down", "reason": f"{_probe.last_problem} (still checking)"}
        if not under_way:
            _probe.uri, _probe.future = uri, _pool.submit(neo4j_problem)
            _probe.future.add_done_callback(_remember)
        future = _probe.future
    try:
        problem = future.result(timeout=CHECK_TIMEOUT_SECONDS)
    except FutureTimeout:
        problem = f"no answer within {CHECK_TIMEOUT_SECONDS:.0f} s"
        with _probe_lock:
            if not future.done():  # else it has just ended, and _remember kept what it found
                _probe.last_problem = problem
    return {"status": "ok"} if problem is None else {"status": "down", "reason": problem}


def _remember(future: Future[str | None]) -> None:
    """Keep what a finished check found (a check that raised found Neo4j down)."""
    error = future.exception()
    with _probe_lock:
        _probe.last_problem = future.result() if error is None else f"{type(error).__name__}: {error}"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Report each dependency as ok or down (with the reason), and the worker's queues; 200 when all are ok."""
    # The database check stays on the request's own connection (its connect timeout bounds it);
    # the Neo4j check runs in a pool thread so that a hanging server cannot hold the request for long.
    database = database_problem()
    checks = {
        "database": {"status": "ok"} if database is None else {"status": "down", "reason": database},
        "neo4j": _neo4j_check(),
    }
    healthy = all(check["status"] == "ok" for check in checks.values())
    body: dict[str, object] = {"status": "ok" if healthy else "down", "version": __version__, "checks": checks}
    if database is None:
        # What the worker has left to do: a growing queue or an old pending item means the worker is behind or
        # stopped. Information, not a failed check: the web answers on without it.
        try:
            body["worker"] = worker_state()
        except DatabaseError as error:
            body["worker"] = {"status": "unknown", "reason": f"{type(error).__name__}: {error}"}
    return JsonResponse(body, status=200 if healthy else 503)
