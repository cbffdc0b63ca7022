"""Recreate the whole projection from the database, in UNWIND batches."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from neo4j import ManagedTransaction, SummaryCounters

from directory.models import OutboxEvent
from graph import snapshots
from graph.driver import get_driver
from graph.queries import DELETE_EVERYTHING_IN_BATCHES
from graph.queries.projection import CREATE
from graph.schema import ensure_schema
from graph.shapes import SHAPES

Progress = Callable[[str, int, int], None]  # (label, rows done in this batch, rows in all of the label)


@dataclass
class RebuildReport:
    """What a rebuild wrote, and how fast."""

    nodes: int = 0
    relationships: int = 0
    seconds: float = 0.0

    @property
    def nodes_per_second(self) -> float:
        """Nodes created per second of the rebuild."""
        return self.nodes / self.seconds if self.seconds else 0.0

    @property
    def relationships_per_second(self) -> float:
        """Relationships created per second of the rebuild."""
        return self.relationships / self.seconds if self.seconds else 0.0


def rebuild_graph(*, batch_size: int = 2000, progress: Progress | None = None) -> RebuildReport:
    """Empty the graph and project every record again; events older than the rebuild count as applied."""
    # Events written before this point are covered by the rebuild; later ones stay pending.
    covered_up_to = OutboxEvent.objects.aggregate(last=Max("id"))["last"] or 0
    driver = get_driver()
    with driver.session(database=settings.NEO4J_DATABASE) as session:
        session.run(DELETE_EVERYTHING_IN_BATCHES).consume()
    ensure_schema(force=True)
    report = RebuildReport()
    started = time.perf_counter()
    with driver.session(database=settings.NEO4J_DATABASE) as session:
        for shape in SHAPES:
            model, _ = snapshots.BUILDERS[shape.aggregate]
            total = model.objects.count()
            for rows in snapshots.all_rows(shape.aggregate, batch_size):
                counters = session.execute_write(_write_batch, CREATE[shape.aggregate], rows)
                report.nodes += counters.nodes_created
                report.relationships += counters.relationships_created
                if progress is not None:
                    progress(shape.label, len(rows), total)
    report.seconds = time.perf_counter() - started
    OutboxEvent.objects.filter(applied_at__isnull=True, id__lte=covered_up_to).update(
        applied_at=timezone.now(), last_error=""
    )
    return report


def _write_batch(tx: ManagedTransaction, query: str, rows: list[snapshots.Row]) -> SummaryCounters:
    return tx.run(query, rows=rows).consume().counters
