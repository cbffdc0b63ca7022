"""Making the graph questions' plans before users ask: the worker's job after each start of Neo4j, and `make run`'s."""

from __future__ import annotations

import time

from answers.ranking import current_ranking
from graph.driver import get_driver
from graph.warm import plan_questions, warm_plans, warm_plans_after_a_start

# How long `graph_plans` asks again after questions came late: a server just started may plan one for seconds.
PATIENCE_SECONDS = 60.0
PAUSE_SECONDS = 0.5


def warm_graph_plans() -> int:
    """Make the plans of every graph question once after each start of Neo4j; 1 when it began, else 0."""
    return warm_plans_after_a_start(get_driver(), current_ranking)


def make_graph_plans(patience: float = PATIENCE_SECONDS) -> tuple[int, int]:
    """Make the plans of every graph question now, waiting for each: (questions answered, questions asked)."""
    driver = get_driver()
    ranking = current_ranking()
    asked = len(plan_questions(driver, ranking))
    until = time.monotonic() + patience
    # A late question is still planned by the server, which caches the plan: asked again, it answers at once.
    while (answered := warm_plans(driver, ranking)) < asked and time.monotonic() < until:
        time.sleep(PAUSE_SECONDS)
    return answered, asked
