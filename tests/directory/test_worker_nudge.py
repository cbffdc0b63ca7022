"""The nudge that wakes the worker after a commit: real sockets, and a real worker process that projects at once."""

from __future__ import annotations

import signal
import time

import pytest
from django.test import override_settings

from directory.models import OutboxEvent
from directory.services import officers
from directory.worker_nudge import NudgeListener, nudge_worker
from graph.check import find_drift
from tests.factories import build_small_world
from tests.processes import wait_for
from tests.shell import start_worker

# The worker's own period, far longer than the test waits: only the nudge can make it project in time.
SLEEPY_POLL_SECONDS = "300"
PATIENCE_SECONDS = 60


def test_a_nudge_wakes_the_listener_and_a_burst_wakes_it_once() -> None:
    # given no worker listening: a nudge says so, and does not block or raise
    assert nudge_worker() is False
    listener = NudgeListener()
    try:
        # when a web process nudges fifty times (fifty commits in a burst)
        assert all(nudge_worker() for _ in range(50))
        # then the worker's wait ends at once, and the burst is taken in one wake-up
        assert listener.wait(PATIENCE_SECONDS) is True
        assert listener.wait(0.2) is False
        # and a second listener of the same instance (a second worker) leaves the nudges to the first, and still
        # waits out its period rather than spinning
        second = NudgeListener()
        started = time.monotonic()
        assert second.wait(0.5) is False
        assert time.monotonic() - started >= 0.5
        second.close()
    finally:
        listener.close()
    # and once the worker is gone, nudges say nobody listens again
    assert nudge_worker() is False


def _projected() -> bool:
    """Nothing waits in the outbox and the graph agrees with the database."""
    return not OutboxEvent.objects.filter(applied_at__isnull=True).exists() and find_drift() == []


@pytest.mark.neo4j
@pytest.mark.django_db(transaction=True)
def test_a_commit_wakes_the_sleeping_worker_which_projects_it_and_without_a_worker_the_web_process_does() -> None:
    # given a directory in the graph and a worker whose own period is five minutes
    world = build_small_world()
    worker = start_worker(LIAISON_WORKER_POLL_SECONDS=SLEEPY_POLL_SECONDS)
    try:
        assert worker.stdout is not None
        assert "worker running" in worker.stdout.readline()
        wait_for(_projected, "the first round drained", PATIENCE_SECONDS)
        # when a web process commits a write in the production mode (the worker projects), the worker listening
        assert nudge_worker() is True
        with override_settings(LIAISON_PROJECTION="worker"):
            officers.update_officer(world.asel, position="Head of the cyber unit")
        # then the worker projects it long before its period would have come round
        assert OutboxEvent.objects.filter(applied_at__isnull=True).exists()
        wait_for(_projected, "the nudged projection", PATIENCE_SECONDS)
    finally:
        # and SIGTERM stops it at once, not at the end of its five-minute wait
        stopping = time.monotonic()
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=PATIENCE_SECONDS)
    assert worker.returncode == 0 and "worker stopped" in output
    assert time.monotonic() - stopping < float(SLEEPY_POLL_SECONDS)
    # and with no worker, a write still reaches the graph: the web process's own projector takes it
    with override_settings(LIAISON_PROJECTION="worker"):
        assert nudge_worker() is False
        officers.update_officer(world.asel, position="Deputy head of the cyber unit")
    wait_for(_projected, "the web process's own projection", PATIENCE_SECONDS)
