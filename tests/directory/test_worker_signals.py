"""The worker's stop on a signal, in a real worker process: Ctrl-C and the SIGTERM after it make one clean stop."""

from __future__ import annotations

import signal
import time

import pytest

from tests.shell import start_worker

# How long the worker may take to stop: a bound on a hang, not a measured time.
PATIENCE_SECONDS = 60
# Signals sent in a row: enough that some arrive while the worker is handling an earlier one, as Ctrl-C and the
# SIGTERM of `make serve`'s trap do; a handler that took a lock hung here every time (8 runs of 8).
SIGNALS_IN_A_ROW = 3000


def _busy_wait(seconds: float) -> None:
    # Spacing finer than time.sleep gives: the next signal lands inside the handling of the last.
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        pass


@pytest.mark.django_db(transaction=True)
def test_ctrl_c_and_sigterm_in_a_storm_stop_the_worker_once_and_cleanly() -> None:
    # given a running worker (no Neo4j: its jobs find nothing to project) with a long poll of its own
    worker = start_worker(NEO4J_URI="bolt://127.0.0.1:9", LIAISON_WORKER_POLL_SECONDS="300")
    try:
        assert worker.stdout is not None
        assert "worker running" in worker.stdout.readline()
        # when Ctrl-C and SIGTERM keep arriving, some inside the handling of the one before
        for sent in range(SIGNALS_IN_A_ROW):
            try:
                worker.send_signal((signal.SIGINT, signal.SIGTERM)[sent % 2])
            except ProcessLookupError:
                break
            _busy_wait(0.00003 * (sent % 7))
        # then it stops, long before its poll would have come round
        output, _ = worker.communicate(timeout=PATIENCE_SECONDS)
    finally:
        if worker.poll() is None:
            worker.kill()
    # and cleanly, saying so once
    assert worker.returncode == 0, output
    assert output.count("worker stopping") == 1, output
    assert "worker stopped" in output
