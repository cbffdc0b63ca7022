"""Recreate the whole projection from the database: every node first, then every link, in UNWIND batches."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection as db_connection
from django.db.models import Max
from django.utils import timezone
from neo4j import WRITE_ACCESS, ManagedTransaction, Session

from directory.models import OutboxEvent
from graph import snapshots
from graph.driver import get_driver
from graph.queries import DELETE_EVERYTHING_IN_BATCHES
from graph.queries.projection import CREATE_LINKS, CREATE_NODES, MERGE_LANGUAGES
from graph.queries.schema import DROP_FULLTEXT_INDEXES
from graph.schema import ensure_schema
from graph.shapes import SHAPES

Progress = Callable[[str, int, int], None]  # (what, rows done in this batch, rows of that kind in all)


@dataclass
class RebuildReport:
    """What a rebuild wrote, and how fast each phase went."""

    nodes: int = 0
    relationships: int = 0
    node_seconds: float = 0.0
    relationship_seconds: float = 0.0
    index_seconds: float = 0.0

    @property
    def seconds(self) -> float:
        """Both phases together."""
        return self.node_seconds + self.relationship_seconds

    @property
    def nodes_per_second(self) -> float:
        """Nodes created per second of the node phase."""
        return self.nodes / self.node_seconds if self.node_seconds else 0.0

    @property
    def relationships_per_second(self) -> float:
        """Relationships created per second of the link phase."""
        return self.relationships / self.relationship_seconds if self.relationship_seconds else 0.0


def _write(session: Session, query: str, **parameters: Any) -> Any:
    def work(tx: ManagedTransaction) -> Any:
        return tx.run(query, parameters).consume().counters

    return session.execute_write(work)


LINK_WRITERS = 2


def _write_links(shape: Any, link: snapshots.LinkSource, batch_size: int, progress: Progress | None) -> int:
    """Create every link of one type, in batches, on this thread's own session and database connection."""
    created = 0
    query = CREATE_LINKS[(shape.aggregate, link.type)]
    try:
        with get_driver().session(database=settings.NEO4J_DATABASE, default_access_mode=WRITE_ACCESS) as session:
            for pairs in snapshots.all_link_pairs(link, batch_size):
                created += _write(session, query, pairs=pairs).relationships_created
                if progress:
                    progress(link.type, len(pairs), 0)
    finally:
        db_connection.close()
    return created


def rebuild_graph(*, batch_size: int = 5000, progress: Progress | None = None) -> RebuildReport:
    """Empty the graph and project every record again; events older than the rebuild count as applied."""
    # Events written before this point are covered by the rebuild; later ones stay pending.
    covered_up_to = OutboxEvent.objects.aggregate(last=Max("id"))["last"] or 0
    driver = get_driver()
    ensure_schema(force=True)
    with driver.session(database=settings.NEO4J_DATABASE, default_access_mode=WRITE_ACCESS) as session:
        session.run(DELETE_EVERYTHING_IN_BATCHES).consume()
        # Names are indexed once at the end, in bulk, rather than node by node.
        for statement in DROP_FULLTEXT_INDEXES:
            session.run(statement).consume()
    report = RebuildReport()
    with driver.session(database=settings.NEO4J_DATABASE, default_access_mode=WRITE_ACCESS) as session:
        started = time.perf_counter()
        for shape in SHAPES:
            total = snapshots.SOURCES[shape.aggregate].model._default_manager.count()
            for rows in snapshots.all_node_rows(shape.aggregate, batch_size):
                report.nodes += _write(session, CREATE_NODES[shape.aggregate], rows=rows).nodes_created
                if progress:
                    progress(shape.label, len(rows), total)
        codes = snapshots.spoken_language_codes()
        report.nodes += _write(session, MERGE_LANGUAGES, codes=codes).nodes_created
        report.node_seconds = time.perf_counter() - started
    started = time.perf_counter()
    sources = [(shape, link) for shape in SHAPES for link in snapshots.SOURCES[shape.aggregate].links]
    # Link types are independent once every node exists: two writers keep both cores busy.
    with ThreadPoolExecutor(max_workers=LINK_WRITERS) as pool:
        for created in pool.map(lambda pair: _write_links(pair[0], pair[1], batch_size, progress), sources):
            report.relationships += created
    report.relationship_seconds = time.perf_counter() - started
    started = time.perf_counter()
    ensure_schema(force=True)  # recreates the full-text index and waits until it is populated
    report.index_seconds = time.perf_counter() - started
    OutboxEvent.objects.filter(applied_at__isnull=True, id__lte=covered_up_to).update(
        applied_at=timezone.now(), last_error=""
    )
    return report
