"""What every record type shares: permission-filtered querysets, as in one restricted base, and stable global ids."""

from __future__ import annotations

from typing import Any

import strawberry
from django.db.models import QuerySet
from strawberry import Info, relay
from strawberry.types.base import StrawberryObjectDefinition

from api.permissions import user_of
from directory.visibility import signed_in


class SignedInOnly:
    """Records visible to any signed-in user, and to nobody signed out."""

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Any], info: Info, **kwargs: Any) -> QuerySet[Any]:
        """Every record for a signed-in user, none otherwise."""
        return queryset if signed_in(user_of(info)) else queryset.none()


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
