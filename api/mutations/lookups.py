"""Finding the records a mutation names, through the same visible querysets as every read."""

from __future__ import annotations

import uuid as uuid_module
from typing import Any, TypeVar, cast

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from strawberry import Info

from api.global_ids import uuid_argument
from api.permissions import require_signed_in
from directory import models as m
from directory.errors import field_error
from directory.permissions import ensure_can_act_on_officer, ensure_can_change, ensure_can_link
from directory.visibility import visible_officers

ModelT = TypeVar("ModelT", bound=Model)


def parse_uuid(value: Any, field: str, model: type[Model] | None = None) -> uuid_module.UUID:
    """A UUID from an argument (a uuid, or a global id of `model`), or a ValidationError naming the argument."""
    # The API's type names are the models' names (Officer, Event, Organisation…).
    return uuid_argument(value, field, model.__name__ if model is not None else "")


def record(info: Info, model: type[ModelT], value: Any, field: str) -> ModelT:
    """The record with this uuid that the viewer may see, or an error naming the field."""
    user = require_signed_in(info)
    # `model is m.Officer` does not narrow ModelT, so the officers' queryset is cast to the caller's model.
    queryset = cast(QuerySet[ModelT], visible_officers(user)) if model is m.Officer else model._default_manager.all()
    try:
        return queryset.get(uuid=parse_uuid(value, field, model))
    except ObjectDoesNotExist:
        raise field_error(field, f"No {model._meta.verbose_name} with uuid {value}.", code="not_found") from None


def editable(info: Info, model: type[ModelT], value: Any, field: str) -> ModelT:
    """A record the viewer may change."""
    found = record(info, model, value, field)
    ensure_can_change(require_signed_in(info), found)
    return found


def ensure_can_create(info: Info, draft: Any) -> None:
    """Check the right to create a record like `draft` (its country decides for stewards)."""
    ensure_can_change(require_signed_in(info), draft)


def own_or_editable_officer(info: Info, value: Any, field: str) -> m.Officer:
    """An officer the viewer may act on: their own entry, or one they may change."""
    officer = record(info, m.Officer, value, field)
    ensure_can_act_on_officer(require_signed_in(info), officer)
    return officer


def linkable_officers(info: Info, officer: Any, other: Any) -> tuple[m.Officer, m.Officer]:
    """Two officers the viewer may link or unlink: their own entry with another, or two they may both change."""
    first = record(info, m.Officer, officer, "officer")
    second = record(info, m.Officer, other, "other")
    ensure_can_link(require_signed_in(info), first, second)
    return first, second
