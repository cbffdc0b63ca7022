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
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)
from strawberry.extensions import SchemaExtension

from api.permissions import user_of
from directory.visibility import signed_in

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 100  # an unbounded connection costs as much as a full page
MAX_COST = 10_000
PAGED_ARGUMENTS = ("first", "last", "limit")


class CostLimiter(SchemaExtension):
    """Rejects, before execution, a page over the maximum and any operation whose nested pages could fetch too much."""

    def on_validate(self) -> Iterator[None]:
        """After validation: weigh the operation, counting each page size times what it nests."""
        yield
        document = self.execution_context.graphql_document
        if document is None or self.execution_context.pre_execution_errors:
            return
        fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        variables = self.execution_context.variables or {}
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                cost = _selection_cost(definition.selection_set, fragments, variables)
                if cost > MAX_COST:
                    raise GraphQLError(
                        f"This query could fetch about {cost} records, more than the limit of {MAX_COST}; "
                        "ask for smaller pages ('first') or fewer nested lists."
                    )


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


def _selection_cost(
    selection_set: SelectionSetNode | None, fragments: dict[str, FragmentDefinitionNode], variables: dict[str, Any]
) -> int:
    if selection_set is None:
        return 0
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            inner = _selection_cost(selection.selection_set, fragments, variables)
            size = _page_size(selection, variables)
            if size is None and _is_connection(selection):
                size = DEFAULT_PAGE_SIZE
            total += 1 + (size or 1) * inner
        elif isinstance(selection, InlineFragmentNode):
            total += _selection_cost(selection.selection_set, fragments, variables)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value in fragments:
            total += _selection_cost(fragments[selection.name.value].selection_set, fragments, variables)
    return total


def _is_connection(field: FieldNode) -> bool:
    """A Relay connection: it selects `edges` or `nodes`."""
    if field.selection_set is None:
        return False
    names = {s.name.value for s in field.selection_set.selections if isinstance(s, FieldNode)}
    return bool(names & {"edges", "nodes"})


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
