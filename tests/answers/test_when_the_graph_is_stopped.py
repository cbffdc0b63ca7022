"""The tests' own Neo4j really stopped, once for all of these (each restart costs the suite half a minute): the API
says GRAPH_UNAVAILABLE, the pages a banner, /healthz 503; writes succeed and wait in the outbox; after the restart
/healthz is ok at once, `graph_sync` catches up and the graph answers again."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

from directory.models import OutboxEvent
from directory.services import officers
from graph.check import find_drift
from graph.server import LocalServer
from tests.api.conftest import call
from tests.factories import SmallWorld, build_small_world, graph_readers

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.restarts_neo4j]

BANNER = "The network graph is not answering right now"
GRAPH_FIELDS = {
    "counterparts": "query Q($topic: ID!, $a: ID!) { counterparts(topic: $topic, officer: $a) { score } }",
    "introductionPaths": "query Q($a: ID!, $b: ID!) { introductionPaths(fromOfficer: $a, toOfficer: $b) "
    "{ hops { reason { text } } } }",
    "coverageGaps": "query Q { coverageGaps { trainedOfficers } }",
    "neighbourhood": "query Q($a: ID!) { neighbourhood(kind: OFFICER, uuid: $a) { nodes { id } } }",
    "searchNames": 'query Q { searchNames(text: "Tokayev") { uuid } }',
}
OFFICERS = "query { officers(first: 5) { totalCount } }"


def ask_every_graph_field(token: str, world: SmallWorld) -> dict[str, dict]:
    """Each graph field in its own request (a failing non-null field empties its whole answer)."""
    candidates = {"topic": str(world.crypto.uuid), "a": str(world.asel.uuid), "b": str(world.bakyt.uuid)}
    answers = {}
    for field, query in GRAPH_FIELDS.items():
        variables = {name: value for name, value in candidates.items() if f"${name}" in query}
        answers[field] = call(Client(), query, variables, token=token)
    return answers


def visit_every_graph_page(viewer: Client, world: SmallWorld) -> dict[str, str]:
    """Each page that asks the graph, as HTML."""
    addresses = {
        "finder": "/?topic=crypto-laundering&scope=all",
        "profile": f"/officers/{world.bakyt.uuid}/",
        "network": f"/network/officer/{world.bakyt.uuid}/",
        "search": "/search/?q=Tokayev",
        "coverage": "/coverage/?topic=crypto-laundering",
    }
    pages = {}
    for name, address in addresses.items():
        response = viewer.get(address)
        assert response.status_code == 200, (name, response.status_code)
        pages[name] = response.content.decode()
    return pages


def test_with_neo4j_stopped_the_directory_answers_writes_wait_and_all_catches_up_after_the_restart(
    neo4j_server: LocalServer | None,
) -> None:
    if neo4j_server is None:
        pytest.fail("this test stops the tests' own Neo4j; run it without NEO4J_URI")
    # given an integration with a read token, and Asel (verified) signed in to the pages
    world = build_small_world()
    token, viewer = graph_readers(world)
    before = ask_every_graph_field(token, world)
    assert all("errors" not in answer for answer in before.values()), before
    # and the driver holds pooled connections to the running server
    assert Client().get("/healthz").status_code == 200
    # when Neo4j is stopped for real
    neo4j_server.stop()
    try:
        answers = ask_every_graph_field(token, world)
        records = call(Client(), OFFICERS, token=token)
        pages = visit_every_graph_page(viewer, world)
        down = Client().get("/healthz")
        # and officers are written (the suite projects in the request: a short deadline stops each try soon,
        # where production's worker would keep trying off the request)
        with override_settings(NEO4J_WRITE_DEADLINE=1):
            officers.update_officer(world.asel, position="Head of unit", languages=["ru", "ky", "en"])
            officers.erase_officer(world.dilnoza)
        world.asel.refresh_from_db()
        pending = list(OutboxEvent.objects.filter(applied_at__isnull=True))
    finally:
        # when it is back: start() returns once the server is ready (the launcher says so, the database answers)
        neo4j_server.start()
    # then the very first health check after the restart is ok, on a fresh connection
    up = Client().get("/healthz")
    assert up.status_code == 200, up.json()
    # and, while it was down, each graph field was a typed error with a retry hint, never "Unexpected error.": a
    # minute when the field asked the server, the rest of the cool-off once failures had opened the breaker
    hints = []
    for field, answer in answers.items():
        (error,) = answer["errors"]
        assert error["path"] == [field]
        assert error["extensions"]["code"] == "GRAPH_UNAVAILABLE", field
        hint = error["extensions"]["retryAfter"]
        assert hint == 60 or 1 <= hint <= settings.NEO4J_BREAKER_COOL_OFF, (field, hint)
        assert "not answering" in error["message"] and f"again in {hint} seconds" in error["message"]
        hints.append(hint)
    assert hints[0] == 60
    # and the records still answered
    assert records == {"data": {"officers": {"totalCount": 3}}}
    # and each page showed the banner, with the rest of the page intact
    for name, html in pages.items():
        assert BANNER in html, name
    assert "Bakyt Tokayev" in pages["profile"] or "Бакыт Токаев" in pages["profile"]
    # and /healthz said 503, naming the command that starts the server
    assert down.status_code == 503
    assert "neo4j start" in down.json()["checks"]["neo4j"]["reason"]
    # and the writes succeeded, their events waiting, none counted against them (the server was not their fault)
    assert world.asel.position == "Head of unit"
    assert len(pending) >= 2
    assert all(event.attempts == 0 for event in pending)
    # when graph_sync runs after the restart, the outbox is drained and the graph agrees with the database
    call_command("graph_sync")
    assert OutboxEvent.objects.filter(applied_at__isnull=True).count() == 0
    assert find_drift() == []
    # and the graph answers again within the 60 seconds the error told the caller to wait (a server just started
    # plans each question afresh, which on a busy machine can outlast one question's deadline)
    deadline = time.monotonic() + 60
    again = ask_every_graph_field(token, world)
    while any("errors" in answer for answer in again.values()) and time.monotonic() < deadline:
        time.sleep(2)
        again = ask_every_graph_field(token, world)
    assert all("errors" not in answer for answer in again.values()), again
