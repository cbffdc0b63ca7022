"""Saving a record together with its outbox event, and asking for projection once the transaction commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal

from directory.audit import snapshot_fields
from directory.changes import ChangeKind
from directory.models import ChangeLog, OutboxEvent
from directory.models.base import GraphRecord
from directory.services.changelog import record_change, record_version_bumps
from directory.services.validation import clean_free_text

Aggregate = OutboxEvent.Aggregate

# The saved record comes back as the caller's own model, so services return an Officer, not a GraphRecord.
RecordT = TypeVar("RecordT", bound=GraphRecord)

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


def save_and_publish(record: RecordT, aggregate: str, *, exclude: Iterable[str] = ()) -> RecordT:
    """Validate (naming the field), bump the version, save, write the outbox event and log the change."""
    clean_free_text(record)
    record.full_clean(exclude=list(exclude))
    # Validation writes nothing; the writes below succeed or fail together, without a savepoint per record.
    with transaction.atomic(savepoint=False):
        stored = None if record.pk is None else type(record)._base_manager.filter(pk=record.pk).first()
        # Services that set many-to-many links save a new record once before publishing it: version 0 is unpublished.
        created = stored is None or stored.version == 0
        before = None if stored is None or created else snapshot_fields(stored)
        record.version += 1
        record.save()
        publish(aggregate, [record.uuid])
        record_change(ChangeLog.Action.CREATE if created else ChangeLog.Action.UPDATE, aggregate, record, before)
    return record


@transaction.atomic(savepoint=False)
def touch(
    records: Iterable[GraphRecord],
    aggregate: str,
    *,
    kind: str = ChangeKind.LINKS_CHANGED,
    links: Sequence[str] = (),
) -> None:
    """Bump the version of records whose links changed elsewhere, publish them, and log the new versions.

    `kind` and `links` say what changed, for integrations: an acquaintance recorded, the contacts, the borders.
    """
    records = list(records)
    old_versions = [record.version for record in records]
    for record in records:
        record.version += 1
        record.save(update_fields=["version", "updated_at"])
    publish(aggregate, [record.uuid for record in records])
    record_version_bumps(aggregate, records, old_versions, kind=kind, links=links)


def apply_changes(record: RecordT, aggregate: str, changes: dict[str, object]) -> RecordT:
    """Set the given fields (unknown names are an error naming them), then validate, save and publish."""
    editable = {field.name for field in record._meta.concrete_fields if field.editable}
    unknown = sorted(set(changes) - editable)
    if unknown:
        raise ValidationError(
            {
                name: ValidationError(f"'{name}' is not a field that can be changed here.", code="unknown_field")
                for name in unknown
            }
        )
    for name, value in changes.items():
        setattr(record, name, value)
    return save_and_publish(record, aggregate)


# A savepoint, so a refused delete (a protected link) leaves the caller's transaction usable, as before.
@transaction.atomic
def delete_and_publish(record: GraphRecord, aggregate: str) -> None:
    """Delete a record, write the outbox event that removes its node, and log what it held."""
    before = snapshot_fields(record)
    uuid = record.uuid
    record.delete()
    publish(aggregate, [uuid], deleted=True)
    record_change(ChangeLog.Action.DELETE, aggregate, record, before)
