"""Rebuild the graph offline: export the projection as CSV, import it into a fresh store, swap it in, catch up.

The old graph serves until the swap; a write that arrives meanwhile stays (or becomes again) a pending outbox event,
which the projector applies to the new graph right after.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from directory.models import OutboxEvent
from graph.offline.export import export_projection
from graph.offline.importer import ImportFailed, OnImporter, run_import
from graph.offline.store import discard, swap_store
from graph.projector import project_pending
from graph.schema import ensure_schema
from graph.server import LocalServer, port_is_free

OnPhase = Callable[[str], None]


class OfflineRebuildRefused(Exception):
    """The offline rebuild cannot run here; `setting` names what to change. Nothing was touched."""

    def __init__(self, setting: str, message: str) -> None:
        super().__init__(f"{setting}: {message}")
        self.setting = setting


@dataclass
class OfflineRebuildReport:
    """What an offline rebuild wrote, and how long each step took."""

    nodes: int = 0
    relationships: int = 0
    node_seconds: float = 0.0  # reading and writing the nodes' files, and the importer's node stage
    relationship_seconds: float = 0.0  # the same for relationships: their files, import and linking stages
    import_seconds: float = 0.0  # the importer's whole run, its start and post-processing included
    down_seconds: float = 0.0
    index_seconds: float = 0.0
    total_seconds: float = 0.0
    caught_up: int = 0  # events of writes made during the rebuild, applied to the new graph afterwards
    links_left_out: int = 0  # links to records written after the node files were, projected by the catch-up

    @property
    def nodes_per_second(self) -> float:
        """Nodes per second of the node phase, measured as the online rebuild measures its own."""
        return self.nodes / self.node_seconds if self.node_seconds else 0.0

    @property
    def relationships_per_second(self) -> float:
        """Relationships per second of the relationship phase."""
        return self.relationships / self.relationship_seconds if self.relationship_seconds else 0.0


@dataclass(frozen=True)
class OutboxCut:
    """The outbox as the export begins: the events it covers are those pending now (their rows are committed)."""

    started_at: datetime
    covered_up_to: int
    pending: frozenset[int]

    @classmethod
    def take(cls) -> OutboxCut:
        """Note the time, the last event, and which events are pending (a margin of a second on the clock)."""
        started_at = timezone.now() - timedelta(seconds=1)
        covered_up_to = OutboxEvent.objects.aggregate(last=Max("id"))["last"] or 0
        pending = OutboxEvent.objects.filter(applied_at__isnull=True, id__lte=covered_up_to)
        return cls(started_at, covered_up_to, frozenset(pending.values_list("id", flat=True)))

    def settle(self) -> None:
        """After the swap: the exported events count as applied, every later one waits for the projector."""
        with transaction.atomic():
            # Applied to the old graph while the export ran: the new graph may lack them, so they go again.
            OutboxEvent.objects.filter(applied_at__gte=self.started_at).update(applied_at=None)
            pending = OutboxEvent.objects.filter(applied_at__isnull=True, id__lte=self.covered_up_to)
            # Events not yet committed when the export began (PostgreSQL hands out ids before commit).
            unseen = set(pending.values_list("id", flat=True)) - self.pending
            pending.exclude(id__in=unseen).update(applied_at=timezone.now(), last_error="")


def own_server() -> LocalServer:
    """The local Neo4j that Liaison runs itself, or OfflineRebuildRefused saying why there is none to rebuild."""
    if settings.NEO4J_URI:
        raise OfflineRebuildRefused(
            "NEO4J_URI",
            f"the graph is on a Neo4j that Liaison does not run ({settings.NEO4J_URI}), whose store it cannot "
            "replace; rebuild it online (`manage.py graph_rebuild` without --offline)",
        )
    server = LocalServer.from_settings()
    if server.running_pid() is None and not port_is_free(server.port):
        raise OfflineRebuildRefused(
            "NEO4J_PORT",
            f"another program, not the Neo4j Liaison started from {server.home}, listens on port {server.port}; "
            "point NEO4J_PORT at Liaison's own server, or rebuild online",
        )
    return server


def rebuild_offline(
    *, batch_size: int = 20000, on_phase: OnPhase | None = None, on_importer: OnImporter | None = None
) -> OfflineRebuildReport:
    """Replace the local server's graph with one imported from the database; the old one serves until the swap."""
    server = own_server()
    started = time.perf_counter()
    work = server.home / "rebuild"
    discard(work)
    (work / "csv").mkdir(parents=True)
    phase = on_phase or (lambda _: None)
    report = OfflineRebuildReport()
    cut = OutboxCut.take()
    try:
        phase("export")
        export = export_projection(work / "csv", batch_size=batch_size)
        phase("import")
        imported = run_import(export, work / "staging", server.home / "logs" / "import.log", on_importer=on_importer)
        report.import_seconds = imported.seconds
        report.node_seconds = export.node_seconds + imported.stage("Node import")
        report.relationship_seconds = (
            export.relationship_seconds + imported.stage("Relationship import") + imported.stage("Relationship linking")
        )
        if (imported.nodes, imported.relationships) != (export.node_count, export.relationship_count):
            raise ImportFailed(
                f"the importer wrote {imported.nodes} nodes and {imported.relationships} relationships, but "
                f"{export.node_count} and {export.relationship_count} were exported (its output: {imported.log})"
            )
        report.nodes, report.relationships = imported.nodes, imported.relationships
        report.links_left_out = export.links_left_out
        phase("swap")
        report.down_seconds = swap_store(server, work / "staging", work / "previous")
        phase("indexes")
        index_started = time.perf_counter()
        ensure_schema(force=True)  # the constraints, the indexes and the full-text index, populated
        report.index_seconds = time.perf_counter() - index_started
        report.total_seconds = time.perf_counter() - started
        cut.settle()
    finally:
        discard(work)
    phase("catch up")
    report.caught_up = project_pending().applied
    return report
