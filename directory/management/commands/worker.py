"""`python manage.py worker`: the long-running process that projects, publishes, delivers and runs periodic jobs."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from directory.worker import JobsMisconfigured, periodic_jobs, run_worker
from directory.worker_nudge import nudge_worker


class Command(BaseCommand):
    """Run the worker until SIGTERM or Ctrl-C (the job under way finishes first)."""

    help = (
        "Run the worker: drain the outbox into Neo4j, publish changes, deliver webhooks and run the periodic jobs "
        "of LIAISON_PERIODIC_JOBS. With --once, run the due jobs once and exit."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare --once and --poll."""
        parser.add_argument("--once", action="store_true", help="run the due jobs once, then exit")
        parser.add_argument("--poll", type=float, default=None, help="seconds between rounds (default: setting)")

    def handle(self, *args: Any, once: bool, poll: float | None, **options: Any) -> None:
        """Check the registry, then loop until told to stop."""
        try:
            jobs = periodic_jobs()
        except JobsMisconfigured as error:
            raise CommandError(str(error)) from error
        stop = threading.Event()

        def request_stop(signum: int, _frame: object) -> None:
            self.stdout.write(f"worker stopping ({signal.Signals(signum).name}) after the job under way")
            stop.set()
            nudge_worker()  # wakes the loop's wait, so it stops now rather than at the end of its poll

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        self.stdout.write(f"worker running: {', '.join(job.name for job in jobs)}")
        self.stdout.flush()
        run_worker(stop, poll_seconds=poll, once=once)
        self.stdout.write("worker stopped")
