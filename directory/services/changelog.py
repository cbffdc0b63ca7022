"""Writing the change log: one row per change to a directory record, attributed to the current actor and request."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from directory.audit import change_entry, snapshot_fields
from directory.models import ChangeLog
from directory.models.base import GraphRecord


def record_change(action: str, aggregate: str, record: GraphRecord, before: dict[str, Any] | None) -> ChangeLog:
    """Log a change to `record`; `after` is its current field values (none for a delete)."""
    after = None if action == ChangeLog.Action.DELETE else snapshot_fields(record)
    entry = change_entry(action, aggregate, record, before, after)
    entry.save()
    return entry


def record_version_bumps(aggregate: str, records: Iterable[GraphRecord], old_versions: Iterable[int]) -> None:
    """Log, in one insert, records whose version moved on because their links changed elsewhere."""
    entries = [
        change_entry(ChangeLog.Action.UPDATE, aggregate, record, {"version": old}, {"version": record.version})
        for record, old in zip(records, old_versions, strict=True)
    ]
    ChangeLog.objects.bulk_create(entries)
