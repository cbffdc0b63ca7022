"""`python manage.py graph_rebuild`: recreate the whole projection from the database."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import CommandError, CommandParser
from tqdm import tqdm

from config.commands import LiaisonCommand
from graph.offline.export import ExportError
from graph.offline.importer import ImportFailed
from graph.offline.rebuild import OfflineRebuildRefused, rebuild_offline
from graph.offline.store import SwapFailed
from graph.rebuild import rebuild_graph


class Command(LiaisonCommand):
    """Empty the graph and project every record again, with a progress bar; or import it offline and swap it in."""

    help = (
        "Recreate the Neo4j projection from the database: online in UNWIND batches, or with --offline through "
        "Neo4j's importer into a fresh store that replaces the old one (Liaison's own server only)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare --offline, --batch-size and --no-progress."""
        parser.add_argument(
            "--offline",
            action="store_true",
            help="import into a fresh store and swap it in (restarts Liaison's own Neo4j, which serves until then)",
        )
        parser.add_argument(
            "--batch-size", type=int, default=None, help="rows read at a time (default 5000, offline 20000)"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar (for logs)")

    def handle(self, *args: Any, offline: bool, batch_size: int | None, no_progress: bool, **options: Any) -> None:
        """Rebuild and print what was written, and how fast."""
        if batch_size is not None and batch_size < 1:
            raise CommandError(f"--batch-size: use at least 1, not {batch_size}")
        if offline:
            self._offline(batch_size or 20000, no_progress)
        else:
            self._online(batch_size or 5000, no_progress)

    def _offline(self, batch_size: int, no_progress: bool) -> None:
        def phase(name: str) -> None:
            if not no_progress:
                self.stderr.write(f"graph_rebuild --offline: {name}")

        try:
            report = rebuild_offline(batch_size=batch_size, on_phase=phase)
        except (OfflineRebuildRefused, ExportError) as error:
            raise CommandError(f"offline rebuild refused, the graph is unchanged: {error}") from error
        except ImportFailed as error:
            raise CommandError(f"offline rebuild failed, the old graph still serves: {error}") from error
        except SwapFailed as error:
            raise CommandError(f"offline rebuild failed: {error}") from error
        self.stdout.write(
            f"rebuilt offline: {report.nodes} nodes in {report.node_seconds:.1f} s and {report.relationships} "
            f"relationships in {report.relationship_seconds:.1f} s ({report.nodes_per_second:,.0f} nodes/s, "
            f"{report.relationships_per_second:,.0f} relationships/s; files written and imported); "
            f"importer {report.import_seconds:.1f} s in all, Neo4j down {report.down_seconds:.1f} s, "
            f"indexes {report.index_seconds:.1f} s, {report.total_seconds:.1f} s from start to indexes; "
            f"{report.caught_up} writes made meanwhile applied since"
        )

    def _online(self, batch_size: int, no_progress: bool) -> None:
        bars: dict[str, tqdm] = {}

        def progress(label: str, done: int, total: int) -> None:
            if no_progress:
                return
            if label not in bars:
                bars[label] = tqdm(total=total or None, desc=f"{label:<14}", unit=" rows", file=sys.stderr)
            bars[label].update(done)

        report = rebuild_graph(batch_size=batch_size, progress=progress)
        for bar in bars.values():
            bar.close()
        self.stdout.write(
            f"rebuilt: {report.nodes} nodes in {report.node_seconds:.1f} s and {report.relationships} relationships "
            f"in {report.relationship_seconds:.1f} s ({report.nodes_per_second:,.0f} nodes/s, "
            f"{report.relationships_per_second:,.0f} relationships/s); names indexed in {report.index_seconds:.1f} s"
        )
