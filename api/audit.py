"""Logging the API's reads of contact details: who looked up whom, when, through which operation."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.http import HttpRequest
from graphql import OperationType
from strawberry import Info

from api.permissions import require_signed_in
from directory.models import Officer, User
from directory.services.access import log_contact_access, log_contact_accesses

# The contact views of the operation a request runs, written together when it ends (see `contact_views_logged`).
_PENDING = "liaison_contact_views"

Answer = TypeVar("Answer")


def note_contact_view(info: Info, officer: Officer, shown: int) -> None:
    """Record that the viewer was shown `shown` contact values of this officer."""
    name = getattr(info.operation, "name", None)
    viewer = require_signed_in(info)
    operation = f"graphql:{name.value if name else info.field_name}"
    pending = getattr(getattr(info.context, "request", None), _PENDING, None)
    # A mutation's views are written at once: its changes are committed by then, and an answer withheld because the
    # log could not be written would hide that they were made. Outside /graphql's view (a shell, a test) too.
    if pending is None or info.operation.operation is not OperationType.QUERY:
        log_contact_access(viewer=viewer, officer=officer, channel_count=shown, operation=operation)
    else:
        pending.append((officer, shown, operation))


def contact_views_logged(request: HttpRequest, run: Callable[[], Answer]) -> Answer:
    """Run the operation, then write every contact view a query noted in one statement, before its answer leaves.

    A page of 100 officers with their contacts wrote 100 log rows one by one, each its own commit: 37 ms of a 49 ms
    request (bench/RESULTS.md). If the write fails, the error propagates and the answer is never sent, so no contact
    value reaches anyone unlogged.
    """
    pending: list[tuple[Officer, int, str]] = []
    setattr(request, _PENDING, pending)
    try:
        answer = run()
    finally:
        delattr(request, _PENDING)
    if pending:
        user = request.user
        log_contact_accesses(viewer=user if isinstance(user, User) else None, shown=pending)
    return answer
