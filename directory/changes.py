"""The kinds of change integrations hear about, and the names of what changed: one vocabulary for feed and webhooks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from directory.models.outbox import OutboxEvent


class ChangeKind(models.TextChoices):
    """What happened to a record."""

    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"
    DELETED = "deleted", "Deleted"
    # Relationship changes: the record's own fields may be unchanged, its links are not.
    MOVED_AGENCY = "moved_agency", "Moved to another agency"
    ACQUAINTANCE_RECORDED = "acquaintance_recorded", "Acquaintance recorded"
    ACQUAINTANCE_REMOVED = "acquaintance_removed", "Acquaintance removed"
    LINKS_CHANGED = "links_changed", "Links changed"


# Columns whose change says nothing to an integration: bookkeeping and values derived from other fields.
_BOOKKEEPING = frozenset({"id", "version", "created_at", "updated_at", "name_ascii"})
# The kinds that only officers have.
_OFFICER_ONLY = (ChangeKind.MOVED_AGENCY, ChangeKind.ACQUAINTANCE_RECORDED, ChangeKind.ACQUAINTANCE_REMOVED)
# The link a relationship kind changes, named as the feed and webhooks name changed fields.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    ChangeKind.MOVED_AGENCY: ("agency",),
    ChangeKind.ACQUAINTANCE_RECORDED: ("acquaintances",),
    ChangeKind.ACQUAINTANCE_REMOVED: ("acquaintances",),
}


def event_type(aggregate: str, kind: str) -> str:
    """The Standard Webhooks `type` of a change: `officer.moved_agency`, `coverage.deleted`."""
    return f"{aggregate}.{kind}"


def all_event_types() -> list[str]:
    """Every event type Liaison can send, in a stable order."""
    types = []
    for aggregate in OutboxEvent.Aggregate.values:
        for kind in ChangeKind.values:
            if kind in _OFFICER_ONLY and aggregate != OutboxEvent.Aggregate.OFFICER:
                continue
            types.append(event_type(aggregate, kind))
    return types


def changed_field_names(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> list[str]:
    """The names of the fields whose values differ (never the values), bookkeeping left out."""
    before, after = before or {}, after or {}
    names = set(before) | set(after)
    return sorted(name for name in names - _BOOKKEEPING if before.get(name) != after.get(name))


def kind_of_update(aggregate: str, fields: Iterable[str]) -> str:
    """An update's kind: an officer whose agency changed has moved; anything else is an update."""
    if aggregate == OutboxEvent.Aggregate.OFFICER and "agency" in fields:
        return ChangeKind.MOVED_AGENCY
    return ChangeKind.UPDATED
