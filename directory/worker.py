"""The worker: one loop that runs each periodic job of LIAISON_PERIODIC_JOBS when due, once per period overall."""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django.utils.module_loading import import_string

from directory.services.jobs import claim_job_run, finish_job_run
from directory.worker_nudge import NudgeListener

logger = logging.getLogger(__name__)

# The jobs a web process's nudge runs at once (after a commit), besides their period: the projection, so that a
# write is in the graph within a moment instead of within the period.
NUDGED_JOBS = frozenset({"graph_projection"})


class StopRequest:
    """Set by a signal handler: a plain attribute, no lock, for a handler may interrupt code that holds one."""

    def __init__(self) -> None:
        self.signal_name: str | None = None

    def request(self, signal_name: str) -> bool:
        """Ask the worker to stop; True for the first request only (Ctrl-C and then SIGTERM make one stop)."""
        if self.signal_name is not None:
            return False
        self.signal_name = signal_name
        return True

    def is_set(self) -> bool:
        """Whether a stop was asked for."""
        return self.signal_name is not None


class JobsMisconfigured(ValueError):
    """An entry of LIAISON_PERIODIC_JOBS that cannot run; the message names it and the fix."""


@dataclass(frozen=True)
class PeriodicJob:
    """A job of the registry: its name, how often it runs, and the function (no arguments, returns a count)."""

    name: str
    every_seconds: float
    function: Callable[[], int]


def periodic_jobs(entries: list[dict[str, Any]] | None = None) -> list[PeriodicJob]:
    """The registry (settings.LIAISON_PERIODIC_JOBS), checked: every name unique, every function importable."""
    entries = settings.LIAISON_PERIODIC_JOBS if entries is None else entries
    jobs: list[PeriodicJob] = []
    for position, entry in enumerate(entries):
        name, every, path = entry.get("name"), entry.get("every_seconds"), entry.get("function")
        where = f"LIAISON_PERIODIC_JOBS[{position}] ({name or 'unnamed'})"
        if not isinstance(name, str) or not name or name in {job.name for job in jobs}:
            raise JobsMisconfigured(f"{where}: give each job a unique 'name'.")
        if isinstance(every, bool) or not isinstance(every, int | float) or every <= 0:
            raise JobsMisconfigured(f"{where}: 'every_seconds' must be a positive number of seconds.")
        try:
            function = import_string(str(path))
        except ImportError as error:
            raise JobsMisconfigured(f"{where}: 'function' {path!r} cannot be imported ({error}).") from error
        jobs.append(PeriodicJob(name=name, every_seconds=float(every), function=function))
    return jobs


def run_due_jobs(jobs: list[PeriodicJob], stop: StopRequest | None = None) -> dict[str, int | str]:
    """Run each job whose period has come and no other worker claimed; returns what each did (or its error)."""
    outcomes: dict[str, int | str] = {}
    for job in jobs:
        if stop is not None and stop.is_set():
            break  # the job under way finished; the others wait for the next worker
        if not claim_job_run(job.name, job.every_seconds):
            continue
        try:
            result = int(job.function())
        # A job's failure is recorded and the loop goes on: one broken job must not stop the others.
        except Exception as error:
            message = f"{type(error).__name__}: {error}"
            logger.warning("worker job %s failed: %s", job.name, message)
            finish_job_run(job.name, result=None, error=message)
            outcomes[job.name] = message
            continue
        finish_job_run(job.name, result=result)
        outcomes[job.name] = result
    return outcomes


def run_nudged_jobs(jobs: list[PeriodicJob]) -> dict[str, int | str]:
    """Run the jobs a nudge asks for now, outside their period (the projection is safe to run side by side)."""
    outcomes: dict[str, int | str] = {}
    for job in jobs:
        if job.name in NUDGED_JOBS:
            try:
                outcomes[job.name] = int(job.function())
            # Left for its periodic run, which records the failure; the loop goes on.
            except Exception as error:
                outcomes[job.name] = f"{type(error).__name__}: {error}"
                logger.warning("worker job %s (nudged) failed: %s", job.name, outcomes[job.name])
    return outcomes


def run_worker(
    stop: StopRequest,
    *,
    poll_seconds: float | None = None,
    once: bool = False,
    signals: socket.socket | None = None,
) -> None:
    """Run due jobs until `stop` is set (or once), and the nudged ones whenever nudged; the current job finishes.

    `signals` is the read end of the signal wake-up socket: a stop request then ends the wait between rounds at once.
    """
    jobs = periodic_jobs()
    poll = settings.LIAISON_WORKER_POLL_SECONDS if poll_seconds is None else poll_seconds
    listener = None if once else NudgeListener(signals)
    try:
        while not stop.is_set():
            run_due_jobs(jobs, stop)
            if listener is None:
                return
            if listener.wait(poll) and not stop.is_set():
                run_nudged_jobs(jobs)
            # As between requests: a connection the database dropped, or past its age, is opened afresh.
            close_old_connections()
    finally:
        if listener is not None:
            listener.close()
