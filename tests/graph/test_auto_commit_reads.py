"""Graph reads are auto-commit queries: each answer is the records of one query, and a pooled connection the server
has closed does not fail the next question."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from neo4j import Driver, GraphDatabase, Query

from answers.questions import counterparts
from directory.models import User
from graph import queries
from graph.driver import driver_options, get_driver, neo4j_uri
from graph.reads import read_records
from tests.factories import build_small_world

pytestmark = pytest.mark.django_db(transaction=True)  # the graph is projected only after a real commit

LIST_CONNECTIONS = (
    "CALL dbms.listConnections() YIELD connectionId, userAgent WHERE userAgent = $agent RETURN connectionId"
)


@pytest.fixture
def operator() -> Iterator[Driver]:
    """A second client of the same server, as an operator's shell would be, which closes the web's connections."""
    driver = GraphDatabase.driver(neo4j_uri(), **{**driver_options(), "user_agent": "liaison-operator"})
    yield driver
    driver.close()


def close_liaisons_connections(operator: Driver) -> int:
    """Have the server close every connection the process's driver holds; how many it closed."""
    agent = {"agent": driver_options()["user_agent"]}
    found = {record["connectionId"] for record in read_records(operator, Query(LIST_CONNECTIONS), agent)}
    for connection in found:
        read_records(operator, Query("CALL dbms.killConnection($id)"), {"id": connection})
    # killConnection asks the server to close them; wait until it has, as a restart would have, before asking again.
    deadline = time.monotonic() + 10
    while found & {record["connectionId"] for record in read_records(operator, Query(LIST_CONNECTIONS), agent)}:
        assert time.monotonic() < deadline, "the server did not close the connections within 10 s"
        time.sleep(0.05)
    return len(found)


def test_a_read_returns_every_record_of_its_query() -> None:
    records = read_records(get_driver(), Query("UNWIND range(1, 1200) AS n RETURN n"))
    assert [record["n"] for record in records] == list(range(1, 1201))


def test_a_question_after_the_server_closed_the_pooled_connections_is_answered(operator: Driver) -> None:
    world = build_small_world()
    staff = User.objects.create_user("staff", password="a-long-test-password", role="staff")
    asked = {"topic": str(world.cybercrime.uuid), "officer": str(world.asel.uuid), "limit": 10}
    before = counterparts(staff, **asked)
    assert world.bakyt.pk in {c.officer.pk for c in before}
    # when the server closes the connections the driver has pooled (as a restart does)
    assert close_liaisons_connections(operator) >= 1
    # then the next question is answered all the same, and the same
    after = counterparts(staff, **asked)
    assert [(c.officer.pk, c.score) for c in after] == [(c.officer.pk, c.score) for c in before]
    assert read_records(get_driver(), Query(queries.PING))
