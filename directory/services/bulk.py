"""Many records at once (the demo, the generator, roster imports): validated, then written, published and logged."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from directory.models.base import GraphRecord
from directory.services.changelog import record_creations
from directory.services.publishing import publish, touch
from directory.services.statistics import describe_after_bulk_write
from directory.services.validation import clean_free_text

if TYPE_CHECKING:
    from django.db.models.options import Options

Row = TypeVar("Row", bound=models.Model)
BATCH_SIZE = 2000
# At most this many problems are reported: enough to fix a file, never a wall of text.
MAX_REPORTED = 20
IN_LIST_SIZE = 900


def create_records(
    aggregate: str,
    records: Sequence[GraphRecord],
    *,
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[int], None] | None = None,
) -> list[GraphRecord]:
    """Validate every record, then write them, their outbox events and their change-log rows in one transaction."""
    validate_rows(records)
    with transaction.atomic():
        for batch in _batches(records, batch_size):
            for record in batch:
                record.version = 1
                fill_derived_fields(record)
            type(batch[0])._default_manager.bulk_create(batch)
            publish(aggregate, [record.uuid for record in batch])
            record_creations(aggregate, batch)
            if on_batch is not None:
                on_batch(len(batch))
        if records:
            describe_after_bulk_write(type(records[0]), len(records))
    return list(records)


def add_links(rows: Sequence[Row], *, batch_size: int = BATCH_SIZE) -> list[Row]:
    """Validate and write rows that link records (expertise, participations, acquaintances, many-to-many rows).

    The caller publishes the records that own the links, in the same transaction: the rows hold no graph record.
    """
    validate_rows(rows)
    with transaction.atomic():
        for batch in _batches(rows, batch_size):
            type(batch[0])._default_manager.bulk_create(batch)
        if rows:
            describe_after_bulk_write(type(rows[0]), len(rows))
    return list(rows)


@transaction.atomic
def add_links_to_existing(rows: Sequence[Row], owners: Iterable[GraphRecord], aggregate: str) -> list[Row]:
    """Write link rows for records already published: the owners' versions move on and they are projected again."""
    written = add_links(rows)
    touch(owners, aggregate)
    return written


def fill_derived_fields(record: models.Model) -> None:
    """Set what a model's save() derives (the Latin transliteration), which bulk inserts would otherwise skip."""
    derive = getattr(record, "derive_fields", None)
    if derive is not None:
        derive()


def validate_rows(rows: Sequence[models.Model]) -> None:
    """Check every row's values and uniqueness before anything is written; raise one error naming rows and fields."""
    problems: dict[str, list[ValidationError]] = {}
    if not rows:
        return
    links = [field.name for field in rows[0]._meta.concrete_fields if field.is_relation]
    for number, row in enumerate(rows, start=1):
        try:
            clean_free_text(row)
            # Links are checked by the database in the same transaction; a query per link per row would be too slow.
            row.full_clean(exclude=links, validate_unique=False, validate_constraints=False)
            for link in links:
                _check_link(row, link)
        except ValidationError as error:
            _collect(problems, number, error)
        if sum(len(found) for found in problems.values()) >= MAX_REPORTED:
            break
    if not problems:
        _check_unique(rows, problems)
    if problems:
        raise ValidationError(problems)


def _check_link(row: models.Model, name: str) -> None:
    field = _concrete_field(row._meta, name)
    if not field.null and getattr(row, field.attname) is None:
        raise ValidationError({name: ValidationError(f"Give the {name.replace('_', ' ')}.", code="required")})


def _concrete_field(meta: Options[Any], name: str) -> models.Field[Any, Any]:
    """The field of this name, which links and unique sets always name as a concrete field."""
    field = meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{meta.label}.{name} is not a concrete field.")
    return field


def _collect(problems: dict[str, list[ValidationError]], number: int, error: ValidationError) -> None:
    for field, errors in error.message_dict.items() if hasattr(error, "error_dict") else [("__all__", error.messages)]:
        codes = [getattr(item, "code", None) for item in getattr(error, "error_dict", {}).get(field, [])]
        for index, message in enumerate(errors):
            code = codes[index] if index < len(codes) else "invalid"
            problems.setdefault(field, []).append(ValidationError(f"Row {number}: {message}", code=code or "invalid"))


def _check_unique(rows: Sequence[models.Model], problems: dict[str, list[ValidationError]]) -> None:
    """Each unique field or unique set of fields: no two rows alike, and none alike to a stored row (one query each)."""
    meta = rows[0]._meta
    model = type(rows[0])
    groups: list[tuple[str, ...]] = [
        (field.attname,) for field in meta.concrete_fields if field.unique and not field.primary_key
    ]
    groups += [
        tuple(_concrete_field(meta, name).attname for name in constraint.fields)
        for constraint in meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields and constraint.condition is None
    ]
    groups += [tuple(_concrete_field(meta, name).attname for name in together) for together in meta.unique_together]
    for group in groups:
        seen: dict[tuple[Any, ...], int] = {}
        for number, row in enumerate(rows, start=1):
            key = tuple(getattr(row, name) for name in group)
            if None in key:
                continue
            if key in seen:
                _duplicate(problems, group, f"Row {number} repeats row {seen[key]}")
            seen.setdefault(key, number)
        _check_stored(model, group, seen, problems)


def _check_stored(
    model: type[models.Model], group: tuple[str, ...], seen: dict[tuple[Any, ...], int], problems: dict[str, list]
) -> None:
    firsts = list(dict.fromkeys(key[0] for key in seen))
    # In chunks: a database takes only so many values in one IN list.
    for start in range(0, len(firsts), IN_LIST_SIZE):
        stored = model._default_manager.filter(**{f"{group[0]}__in": firsts[start : start + IN_LIST_SIZE]})
        for values in stored.values_list(*group):
            if tuple(values) in seen:
                _duplicate(problems, group, f"Row {seen[tuple(values)]} is in the directory already")


def _duplicate(problems: dict[str, list[ValidationError]], group: tuple[str, ...], where: str) -> None:
    field = group[0].removesuffix("_id") if len(group) == 1 else "__all__"
    named = ", ".join(name.removesuffix("_id").replace("_", " ") for name in group)
    problems.setdefault(field, []).append(ValidationError(f"{where} ({named}); give each once.", code="duplicate"))


def _batches(rows: Sequence[Row], size: int) -> Iterable[list[Row]]:
    if size < 1:
        raise ValidationError({"batch_size": ValidationError("Use a batch size of at least 1.", code="invalid")})
    for start in range(0, len(rows), size):
        yield list(rows[start : start + size])
