"""Records made from database rows in one step, where Django's way would only run the same assignments slower."""

from __future__ import annotations

from collections.abc import Collection
from functools import cache
from inspect import getattr_static
from typing import Any, Self

from django.db import models
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init

# The descriptors Django gives a plain column: reading takes the instance's own value, assigning stores it there.
_PLAIN_DESCRIPTORS = (DeferredAttribute, ForeignKeyDeferredAttribute)


class MadeFromRows(models.Model):
    """A model whose records, read from the database, get their loaded values stored as `Model.__init__` would.

    For a loaded row, `Model.from_db` builds the list of every column with a placeholder for each one not loaded and
    passes it to `Model.__init__`, which walks every column again and assigns each value through `setattr`. A model
    with plain columns, no `__init__` or `__setattr__` of its own and no listener of `pre_init` or `post_init` ends
    up with exactly its loaded values in its `__dict__`, so this stores them there directly: for the 100 records of a
    50-officer answer (officers and agencies) that was about a fifth of their load (bench/RESULTS.md). A model that
    does not qualify, or a moment when a listener is connected, takes Django's own way.
    """

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db: str | None, field_names: Collection[str], values: Collection[Any]) -> Self:
        """The record of this row: `field_names`, the loaded columns' attribute names, name `values` in order."""
        if not _plain_columns(cls) or _listened(cls):
            return super().from_db(db, field_names, values)
        record = cls.__new__(cls)
        state = record._state = ModelState()
        state.adding = False
        state.db = db
        record.__dict__.update(zip(field_names, values, strict=True))
        return record


def _listened(model: type[models.Model]) -> bool:
    """Whether a listener of `pre_init` or `post_init` would hear of this class's records."""
    # No listener at all, the usual case, is read off the signals' lists (as Signal.send does first): asking each
    # signal about the class took four calls of Django's per record, about 200 for a 50-officer answer.
    if not pre_init.receivers and not post_init.receivers:
        return False
    return pre_init.has_listeners(model) or post_init.has_listeners(model)


@cache
def _plain_columns(model: type[models.Model]) -> bool:
    """Whether `Model.__init__` would only store each column's value in the record's `__dict__` (fixed per class)."""
    if model.__init__ is not models.Model.__init__ or model.__setattr__ is not object.__setattr__:
        return False
    return all(
        type(getattr_static(model, field.attname, None)) in _PLAIN_DESCRIPTORS for field in model._meta.concrete_fields
    )
