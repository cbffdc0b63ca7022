"""Saving a record together with its outbox event, and asking for projection once the transaction commits."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal

from directory.models import OutboxEvent
from directory.models.base import GraphRecord

Aggregate = OutboxEvent.Aggregate

# Sent after a transaction that wrote outbox events commits; the graph app projects them.
outbox_committed = Signal()


def publish(aggregate: str, uuids: Iterable[UUID], *, deleted: bool = False) -> None:
    """Write outbox events for records that changed, in the caller's transaction."""
    events = [OutboxEvent(aggregate=aggregate, aggregate_uuid=uuid, deleted=deleted) for uuid in dict.fromkeys(uuids)]
    if not events:
        return
    OutboxEvent.objects.bulk_create(events)
    transaction.on_commit(_announce, robust=True)


def _announce() -> None:
    outbox_committed.send(sender=OutboxEvent)


def save_and_publish(record: GraphRecord, aggregate: str, *, exclude: Iterable[str] = ()) -> GraphRecord:
    """Validate (naming the field), bump the version, save, and write the outbox event."""
    record.full_clean(exclude=list(exclude))
    record.version += 1
    record.save()
    publish(aggregate, [record.uuid])
    return record


def touch(records: Iterable[GraphRecord], aggregate: str) -> None:
    """Bump the version of records whose links changed elsewhere, and publish them."""
    records = list(records)
    for record in records:
        record.version += 1
        record.save(update_fields=["version", "updated_at"])
    publish(aggregate, [record.uuid for record in records])


def apply_changes(record: GraphRecord, aggregate: str, changes: dict[str, object]) -> GraphRecord:
    """Set the given fields (unknown names are an error naming them), then validate, save and publish."""
    editable = {field.name for field in record._meta.concrete_fields if field.editable}
    unknown = sorted(set(changes) - editable)
    if unknown:
        raise ValidationError({name: f"'{name}' is not a field that can be changed here." for name in unknown})
    for name, value in changes.items():
        setattr(record, name, value)
    return save_and_publish(record, aggregate)


def delete_and_publish(record: GraphRecord, aggregate: str) -> None:
    """Delete a record and write the outbox event that removes its node."""
    uuid = record.uuid
    record.delete()
    publish(aggregate, [uuid], deleted=True)
