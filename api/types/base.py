"""What every record type shares: stable global ids.

Who may see what is filtered where it differs by viewer (officers, contacts, changes: each type's own
get_queryset). Places, topics, institutions and events have no filter of their own: RequireSignIn refuses every
operation of a signed-out request before any field resolves, and a type with a queryset filter makes
strawberry-django load it in a query of its own wherever it is nested, where it can otherwise be joined (an
officer with agency, country, expertise and events: 8 statements, 4 without; docs/decisions/0027).
"""

from __future__ import annotations

import strawberry
from strawberry import relay
from strawberry.types.base import StrawberryObjectDefinition


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
