"""The graph layer's errors: a question asked with bad arguments, and a Neo4j that does not answer in time."""

from __future__ import annotations


class GraphQuestionError(ValueError):
    """A graph question's argument is wrong; `field` names it and the message says how to fix it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class GraphUnreachable(Exception):
    """Neo4j was not asked or did not answer in time; the call may go on in the background, nobody waits for it."""


class GraphDeadlineExceeded(GraphUnreachable):
    """Neo4j gave no answer within the deadline (a hung or overloaded server)."""


class GraphBreakerOpen(GraphUnreachable):
    """Recent graph reads failed, so reads are refused at once until the cool-off is over (`retry_after` seconds)."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
