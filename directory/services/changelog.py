"""Writing the change log: one row per change to a directory record, attributed to the current actor and request.

Each row gets its change event beside it, in the same transaction: what integrations hear (kind, field names).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from directory.audit import change_entry, snapshot_fields
from directory.changes import KIND_FIELDS, ChangeKind, changed_field_names, kind_of_update
from directory.models import ChangeEvent, ChangeLog
from directory.models.base import GraphRecord


def record_change(action: str, aggregate: str, record: GraphRecord, before: dict[str, Any] | None) -> ChangeLog:
    """Log a change to `record`; `after` is its current field values (none for a delete)."""
    after = None if action == ChangeLog.Action.DELETE else snapshot_fields(record)
    entry = change_entry(action, aggregate, record, before, after)
    entry.save()
    fields = changed_field_names(before, after)
    kind: str
    if action == ChangeLog.Action.CREATE:
        kind = ChangeKind.CREATED
    elif action == ChangeLog.Action.DELETE:
        kind = ChangeKind.DELETED
    else:
        kind = kind_of_update(aggregate, fields)
    _announce([entry], kind, [fields])
    return entry


def record_creations(aggregate: str, records: Sequence[GraphRecord]) -> None:
    """Log, in one insert, records created in bulk (an import, a generated directory)."""
    entries = ChangeLog.objects.bulk_create(
        change_entry(ChangeLog.Action.CREATE, aggregate, record, None, snapshot_fields(record)) for record in records
    )
    _announce(entries, ChangeKind.CREATED, [changed_field_names(None, entry.after) for entry in entries])


def record_version_bumps(
    aggregate: str,
    records: Iterable[GraphRecord],
    old_versions: Iterable[int],
    *,
    kind: str = ChangeKind.LINKS_CHANGED,
    links: Sequence[str] = (),
) -> None:
    """Log, in one insert, records whose version moved on because their links changed elsewhere.

    `kind` says which relationship changed (an acquaintance recorded…), `links` names the links that changed.
    """
    entries = ChangeLog.objects.bulk_create(
        change_entry(ChangeLog.Action.UPDATE, aggregate, record, {"version": old}, {"version": record.version})
        for record, old in zip(records, old_versions, strict=True)
    )
    fields = sorted(set(links) | set(KIND_FIELDS.get(kind, ())))
    _announce(entries, kind, [fields] * len(entries))


def _announce(entries: Sequence[ChangeLog], kind: str, fields: Sequence[list[str]]) -> None:
    """Write the change events of these change-log rows (ids needed: every supported database returns them)."""
    ChangeEvent.objects.bulk_create(
        ChangeEvent(change=entry, aggregate=entry.aggregate, record_uuid=entry.record_uuid, kind=kind, fields=names)
        for entry, names in zip(entries, fields, strict=True)
    )
