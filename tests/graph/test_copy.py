"""A copy of the graph put back is the same graph: the database finds no drift and name search still works."""

from __future__ import annotations

import pytest
from django.conf import settings

from graph import queries
from graph.check import find_drift
from graph.copy import GraphCopy
from graph.driver import get_driver
from graph.search import search_names

pytestmark = pytest.mark.django_db


def contents(copy: GraphCopy) -> list[str]:
    """Each node's labels and properties, in an order that does not depend on ids."""
    return sorted(repr((sorted(node["labels"]), sorted(node["properties"].items()))) for node in copy.nodes)


def test_a_copy_put_back_after_the_graph_was_emptied_is_the_same_graph(demo: None) -> None:
    driver = get_driver()
    copy = GraphCopy.take(driver)
    assert copy.nodes and copy.links

    driver.execute_query(queries.DELETE_EVERYTHING, database_=settings.NEO4J_DATABASE)
    assert find_drift() != []  # emptied: the check notices
    copy.put_back(driver)

    assert find_drift() == []
    again = GraphCopy.take(driver)
    assert contents(again) == contents(copy)
    assert len(again.links) == len(copy.links)
    assert search_names(driver, "Tashkent")  # the full-text index sees the records put back
