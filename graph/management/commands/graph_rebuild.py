"""`python manage.py graph_rebuild`: recreate the whole projection from the database."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from graph.rebuild import rebuild_graph


class Command(BaseCommand):
    """Empty the graph and project every record again, with a progress bar."""

    help = "Recreate the Neo4j projection from the database in UNWIND batches."

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare --batch-size and --no-progress."""
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--no-progress", action="store_true", help="no progress bar (for logs)")

    def handle(self, *args: Any, batch_size: int, no_progress: bool, **options: Any) -> None:
        """Rebuild and print what was written, and how fast."""
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
