"""Fixtures of the graph tests that stop, freeze or kill the tests' own Neo4j."""

from __future__ import annotations

import pytest

from graph.server import LocalServer


@pytest.fixture
def server(neo4j_server: LocalServer | None) -> LocalServer:
    """The tests' own Neo4j, which these tests may stop, freeze or kill: not one given by NEO4J_URI."""
    if neo4j_server is None:
        pytest.fail("this test stops, freezes or kills the tests' own Neo4j; run it without NEO4J_URI")
    return neo4j_server
