"""With Neo4j stopped, writes succeed and wait in the outbox; after restart `graph_sync` catches up."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings

from directory.models import OutboxEvent
from directory.services import officers
from graph.check import find_drift
from graph.server import LocalServer
from tests.factories import build_small_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_writes_wait_while_neo4j_is_stopped_and_graph_sync_drains_them(neo4j_server: LocalServer | None) -> None:
    if neo4j_server is None:
        pytest.fail("this test stops the tests' own Neo4j; run it without NEO4J_URI")
    world = build_small_world()
    # given Neo4j is stopped for real
    neo4j_server.stop()
    try:
        # when officers are written (the suite projects in the request: a short deadline stops each try soon,
        # where production's background projector would keep trying off the request)
        with override_settings(NEO4J_WRITE_DEADLINE=4):
            officers.update_officer(world.asel, position="Head of unit", languages=["ru", "ky", "en"])
            officers.erase_officer(world.dilnoza)
        # then the writes succeeded and their events wait
        world.asel.refresh_from_db()
        assert world.asel.position == "Head of unit"
        pending = OutboxEvent.objects.filter(applied_at__isnull=True)
        assert pending.count() >= 2
        # and a server that does not answer is not the events' fault: no attempt is counted against them
        assert all(event.attempts == 0 for event in pending)
    finally:
        neo4j_server.start()
    # when graph_sync runs after the restart
    call_command("graph_sync")
    # then
    assert OutboxEvent.objects.filter(applied_at__isnull=True).count() == 0
    assert find_drift() == []
