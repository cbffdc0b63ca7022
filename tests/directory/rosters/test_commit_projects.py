"""A committed roster reaches the real Neo4j: new officers and their attendance, with no drift."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from directory.models import OutboxEvent
from directory.services.intake import commit_roster
from graph.check import find_drift
from graph.driver import get_driver
from tests.roster_world import RosterWorld, preview_of

pytestmark = pytest.mark.django_db(transaction=True)
EXAMPLE = Path(settings.BASE_DIR) / "docs" / "examples" / "workshop-roster.csv"


def test_the_imported_officers_and_their_attendance_are_in_the_graph(roster_world: RosterWorld) -> None:
    # when
    preview = preview_of(EXAMPLE.read_bytes(), roster_world.staff, event="Crypto")
    commit_roster(preview, user=roster_world.staff)
    # then
    assert OutboxEvent.objects.filter(applied_at__isnull=True).count() == 0
    assert find_drift() == []
    records, _, _ = get_driver().execute_query(
        "MATCH (o:Officer)-[:ATTENDED]->(:Event {uuid: $event}) RETURN o.uuid AS uuid",
        event=str(roster_world.world.workshop.uuid),
        database_=settings.NEO4J_DATABASE,
    )
    # Asel and Bakyt attended already; Dilnoza, Ulmasov and the two new officers come from the roster.
    assert len(records) == 6
