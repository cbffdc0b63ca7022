"""The worker's job that makes the graph questions' plans after Neo4j starts, before users ask them."""

from __future__ import annotations

from answers.ranking import current_ranking
from graph.driver import get_driver
from graph.warm import warm_plans_after_a_start


def warm_graph_plans() -> int:
    """Make the plans of every graph question once after each start of Neo4j; 1 when it began, else 0."""
    return warm_plans_after_a_start(get_driver(), current_ranking)
