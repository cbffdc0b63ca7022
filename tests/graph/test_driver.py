"""The driver talks to the real Neo4j server."""

from __future__ import annotations

from django.conf import settings
from neo4j import RoutingControl

from graph import queries
from graph.driver import get_driver


def test_a_write_is_read_back_through_the_driver() -> None:
    # given
    driver = get_driver()
    # when
    driver.execute_query(queries.WRITE_PROBE, key="k1", value="Астана", database_=settings.NEO4J_DATABASE)
    records, _, _ = driver.execute_query(
        queries.READ_PROBE, key="k1", database_=settings.NEO4J_DATABASE, routing_=RoutingControl.READ
    )
    # then
    assert [record["value"] for record in records] == ["Астана"]


def test_the_server_is_neo4j_5_and_our_own_is_community_5_26() -> None:
    records, _, _ = get_driver().execute_query(
        "CALL dbms.components() YIELD name, versions, edition RETURN *", routing_=RoutingControl.READ
    )
    kernel = next(record for record in records if record["name"] == "Neo4j Kernel")
    major = int(kernel["versions"][0].split(".")[0])
    assert major >= 5, f"Liaison's Cypher needs Neo4j 5 or newer, not {kernel['versions'][0]}"
    if not settings.NEO4J_URI:  # the tests' own server, which the launcher runs
        assert (kernel["edition"], kernel["versions"][0][:5]) == ("community", "5.26.")


def test_each_test_starts_with_an_empty_graph() -> None:
    records, _, _ = get_driver().execute_query(
        "MATCH (n) RETURN count(n) AS nodes", database_=settings.NEO4J_DATABASE, routing_=RoutingControl.READ
    )
    assert records[0]["nodes"] == 0
