"""A measurement of a question's work reads the plan made for the graph as it is, not one cached for a smaller one."""

from __future__ import annotations

import pytest
from django.conf import settings

from graph.driver import get_driver
from graph.profiling import profile, profile_afresh

pytestmark = pytest.mark.neo4j

EVERY_OFFICER = "MATCH (officer:Officer) RETURN officer.uuid AS uuid"


def add_officers(count: int, start: int) -> None:
    """Officer nodes straight into the tests' empty graph: only their number matters to the planner."""
    get_driver().execute_query(
        "UNWIND range($start, $start + $count - 1) AS n CREATE (:Officer {uuid: toString(n)})",
        start=start,
        count=count,
        database_=settings.NEO4J_DATABASE,
    )


def test_a_measurement_after_the_graph_grew_is_planned_for_the_larger_graph() -> None:
    # given a question planned (and its plan cached) while the graph held 10 officers
    add_officers(10, start=0)
    assert profile(get_driver(), EVERY_OFFICER).estimated_rows == pytest.approx(10)
    # when the graph grows to 1,010 officers
    add_officers(1000, start=10)
    # then the cached plan still expects 10 rows, while a measurement afresh is planned for the 1,010 there are
    assert profile(get_driver(), EVERY_OFFICER).estimated_rows == pytest.approx(10)
    fresh = profile_afresh(get_driver(), EVERY_OFFICER)
    assert fresh.estimated_rows == pytest.approx(1010) and fresh.rows == 1010
