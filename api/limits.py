"""Request limits beyond Strawberry's own: a cost limit that counts page sizes, and the signed-in guard."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

from graphql import (
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
)
from strawberry.extensions import SchemaExtension

from api.permissions import user_of
from directory.visibility import signed_in

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 100  # an unbounded connection costs as much as a full page
DEFAULT_LIST_SIZE = 20  # a plain list (an event's participants, a country's agencies) of typical length
MAX_COST = 50_000
PAGED_ARGUMENTS = ("first", "last", "limit")


class CostLimiter(SchemaExtension):
    """Rejects, before execution, a page over the maximum and any operation whose nested lists could fetch too much."""

    def on_validate(self) -> Iterator[None]:
        """After validation: weigh the operation, each list counting its page (or typical) size times its contents."""
        yield
        document = self.execution_context.graphql_document
        if document is None or self.execution_context.pre_execution_errors:
            return
        schema = self.execution_context.schema._schema
        node_types = {
            name
            for name, kind in schema.type_map.items()
            if any(interface.name == "Node" for interface in getattr(kind, "interfaces", ()))
        }
        weigher = _Weigher(
            {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)},
            self.execution_context.variables or {},
            node_types,
        )
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                cost = weigher.cost(definition.selection_set, schema.get_root_type(definition.operation))
                if cost > MAX_COST:
                    raise GraphQLError(
                        f"This query could fetch about {cost} records, more than the limit of {MAX_COST}; "
                        "ask for smaller pages ('first') or fewer nested lists."
                    )


class _Weigher:
    """Estimates how many records an operation could touch."""

    def __init__(
        self, fragments: dict[str, FragmentDefinitionNode], variables: dict[str, Any], node_types: set[str]
    ) -> None:
        self.fragments = fragments
        self.variables = variables
        self.node_types = node_types

    def cost(self, selection_set: SelectionSetNode | None, parent: Any, paged: bool = False) -> int:
        """The cost of a selection on `parent`; `paged` when the enclosing connection's page size already counted."""
        if selection_set is None or parent is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self._field_cost(selection, parent, paged)
            elif isinstance(selection, InlineFragmentNode):
                total += self.cost(selection.selection_set, parent, paged)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value in self.fragments:
                total += self.cost(self.fragments[selection.name.value].selection_set, parent, paged)
        return total

    def _field_cost(self, field: FieldNode, parent: Any, paged: bool) -> int:
        definition = getattr(parent, "fields", {}).get(field.name.value)
        if definition is None:
            return 1
        _check_cursors_and_ids(field, self.variables, self.node_types)
        is_list = isinstance(get_nullable_type(definition.type), GraphQLList)
        size = _page_size(field, self.variables)
        is_connection = any(name in definition.args for name in ("first", "last"))
        if is_connection:
            multiplier = size or DEFAULT_PAGE_SIZE
        elif size is not None:
            multiplier = size
        elif is_list:
            multiplier = 1 if paged else DEFAULT_LIST_SIZE
        else:
            multiplier = 1
        inner = self.cost(
            field.selection_set, get_named_type(definition.type), paged=is_connection or (paged and is_list)
        )
        return 1 + multiplier * inner


def _argument_value(argument: Any, variables: dict[str, Any]) -> Any:
    value = argument.value
    if isinstance(value, VariableNode):
        return variables.get(value.name.value)
    return getattr(value, "value", None)


def _decoded(text: str) -> str | None:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True).decode("utf-8")
    except (ValueError, UnicodeError):
        return None


def _check_cursors_and_ids(field: FieldNode, variables: dict[str, Any], node_types: set[str]) -> None:
    """Refuse, naming the argument, a cursor this API never gave out or a malformed global id."""
    for argument in field.arguments or ():
        name = argument.name.value
        value = _argument_value(argument, variables)
        if not isinstance(value, str):
            continue
        if name in ("after", "before"):
            decoded = _decoded(value) or ""
            prefix, _, offset = decoded.partition(":")
            if prefix != "arrayconnection" or not offset.isdigit():
                raise GraphQLError(
                    f"Argument '{name}' of '{field.name.value}' is not a cursor this list gave out; "
                    "use a cursor from pageInfo or an edge.",
                    extensions={"code": "INVALID_INPUT", "field": name},
                )
        elif name == "id" and field.name.value == "node":
            decoded = _decoded(value) or ""
            type_name, _, key = decoded.partition(":")
            if type_name not in node_types or not key.isdigit():
                raise GraphQLError(
                    "Argument 'id' of 'node' is not a global id of a Liaison record; use an 'id' this API returned.",
                    extensions={"code": "INVALID_INPUT", "field": "id"},
                )


def _page_size(field: FieldNode, variables: dict[str, Any]) -> int | None:
    """The page size asked for (the largest of first/last/limit), after checking each is within bounds."""
    sizes = []
    for argument in field.arguments or ():
        name = argument.name.value
        size = _argument_value(argument, variables) if name in PAGED_ARGUMENTS else None
        if isinstance(size, str) and size.lstrip("-").isdigit():
            size = int(size)
        if not isinstance(size, int):
            continue
        if size < 0:
            raise GraphQLError(
                f"Argument '{name}' of '{field.name.value}' is {size}; give 0 or more.",
                extensions={"code": "INVALID_INPUT", "field": name},
            )
        if size > MAX_PAGE_SIZE:
            raise GraphQLError(
                f"Argument '{name}' of '{field.name.value}' is {size}; the maximum page size is {MAX_PAGE_SIZE}.",
                extensions={"code": "INVALID_INPUT", "field": name},
            )
        sizes.append(size)
    return max(max(sizes), 1) if sizes else None


class RequireSignIn(SchemaExtension):
    """Nothing is executed for a request without a signed-in user or a valid API token (checked after validation)."""

    def on_execute(self) -> Iterator[None]:
        """Short-circuit execution with one clear error for anonymous requests."""
        context = self.execution_context.context
        if not signed_in(user_of(_Info(context))):
            self.execution_context.result = ExecutionResult(
                data=None,
                errors=[
                    GraphQLError(
                        "Authentication required: sign in, or send an API token as 'Authorization: Bearer <token>'.",
                        extensions={"code": "UNAUTHENTICATED"},
                    )
                ],
            )
        yield


class _Info:
    """Enough of Strawberry's Info for `user_of` outside a resolver."""

    def __init__(self, context: Any) -> None:
        self.context = context
