"""Making the graph questions' plans before users ask: the worker's job after each start of Neo4j, and `make run`'s."""

from __future__ import annotations

from answers.ranking import current_ranking
from graph.driver import get_driver
from graph.warm import plan_questions, server_started, warm_plans, warm_plans_after_a_start


def warm_graph_plans() -> int:
    """Make the plans of every graph question once after each start of Neo4j; 1 when it began, else 0."""
    return warm_plans_after_a_start(get_driver(), current_ranking)


def make_graph_plans() -> tuple[int, int]:
    """Make the plans of every graph question now, waiting for each: (questions answered, questions asked)."""
    driver = get_driver()
    ranking = current_ranking()
    server_started(driver)  # raises at once when Neo4j is not answering, before asking anything
    return warm_plans(driver, ranking), len(plan_questions(driver, ranking))
