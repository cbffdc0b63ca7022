"""The graph layer's errors: a question asked with bad arguments."""

from __future__ import annotations


class GraphQuestionError(ValueError):
    """A graph question's argument is wrong; `field` names it and the message says how to fix it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
