"""The id of the request being served, kept where any code (and every log line) can read it without the models."""

from __future__ import annotations

import uuid
from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("liaison_request_id", default="")


def current_request_id() -> str:
    """The id of the current request, or an empty string outside one."""
    return request_id_var.get()


def new_request_id() -> str:
    """A fresh request id."""
    return uuid.uuid4().hex
