"""The background projector: one thread per web process projects committed writes, so no request waits on Neo4j."""

from __future__ import annotations

import logging
import os
import threading

from django.db import connections

logger = logging.getLogger(__name__)

# After a failed try the thread waits, doubling from the first to the longest wait, then tries again by itself
# (the worker's graph_projection job drains the outbox as well, so a restarted Neo4j catches up either way).
FIRST_RETRY_SECONDS = 1.0
LONGEST_RETRY_SECONDS = 30.0


class BackgroundProjector:
    """A daemon thread woken by each commit (a threading.Event); a nudge costs the request nothing more."""

    def __init__(self) -> None:
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = 0
        self.rounds = 0  # finished projection rounds, for whoever waits on them (tests, benchmarks)
        self._round_done = threading.Condition()

    def nudge(self) -> None:
        """Ask for a projection soon; start the thread first if this process has none (a fork leaves none)."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive() or self._pid != os.getpid():
                self._thread = threading.Thread(target=self._run, name="graph-projector", daemon=True)
                self._pid = os.getpid()
                self._thread.start()
        self._wake.set()

    def wait_for_round(self, after: int, timeout: float) -> bool:
        """Wait until a round later than `after` has finished; False if none did within `timeout` seconds."""
        with self._round_done:
            return self._round_done.wait_for(lambda: self.rounds > after, timeout=timeout)

    def _run(self) -> None:
        retry_in: float | None = None
        while True:
            self._wake.wait(timeout=retry_in)
            self._wake.clear()
            failed = self._project()
            retry_in = _next_wait(retry_in) if failed else None
            with self._round_done:
                self.rounds += 1
                self._round_done.notify_all()

    @staticmethod
    def _project() -> bool:
        """Apply what is pending; True when Neo4j (or the database) did not take it, so a retry is due."""
        from graph.projector import project_pending

        try:
            report = project_pending()
        # The thread must outlive any failure: a dead projector would leave every later write to the worker.
        except Exception as error:
            logger.warning("background projection failed: %s: %s", type(error).__name__, error)
            return True
        finally:
            # This thread's own database connection: closed between rounds, never left open while idle.
            connections.close_all()
        if report.error:
            logger.warning("graph projection deferred, %d events pending: %s", report.pending, report.error)
            return True
        return False


def _next_wait(previous: float | None) -> float:
    """The wait before the next try after a failure: the first wait, then doubled up to the longest."""
    return min(previous * 2, LONGEST_RETRY_SECONDS) if previous else FIRST_RETRY_SECONDS


background_projector = BackgroundProjector()
