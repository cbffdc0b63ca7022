"""Apply outbox events to Neo4j: each event re-projects its record's current state, so replays are harmless."""

from __future__ import annotations

import datetime
import logging
import threading
import time
from collections import defaultdict
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from neo4j import WRITE_ACCESS, ManagedTransaction, unit_of_work
from neo4j.exceptions import DriverError, Neo4jError, TransientError

from directory.models import OutboxEvent
from directory.worker_nudge import nudge_worker
from graph import snapshots
from graph.deadline import DeadlinePool
from graph.driver import get_driver
from graph.errors import GraphUnreachable
from graph.queries.projection import DELETE, DELETE_UNLINKED_SHARED, UPSERT
from graph.schema import ensure_schema, schema_is_ensured
from graph.shapes import SHAPES, SHARED_LABELS

logger = logging.getLogger(__name__)

# What a projection can fail with when Neo4j is down, slow or refuses: the events wait for the next try.
GRAPH_FAILURES = (DriverError, Neo4jError, OSError, GraphUnreachable)
# Of those, the ones that say nothing about the events (no connection, no answer in time, a deadlock the retries
# did not outlast): the events are not counted as tried, so a long outage leaves `attempts` as it was.
NOT_THE_EVENTS_FAULT = (DriverError, OSError, GraphUnreachable, TransientError)

# The projection's Neo4j writes, each waited for at most NEO4J_WRITE_DEADLINE seconds (a frozen server never answers).
_writes = DeadlinePool("graph-write", 2)
# Creating the constraints and indexes waits up to 120 s for the indexes to come online (graph/queries/schema.py).
SCHEMA_DEADLINE_SECONDS = 180.0
# A batch whose first event waited longer than this from its commit to the graph is logged with where the time went.
SLOW_PROJECTION_SECONDS = 1.0


class Stopwatch:
    """Seconds spent in each named step of a projection batch, for the log line of a slow one."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._mark = time.monotonic()

    def lap(self, step: str) -> None:
        """Count the time since the last lap toward `step`."""
        now = time.monotonic()
        self.seconds[step] += now - self._mark
        self._mark = now

    def summary(self) -> str:
        """The steps and their times, in the order they first ran."""
        return ", ".join(f"{step} {seconds:.2f} s" for step, seconds in self.seconds.items())


@dataclass
class ProjectionReport:
    """What one projection run did."""

    applied: int = 0
    pending: int = 0
    error: str | None = None
    # The error was Neo4j's state (down, hung, busy), not the events': they were left as they were.
    unreachable: bool = False


def project_pending(*, batch_size: int = 500, max_batches: int | None = None) -> ProjectionReport:
    """Apply pending outbox events in id order, a batch per Neo4j transaction, until none or an error."""
    report = ProjectionReport()
    batches = 0
    while max_batches is None or batches < max_batches:
        batches += 1
        stopwatch = Stopwatch()
        with _claiming_transaction():
            # Several workers can run: each claims its own rows (SKIP LOCKED on PostgreSQL).
            events = list(
                OutboxEvent.objects.filter(applied_at__isnull=True)
                .select_for_update(skip_locked=True)
                .order_by("id")[:batch_size]
            )
            if not events:
                break
            stopwatch.lap("claiming")
            ids = [event.id for event in events]
            try:
                apply_events(events, stopwatch)
            except NOT_THE_EVENTS_FAULT as error:
                report.error = f"{type(error).__name__}: {error}"
                report.unreachable = True
                break
            except GRAPH_FAILURES as error:
                # Neo4j refused these events themselves: only the batch that was tried counts an attempt.
                report.error = f"{type(error).__name__}: {error}"
                OutboxEvent.objects.filter(id__in=ids).update(
                    attempts=F("attempts") + 1, last_error=report.error[:2000]
                )
                break
            applied_at = timezone.now()
            OutboxEvent.objects.filter(id__in=ids).update(applied_at=applied_at, last_error="")
            stopwatch.lap("marking applied")
        report.applied += len(events)
        _log_if_slow(events, applied_at, stopwatch)
    report.pending = OutboxEvent.objects.filter(applied_at__isnull=True).count()
    return report


def _log_if_slow(events: list[OutboxEvent], applied_at: datetime.datetime, stopwatch: Stopwatch) -> None:
    """Say where the time went when the batch's first event reached the graph later than it should."""
    waited = (applied_at - min(event.created_at for event in events)).total_seconds()
    if waited > SLOW_PROJECTION_SECONDS:
        worked = sum(stopwatch.seconds.values())
        logger.warning(
            "graph projection late: a batch of %d in the graph %.2f s after its first commit "
            "(%.2f s of it before the batch began; the batch: %s)",
            len(events),
            waited,
            max(0.0, waited - worked),
            stopwatch.summary(),
        )


# Where rows cannot be claimed (SQLite), one projection at a time per process: concurrent requests would otherwise
# each apply the same pending events, racing each other in Neo4j for nothing.
_one_projection_at_a_time = threading.Lock()


