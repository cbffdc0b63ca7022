"""`python manage.py worker`: the long-running process that projects, publishes, delivers and runs periodic jobs."""

from __future__ import annotations

import os
import signal
import socket
from typing import Any

from django.core.management.base import CommandError, CommandParser

from config.commands import LiaisonCommand
from directory.worker import JobsMisconfigured, StopRequest, periodic_jobs, run_worker


class Command(LiaisonCommand):
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
        stop = StopRequest()
        # Python writes each signal's number to this socket as it arrives, before any handler runs: the loop's wait
        # watches the other end, so a stop ends it at once rather than at the end of its poll.
        signals, wake_up = socket.socketpair()
        for end in (signals, wake_up):
            end.setblocking(False)
        previous_wake_up = signal.set_wakeup_fd(wake_up.fileno(), warn_on_full_buffer=False)

        stdout_fd = _file_descriptor(self.stdout)

        def request_stop(signum: int, _frame: object) -> None:
            # A handler runs between any two lines, even inside another handler (Ctrl-C reaches the worker and
            # `make serve`'s trap sends SIGTERM next): it takes no lock, as one its interrupted code holds would
            # never be released. Hence a raw write, not self.stdout, whose buffer has a lock.
            name = signal.Signals(signum).name
            if stop.request(name) and stdout_fd is not None:
                os.write(stdout_fd, f"worker stopping ({name}) after the job under way\n".encode())

        previous_handlers = {number: signal.signal(number, request_stop) for number in (signal.SIGTERM, signal.SIGINT)}
        self.stdout.write(f"worker running: {', '.join(job.name for job in jobs)}")
        self.stdout.flush()
        try:
            run_worker(stop, poll_seconds=poll, once=once, signals=signals)
        finally:
            for number, previous in previous_handlers.items():
                # As its own program, stopping already: a later signal changes nothing (rather than end the exit
                # half-way, as the default action of Python's shutdown would; SIGKILL still ends it at once). Called
                # from other code (call_command), it leaves that process's handlers as it found them: an ignored
                # SIGTERM would be inherited by every program the process starts after.
                signal.signal(number, signal.SIG_IGN if getattr(self, "_called_from_command_line", False) else previous)
            signal.set_wakeup_fd(previous_wake_up)
            signals.close()
            wake_up.close()
        self.stdout.write("worker stopped")


def _file_descriptor(stream: Any) -> int | None:
    """The descriptor under a command's output, or None when it writes to memory (a test's call_command)."""
    try:
        return stream._out.fileno()
    except (AttributeError, OSError, ValueError):
        return None
