"""Who is acting and in which request, and the change log every directory write leaves behind."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import models

from directory.models import ChangeLog, User
from directory.models.base import GraphRecord
from directory.request_ids import current_request_id, new_request_id, request_id_var

_actor: ContextVar[User | Callable[[], Any] | None] = ContextVar("liaison_actor", default=None)


def current_actor() -> User | None:
    """The signed-in user the current work is done for, or None (a script, an anonymous request)."""
    actor = _actor.get()
    if callable(actor):
        # Resolved only when a change is recorded: a request's user may be known only later (API tokens).
        actor = actor()
    return actor if actor is not None and actor.is_authenticated else None


@contextmanager
def acting_as(user: User | Callable[[], Any] | None, request_id: str | None = None) -> Iterator[str]:
    """Attribute the writes inside the block to `user` and one request id (new when not given); yields the id."""
    request_id = request_id or new_request_id()
    actor_token = _actor.set(user)
    request_token = request_id_var.set(request_id)
    try:
        yield request_id
    finally:
        request_id_var.reset(request_token)
        _actor.reset(actor_token)


def json_safe(value: Any) -> Any:
    """A field value as JSON: dates, times and UUIDs as ISO strings, decimals as strings."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    # UUIDs and decimals: their exact string form.
    return str(value)


def snapshot_fields(record: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The record's concrete field values by field name (links as their ids), JSON-safe; only `fields` if given."""
    wanted = set(fields) if fields is not None else None
    return {
        field.name: json_safe(getattr(record, field.attname))
        for field in record._meta.concrete_fields
        if wanted is None or field.name in wanted
    }


def change_entry(
    action: str,
    aggregate: str,
    record: GraphRecord,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> ChangeLog:
    """An unsaved change-log row attributed to the current actor and request."""
    actor = current_actor()
    return ChangeLog(
        actor_id=actor.pk if actor is not None else None,
        actor_username=actor.get_username() if actor is not None else "",
        request_id=current_request_id(),
        action=action,
        aggregate=aggregate,
        record_uuid=record.uuid,
        before=before,
        after=after,
    )