def _claiming_transaction() -> AbstractContextManager[object]:
    """A transaction that holds the claimed rows while Neo4j applies them, where the database locks rows."""
    if connection.features.has_select_for_update_skip_locked:
        return transaction.atomic()
    # SQLite locks the whole database for a writing transaction: holding it across Neo4j round trips would stall
    # every other writer. Without it, other processes may apply the same events twice, which the version guard
    # makes harmless; each update below is then a short write of its own.
    return _one_projection_at_a_time


def apply_events(events: list[OutboxEvent], stopwatch: Stopwatch) -> None:
    """Project the current state of every record the events name, in one Neo4j transaction; each step timed."""
    uuids_by_aggregate: dict[str, set[str]] = defaultdict(set)
    for event in events:
        uuids_by_aggregate[event.aggregate].add(str(event.aggregate_uuid))
    work: list[tuple[str, dict[str, Any]]] = []
    for shape in SHAPES:
        uuids = uuids_by_aggregate.get(shape.aggregate)
        if not uuids:
            continue
        rows, gone = snapshots.rows_for_uuids(shape.aggregate, uuids)
        if rows:
            work.append((UPSERT[shape.aggregate], {"rows": rows}))
        if gone:
            work.append((DELETE[shape.aggregate], {"uuids": sorted(gone)}))
    stopwatch.lap("reading the records")
    if not work:
        return
    if any(
        link.target in SHARED_LABELS
        for shape in SHAPES
        if shape.aggregate in uuids_by_aggregate
        for link in shape.links
    ):
        # A language its last speaker left (moved, merged or erased) leaves the graph as the drift check expects.
        work += [(query, {}) for query in DELETE_UNLINKED_SHARED]
    # The schema first, once per process: on a fresh server it waits for its indexes, longer than a write may take.
    if not schema_is_ensured():
        _writes.run(SCHEMA_DEADLINE_SECONDS, ensure_schema)
        stopwatch.lap("checking the schema")
    _writes.run(settings.NEO4J_WRITE_DEADLINE, write_work, work)
    stopwatch.lap("writing to Neo4j")


def write_work(work: list[tuple[str, dict[str, Any]]]) -> None:
    """Run the projection's statements in one managed write transaction: a deadlock is retried with backoff."""
    # Retries stop within half the deadline, so that the last try still has time to finish before it.
    retry_seconds = settings.NEO4J_WRITE_DEADLINE / 2
    transaction_work = unit_of_work(timeout=settings.NEO4J_WRITE_DEADLINE)(_run_statements)
    with get_driver().session(database=settings.NEO4J_DATABASE, max_transaction_retry_time=retry_seconds) as session:
        session.execute_write(transaction_work, work)


def _run_statements(tx: ManagedTransaction, work: list[tuple[str, dict[str, Any]]]) -> None:
    for query, parameters in work:
        tx.run(query, parameters).consume()


def plan_writes(no_uuid: str) -> int:
    """Run each projection statement once, each in a transaction rolled back at once: Neo4j plans and caches them,
    and the graph is left as it was; how many statements ran."""
    # The first record of each kind, as a user's write would send it: the plan cached is the one their writes use.
    work: list[tuple[str, dict[str, Any]]] = []
    for shape in SHAPES:
        rows = snapshots.first_rows(shape.aggregate)
        if rows:
            work.append((UPSERT[shape.aggregate], {"rows": rows}))
        work.append((DELETE[shape.aggregate], {"uuids": [no_uuid]}))
    work += [(query, {}) for query in DELETE_UNLINKED_SHARED]
    _writes.run(settings.NEO4J_WRITE_DEADLINE, _rolled_back, work)
    return len(work)


def _rolled_back(work: list[tuple[str, dict[str, Any]]]) -> None:
    # A transaction per statement: planning comes before any lock, so locks are held only while one statement runs.
    with get_driver().session(database=settings.NEO4J_DATABASE, default_access_mode=WRITE_ACCESS) as session:
        for query, parameters in work:
            transaction = session.begin_transaction(timeout=settings.NEO4J_WRITE_DEADLINE)
            try:
                transaction.run(query, parameters).consume()
            finally:
                transaction.rollback()


def project_after_commit(**_: Any) -> None:
    """After a write commits: nudge the worker (or this process's background projector), or project here (inline)."""
    if not settings.LIAISON_PROJECT_ON_COMMIT:
        return
    if settings.LIAISON_PROJECTION == "worker" and nudge_worker():
        return
    if settings.LIAISON_PROJECTION != "inline":
        # No worker listens (LIAISON_PROJECTION=worker), or this process projects by design (background).
        from graph.background import background_projector

        background_projector.nudge()
        return
    try:
        report = project_pending(max_batches=4)
    except GRAPH_FAILURES as error:
        logger.warning("graph projection deferred: %s", error)
        return
    if report.error:
        logger.warning("graph projection deferred, %d events pending: %s", report.pending, report.error)


class ProjectionDeferred(RuntimeError):
    """Neo4j did not take the pending events; they wait for the next run."""


def drain_outbox() -> int:
    """The worker's projection job: apply every pending event; returns how many were applied."""
    report = project_pending()
    if report.error:
        raise ProjectionDeferred(f"{report.applied} applied, {report.pending} still pending: {report.error}")
    return report.applied
