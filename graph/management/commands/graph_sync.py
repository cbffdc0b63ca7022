"""`python manage.py graph_sync [--follow]`: apply whatever outbox events are still pending."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import CommandError, CommandParser

from config.commands import LiaisonCommand
from graph.projector import project_pending


class Command(LiaisonCommand):
    """Drain the outbox into Neo4j, once or continuously."""

    help = "Apply pending outbox events to Neo4j; with --follow keep doing so (the projection worker)."

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare --follow, --interval and --batch-size."""
        parser.add_argument("--follow", action="store_true", help="keep running, polling for new events")
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between polls with --follow")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, follow: bool, interval: float, batch_size: int, **options: Any) -> None:
        """Project until the outbox is empty (or forever with --follow, backing off while Neo4j is down)."""
        delay = interval
        while True:
            report = project_pending(batch_size=batch_size)
            if report.applied or report.error:
                self.stdout.write(f"applied {report.applied} events, {report.pending} pending")
            if report.error:
                self.stderr.write(f"Neo4j could not take the events: {report.error}")
                if not follow:
                    raise CommandError(
                        f"{report.pending} events still pending; run graph_sync again once Neo4j answers"
                    )
                delay = min(delay * 2, 60.0)
            else:
                delay = interval
            if not follow:
                self.stdout.write(f"outbox drained: {report.applied} applied, {report.pending} pending")
                return
            time.sleep(delay)
