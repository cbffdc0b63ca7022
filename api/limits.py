"""Request limits beyond Strawberry's own: a cost limit that counts page sizes, and the signed-in guard."""

from __future__ import annotations

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
    IntValueNode,
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
        weigher = _Weigher(
            {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)},
            self.execution_context.variables or {},
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

    def __init__(self, fragments: dict[str, FragmentDefinitionNode], variables: dict[str, Any]) -> None:
        self.fragments = fragments
        self.variables = variables

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


def _page_size(field: FieldNode, variables: dict[str, Any]) -> int | None:
    for argument in field.arguments or ():
        if argument.name.value not in PAGED_ARGUMENTS:
            continue
        value = argument.value
        size = int(value.value) if isinstance(value, IntValueNode) else None
        if isinstance(value, VariableNode):
            size = variables.get(value.name.value)
        if isinstance(size, int):
            if size > MAX_PAGE_SIZE:
                raise GraphQLError(
                    f"Argument '{argument.name.value}' of '{field.name.value}' is {size}; "
                    f"the maximum page size is {MAX_PAGE_SIZE}."
                )
            return max(size, 1)
    return None


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
