"""`python manage.py graph_check`: compare the database and the graph; exit non-zero on any difference."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import CommandError

from config.commands import LiaisonCommand
from graph.check import find_drift


class Command(LiaisonCommand):
    """The drift check."""

    help = "Compare database and graph (counts per label and type, and every record); non-zero exit on drift."

    def handle(self, *args: Any, **options: Any) -> None:
        """Print each difference, or that there is none."""
        started = time.perf_counter()
        differences = find_drift()
        elapsed = time.perf_counter() - started
        for difference in differences:
            self.stdout.write(difference)
        if differences:
            raise CommandError(
                f"{len(differences)} differences between database and graph; "
                "`graph_sync` applies pending events, `graph_rebuild` recreates the graph"
            )
        self.stdout.write(f"graph matches the database (checked in {elapsed:.1f} s)")
