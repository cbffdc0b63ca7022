"""What every record type shares: stable global ids.

Who may see what is filtered where it differs by viewer (officers, contacts, changes: each type's own
get_queryset). Places, topics, institutions and events have no filter of their own: RequireSignIn refuses every
operation of a signed-out request before any field resolves, and a type with a queryset filter makes
strawberry-django load it in a query of its own wherever it is nested, where it can otherwise be joined (an
officer with agency, country, expertise and events: 8 statements, 4 without; docs/decisions/0027).
"""

from __future__ import annotations

from typing import Any, ForwardRef

import strawberry
import strawberry_django
from django.db import models
from strawberry import relay
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.lazy_type import LazyType, StrawberryLazyReference
from strawberry_django.fields.field import StrawberryDjangoField


class ColumnField(StrawberryDjangoField):
    """A record type's field; one that reads a column of the row as it is resolves as a plain strawberry field does,
    without the per-field wrapping (an Info object, the arguments, the extension chain) a resolver needs."""

    @property
    def is_basic_field(self) -> bool:
        """A column read as it is: no resolver, extension or argument, and not a relation (which loads records)."""
        # A 50-officer counterpart answer has about 1,200 fields, most of them columns: the wrapping was most of
        # strawberry's share of its time (bench/RESULTS.md).
        return not (self.base_resolver or self.extensions or self.is_relation or self.arguments)


def record_type(model: type[models.Model], **options: Any) -> Any:
    """strawberry_django.type for a model, its columns resolved as ColumnField."""
    return strawberry_django.type(model, field_cls=ColumnField, **options)


class _LazyTypeResolvedOnce(LazyType):
    """strawberry's LazyType, resolved once: strawberry's own looks the module up again at every resolution and asks the
    file system whether it is the program's main module (two stat calls). The optimizer resolves an officer's
    participations five times a request, and each call gave the GIL up to the request threads around it: under 8
    concurrent clients, 8% of the one-officer question's samples in the web processes waited there
    (bench/RESULTS.md)."""

    def resolve_type(self) -> type[Any]:
        """The type, from the first resolution on: a module's class does not change once it is imported."""
        resolved = _RESOLVED_LAZY_TYPES.get(self)
        if resolved is None:
            resolved = _RESOLVED_LAZY_TYPES[self] = super().resolve_type()
        return resolved


# Each lazy type (a frozen dataclass: its name, module and package) and the class it named.
_RESOLVED_LAZY_TYPES: dict[LazyType, type[Any]] = {}


class _LazyReference(StrawberryLazyReference):
    """strawberry.lazy's reference, made into a type resolved once."""

    def resolve_forward_ref(self, forward_ref: ForwardRef) -> LazyType:
        """The lazy type this reference names, as strawberry's own makes it."""
        return _LazyTypeResolvedOnce(forward_ref.__forward_arg__, self.module, self.package)


def lazy(module: str) -> Any:
    """A type in another module (by its absolute name), for annotations that would import in a circle: as
    strawberry.lazy, resolved once."""
    if module.startswith("."):
        raise ValueError(f"{module}: give the module's absolute name")
    return _LazyReference(module)


class UuidNode(relay.Node):
    """A record whose global id is `Type:<uuid>`: opaque, and the same after a rebuild or a restore (rows keep
    their uuids), where a row number would not be."""

    @classmethod
    def resolve_id_attr(cls) -> str:
        """The uuid, not the row number, identifies the record in its global id."""
        return "uuid"


def select_ids_with_rows(schema: strawberry.Schema) -> None:
    """Tell the optimizer that a record's `id` reads its uuid, so a page loads the uuids with its rows instead of
    one query per `id` asked for (strawberry-django assumes the row number, which every row has loaded)."""
    for name in schema._schema.type_map:
        definition = schema.get_type_by_name(name)
        origin = getattr(definition, "origin", None)
        if not isinstance(definition, StrawberryObjectDefinition) or not (
            isinstance(origin, type) and issubclass(origin, UuidNode)
        ):
            continue
        for field in definition.fields:
            if field.python_name == "_id":
                field.django_name = origin.resolve_id_attr()  # type: ignore[attr-defined]
