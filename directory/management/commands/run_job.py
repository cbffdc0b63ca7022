"""Run one periodic job now, by its name in LIAISON_PERIODIC_JOBS (the worker runs them on their schedule)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils.module_loading import import_string

from config.commands import LiaisonCommand


class Command(LiaisonCommand):
    """manage.py run_job NAME"""

    help = "Run one periodic job now (confirmation reminders, follow-up questions, digests) and say how much it did."

    def add_arguments(self, parser: CommandParser) -> None:
        """The job's name."""
        parser.add_argument("name", help="the job's name in LIAISON_PERIODIC_JOBS")

    def handle(self, *args: Any, name: str, **options: Any) -> None:
        """Run the job and print how many things it did."""
        jobs = {str(job["name"]): str(job["function"]) for job in settings.LIAISON_PERIODIC_JOBS}
        if name not in jobs:
            raise CommandError(f"No job named {name!r}; choose one of: {', '.join(sorted(jobs))}.")
        done = import_string(jobs[name])()
        self.stdout.write(f"{name}: {done}")
