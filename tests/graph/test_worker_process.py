"""A real `manage.py worker`: drains the outbox into Neo4j, and, killed mid-delivery, loses no event."""

from __future__ import annotations

import signal
import subprocess
import threading
import time
from collections.abc import Iterator

import pytest
from django.test import override_settings

from directory.models import ChangeEvent, OutboxEvent, WebhookDelivery
from directory.services import officers
from directory.services.webhooks import publish_changes, register_webhook_endpoint
from graph.check import find_drift
from tests.factories import build_small_world
from tests.shell import start_worker
from tests.webhook_receiver import Receiver

pytestmark = pytest.mark.django_db(transaction=True)
# How long the test waits for the worker to get somewhere: a bound on a hang, not a measured time.
PATIENCE_SECONDS = 90


def _start_worker() -> subprocess.Popen[str]:
    return start_worker(
        LIAISON_WEBHOOK_ALLOW_LOOPBACK="1", LIAISON_WEBHOOK_BACKOFF_SECONDS="0", LIAISON_WORKER_POLL_SECONDS="0.2"
    )


def _wait_for(condition: object, what: str) -> None:
    deadline = time.monotonic() + PATIENCE_SECONDS
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.2)
    pytest.fail(f"the worker did not get there: {what}")


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver().start()
    yield receiver
    receiver.stop()


def test_a_worker_killed_mid_delivery_delivers_again_on_restart_and_loses_nothing(receiver: Receiver) -> None:
    # given a directory whose writes wait in the outbox (nothing projects on commit) and an endpoint
    with override_settings(LIAISON_PROJECT_ON_COMMIT=False):
        world = build_small_world()
        publish_changes()
        with override_settings(LIAISON_WEBHOOK_ALLOW_LOOPBACK=True):
            endpoint, receiver.secret = register_webhook_endpoint(name="mirror", url=receiver.url)
        officers.update_officer(world.asel, position="Head of unit")
        officers.update_officer(world.bakyt, rank="Colonel")
        officers.record_acquaintance(world.asel, world.dilnoza)
    expected = set(ChangeEvent.objects.filter(sequence__isnull=True).values_list("id", flat=True))
    assert OutboxEvent.objects.filter(applied_at__isnull=True).exists()
    # and a receiver that holds the first request open
    receiver.hold = threading.Event()
    worker = _start_worker()
    try:
        # when the worker is killed (SIGKILL) while the receiver holds its first delivery
        _wait_for(receiver.arrived.is_set, "the first delivery reaches the receiver")
        first_message = receiver.received[0].message_id
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=PATIENCE_SECONDS)
        receiver.hold.set()
        receiver.hold = None
        # and started again
        worker = _start_worker()
        _wait_for(
            lambda: (
                WebhookDelivery.objects.filter(endpoint=endpoint).count() == len(expected)
                and not WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING).exists()
                and not OutboxEvent.objects.filter(applied_at__isnull=True).exists()
            ),
            "every change delivered and the outbox drained",
        )
    finally:
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=PATIENCE_SECONDS)
    # then the message cut off was sent again under the same webhook-id, and every change arrived, signed
    assert [r.message_id for r in receiver.received].count(first_message) >= 2
    assert all(r.verified for r in receiver.received)
    delivered = {message["data"]["sequence"] for message in receiver.delivered}
    published = set(ChangeEvent.objects.filter(id__in=expected).values_list("sequence", flat=True))
    assert delivered == published
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {WebhookDelivery.Status.DELIVERED}
    # and the worker drained the outbox into the real Neo4j: database and graph agree
    assert find_drift() == []
    # and SIGTERM let it finish the job under way and stop cleanly
    assert worker.returncode == 0, output
    assert "worker stopped" in output
