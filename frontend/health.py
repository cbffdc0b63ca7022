"""`GET /healthz`: whether the database and Neo4j answer, as JSON, in a few seconds at most."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config import __version__
from directory.worker_state import worker_state
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


def _bounded(check: Callable[[], str | None]) -> dict[str, str]:
    """Run one check with a hard time limit and describe its outcome."""
    future = _pool.submit(check)
    try:
        problem = future.result(timeout=CHECK_TIMEOUT_SECONDS)
    except FutureTimeout:
        problem = f"no answer within {CHECK_TIMEOUT_SECONDS:.0f} s"
    return {"status": "ok"} if problem is None else {"status": "down", "reason": problem}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Report each dependency as ok or down (with the reason), and the worker's queues; 200 when all are ok."""
    # The database check stays on the request's own connection (its connect timeout bounds it);
    # the Neo4j check runs in a pool thread so that a hanging server cannot hold the request.
    database = database_problem()
    checks = {
        "database": {"status": "ok"} if database is None else {"status": "down", "reason": database},
        "neo4j": _bounded(neo4j_problem),
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
