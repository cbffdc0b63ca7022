"""Cluster-ready graph access: through a `neo4j://` routing driver, graph questions go to readers, writes to writers."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test.utils import override_settings
from neo4j import Driver, RoutingControl
from neo4j.exceptions import ClientError

from answers.ranking import current_ranking
from graph import queries, questions
from graph.driver import get_driver, neo4j_uri
from graph.projector import project_pending
from graph.rebuild import rebuild_graph
from graph.search import search_names
from tests.factories import SmallWorld, build_small_world

# The routing pool says, for every transaction, which kind of server it asked its routing table for.
ACQUIRED = re.compile(r"acquire routing connection, access_mode='(READ|WRITE)'")


@pytest.fixture
def routed() -> Iterator[Driver]:
    """The process's driver, reaching the tests' own server through routing (as it would a cluster)."""
    if settings.NEO4J_URI:
        pytest.fail("this test routes to the tests' own Neo4j; run it without NEO4J_URI")
    # This module is about where questions go, not how fast: a cold server on a busy machine may plan one slowly.
    with override_settings(NEO4J_SCHEME="neo4j", NEO4J_QUERY_TIMEOUT=120):
        yield get_driver()


@pytest.fixture
def acquisitions(caplog: pytest.LogCaptureFixture) -> Callable[[], list[str]]:
    """The access modes the routing pool acquired connections for since the last call, in order."""
    caplog.set_level(logging.DEBUG, logger="neo4j.pool")

    def taken() -> list[str]:
        modes = [match.group(1) for record in caplog.records if (match := ACQUIRED.search(record.getMessage()))]
        caplog.clear()
        return modes

    return taken


def test_the_scheme_setting_makes_the_local_server_a_routed_one(routed: Driver) -> None:
    # when
    routed.verify_connectivity()
    records, _, _ = routed.execute_query(
        queries.ROUTING_TABLE, database=settings.NEO4J_DATABASE, routing_=RoutingControl.READ
    )
    # then the driver routes, and the server sends it back to itself, at the address it listens on, for every role
    assert neo4j_uri() == f"neo4j://127.0.0.1:{settings.NEO4J_PORT}"
    servers = {server["role"]: server["addresses"] for server in records[0]["servers"]}
    assert servers == {role: [f"127.0.0.1:{settings.NEO4J_PORT}"] for role in ("ROUTE", "READ", "WRITE")}


def test_an_unknown_scheme_is_refused_with_the_setting_named() -> None:
    with override_settings(NEO4J_SCHEME="http", NEO4J_URI=""):
        with pytest.raises(ImproperlyConfigured, match="NEO4J_SCHEME"):
            neo4j_uri()


def test_the_server_refuses_a_write_sent_as_a_read(routed: Driver) -> None:
    # A read transaction is one a follower can serve: the server itself holds it to reading.
    with pytest.raises(ClientError) as refused:
        routed.execute_query(
            queries.WRITE_PROBE, key="k", value="v", database_=settings.NEO4J_DATABASE, routing_=RoutingControl.READ
        )
    assert "AccessMode" in str(refused.value.code)


@pytest.mark.django_db
def test_every_graph_question_is_read_from_a_reader(routed: Driver, acquisitions: Callable[[], list[str]]) -> None:
    # given the small world in the graph
    world: SmallWorld = build_small_world()
    project_pending()
    acquisitions()
    officer, other, topic = str(world.asel.uuid), str(world.bakyt.uuid), str(world.cybercrime.uuid)
    asked: dict[str, Callable[[], object]] = {
        "counterparts": lambda: questions.counterparts(
            routed, ranking=current_ranking(), topic=topic, officer=officer, scope="all"
        ),
        "introduction paths": lambda: questions.introduction_paths(routed, from_officer=officer, to_officer=other),
        "coverage": lambda: questions.coverage(routed),
        "coverage gaps": lambda: questions.coverage_gaps(routed),
        "neighbourhood": lambda: questions.neighbourhood(routed, kind="officer", uuid=officer, depth=2),
        "name search": lambda: search_names(routed, "Asel"),
    }
    for name, ask in asked.items():
        # when
        answer = ask()
        # then
        assert answer, f"{name}: no answer from the small world"
        assert set(acquisitions()) == {"READ"}, f"{name} was not asked as a read"


@pytest.mark.django_db(transaction=True)
def test_projection_schema_and_rebuild_are_sent_to_the_writer(
    routed: Driver, acquisitions: Callable[[], list[str]]
) -> None:
    # when the small world is written and projected (its schema first), then rebuilt from the database
    build_small_world()
    projected = acquisitions()
    report = rebuild_graph()
    rebuilt = acquisitions()
    # then every connection they took was a writer's, and the graph holds the records
    assert projected and set(projected) == {"WRITE"}
    assert rebuilt and set(rebuilt) == {"WRITE"}
    assert report.nodes > 0
