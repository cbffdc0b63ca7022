"""`python manage.py graph_schema`: create the graph's constraints and indexes when missing."""

from __future__ import annotations

from typing import Any

from config.commands import LiaisonCommand
from graph.schema import ensure_schema


class Command(LiaisonCommand):
    """Create missing constraints and indexes."""

    help = "Create the Neo4j constraints, indexes and full-text index Liaison needs (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        """Run every schema statement; each is a no-op when its index exists."""
        count = ensure_schema(force=True)
        self.stdout.write(f"graph schema in place ({count} constraints and indexes)")
