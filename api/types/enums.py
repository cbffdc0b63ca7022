"""GraphQL enums built from a vocabulary declared elsewhere (the graph's labels, the error codes), not spelled again."""

from __future__ import annotations

import enum
from typing import Any, cast

import strawberry


def schema_enum(name: str, members: dict[str, Any], description: str) -> type[enum.Enum]:
    """A GraphQL enum named `name` whose members (name → value or strawberry.enum_value) come from `members`."""
    built = cast(type[enum.Enum], enum.Enum(name, list(members.items())))
    return strawberry.enum(built, name=name, description=description)
