"""One failure policy for graph answers: a graph that cannot answer now is GraphUnavailable, with a retry hint."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

from directory.metrics import GRAPH_QUESTION_SECONDS
from graph.driver import get_driver
from graph.errors import GraphBreakerOpen, GraphUnreachable

# The pages say "try again in a minute"; the API gives the same hint as a number of seconds.
RETRY_AFTER_SECONDS = 60

Answer = TypeVar("Answer")


class GraphUnavailable(Exception):
    """The graph could not answer now; the pages show a banner, the API a GRAPH_UNAVAILABLE error."""

    def __init__(self, reason: str, retry_after: int = RETRY_AFTER_SECONDS) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


def ask(question: Callable[..., Answer], **arguments: Any) -> Answer:
    """Ask the graph; an unreachable or failing server becomes GraphUnavailable (GraphQuestionError passes)."""
    started, outcome = time.perf_counter(), "error"
    try:
        answer = question(get_driver(), **arguments)
        outcome = "ok"
        return answer
    except (ServiceUnavailable, SessionExpired, Neo4jError, OSError, GraphUnreachable) as error:
        outcome = "unavailable"
        # While the breaker is open, the hint is when it lets the next read through, not the general minute.
        retry_after = error.retry_after if isinstance(error, GraphBreakerOpen) else RETRY_AFTER_SECONDS
        raise GraphUnavailable(str(error), retry_after) from error
    finally:
        # Every graph answer of the pages and the API passes here: the one place that times Neo4j's questions.
        GRAPH_QUESTION_SECONDS.labels(question.__name__, outcome).observe(time.perf_counter() - started)
