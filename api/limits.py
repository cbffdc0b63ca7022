"""Request limits: the document's shape before validation, its cost after, and the signed-in guard."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from graphql import (
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
)
from strawberry.extensions import SchemaExtension

from api import global_ids
from api.errors import UNAUTHENTICATED
from api.shape import SATURATED, DocumentShape, Shape
from directory.error_codes import ErrorCode
from directory.visibility import signed_in

MAX_TOKENS = 2000
MAX_DEPTH = 10
MAX_ALIASES = 20
# Fields once every fragment is spread: what validation and execution will really walk. No more than the
# tokens allow written out, so fragments save typing but never multiply the work.
MAX_FIELDS = MAX_TOKENS
MAX_FRAGMENT_NESTING = 10
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 100  # an unbounded connection costs as much as a full page
DEFAULT_LIST_SIZE = 20  # a plain list (an event's participants, a country's agencies) of typical length
MAX_COST = 50_000
PAGED_ARGUMENTS = ("first", "last", "limit")
# Beyond any list Liaison holds, and far within the databases' 64-bit integers (offset plus page included).
MAX_CURSOR_OFFSET = 2**31 - 1


def _limit_error(message: str, limit: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": ErrorCode.LIMIT_EXCEEDED, "limit": limit})


def shape_errors(name: str, shape: Shape) -> list[GraphQLError]:
    """The limits an operation of this shape breaks, each named with the way to stay within it."""
    errors = []
    if shape.nesting > MAX_FRAGMENT_NESTING:
        errors.append(
            _limit_error(
                f"'{name}' spreads fragments inside fragments {shape.nesting} levels deep, more than the limit of "
                f"{MAX_FRAGMENT_NESTING}; write the innermost fragments' fields out instead.",
                "fragment_nesting",
            )
        )
    if shape.fields > MAX_FIELDS:
        fields = "over a billion" if shape.fields >= SATURATED else shape.fields
        errors.append(
            _limit_error(
                f"'{name}' selects {fields} fields once its fragments are spread, more than the limit of "
                f"{MAX_FIELDS}; spread each fragment fewer times, or select fewer fields.",
                "fields",
            )
        )
    if shape.depth > MAX_DEPTH:
        errors.append(
            _limit_error(
                f"'{name}' is {shape.depth} levels deep and exceeds maximum operation depth of {MAX_DEPTH}; "
                "nest fewer fields, and ask for deeper records in a second operation.",
                "depth",
            )
        )
    if shape.aliases > MAX_ALIASES:
        errors.append(
            _limit_error(
                f"{shape.aliases} aliases found. Allowed: {MAX_ALIASES}. An alias counts once for each time its "
                "fragment is spread; use fewer aliases, or send several operations.",
                "aliases",
            )
        )
    return errors


class DocumentLimits(SchemaExtension):
    """Refuses, before graphql-core validates it, a document whose spread fragments would make it too big."""

    def on_validate(self) -> Iterator[None]:
        """Measure each operation once (each fragment walked once) and skip validation when a limit is broken."""
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            errors: list[GraphQLError] = []
            try:
                shapes = DocumentShape(document)
                for definition in document.definitions:
                    if isinstance(definition, OperationDefinitionNode):
                        name = definition.name.value if definition.name else "anonymous"
                        errors += shape_errors(name, shapes.of(definition))
            except GraphQLError as error:
                errors.append(error)
            if errors:
                # Set before validation runs, so Strawberry skips it and answers these errors.
                context.pre_execution_errors = errors
        yield


@functools.cache
def _node_types(schema: GraphQLSchema) -> frozenset[str]:
    """The names of the schema's types that implement Node; the schema is built once, so this is asked once."""
    return frozenset(
        name
        for name, kind in schema.type_map.items()
        if any(interface.name == "Node" for interface in getattr(kind, "interfaces", ()))
    )


class CostLimiter(SchemaExtension):
    """Rejects, before execution, a page over the maximum and any operation whose nested lists could fetch too much."""

    def on_validate(self) -> Iterator[None]:
        """After validation: weigh the operation, each list counting its page (or typical) size times its contents."""
        yield
        document = self.execution_context.graphql_document
        if document is None or self.execution_context.pre_execution_errors:
            return
        schema = self.execution_context.schema._schema
        node_types = _node_types(schema)
        weigher = Weigher(
            {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)},
            self.execution_context.variables or {},
            node_types,
        )
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                cost = weigher.cost(definition.selection_set, schema.get_root_type(definition.operation))
                if cost > MAX_COST:
                    raise _limit_error(
                        f"This query could fetch about {cost} records, more than the limit of {MAX_COST}; "
                        "ask for smaller pages ('first') or fewer nested lists.",
                        "cost",
                    )


class Weigher:
    """Estimates how many records an operation could touch."""

    def __init__(
        self, fragments: dict[str, FragmentDefinitionNode], variables: dict[str, Any], node_types: frozenset[str]
    ) -> None:
        self.fragments = fragments
        self.variables = variables
        self.node_types = node_types
        self.visits = 0  # selections weighed: each fragment once per type and paging it is spread in
        self._fragment_costs: dict[tuple[str, str, bool], int] = {}

    def cost(self, selection_set: SelectionSetNode | None, parent: Any, paged: bool = False) -> int:
        """The cost of a selection on `parent`; `paged` when the enclosing connection's page size already counted."""
        if selection_set is None or parent is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            self.visits += 1
            if isinstance(selection, FieldNode):
                total += self._field_cost(selection, parent, paged)
            elif isinstance(selection, InlineFragmentNode):
                total += self.cost(selection.selection_set, parent, paged)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value in self.fragments:
                total += self._fragment_cost(selection.name.value, parent, paged)
        return total

    def _fragment_cost(self, name: str, parent: Any, paged: bool) -> int:
        """A fragment's cost, weighed once for each type and paging it is spread in, however often it is spread."""
        key = (name, parent.name, paged)
        if key not in self._fragment_costs:
            self._fragment_costs[key] = self.cost(self.fragments[name].selection_set, parent, paged)
        return self._fragment_costs[key]

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
    return global_ids.decoded(text)


def _is_number_up_to(text: str, highest: int) -> bool:
    """Whether `text` is plain decimal digits of a number no higher than `highest` (Unicode digits are not)."""
    return text.isascii() and text.isdigit() and len(text) <= len(str(highest)) and int(text) <= highest


def _check_cursors_and_ids(field: FieldNode, variables: dict[str, Any], node_types: frozenset[str]) -> None:
    """Refuse, naming the argument, a cursor this API never gave out or a malformed global id."""
    for argument in field.arguments or ():
        name = argument.name.value
        value = _argument_value(argument, variables)
        if not isinstance(value, str):
            continue
        if name in ("after", "before"):
            decoded = _decoded(value) or ""
            prefix, _, offset = decoded.partition(":")
            # The change feed's cursors are its own (a sequence, checked where it is read); lists use offsets.
            if field.name.value == "changes" and name == "after":
                continue
            if prefix != "arrayconnection" or not _is_number_up_to(offset, MAX_CURSOR_OFFSET):
                raise GraphQLError(
                    f"Argument '{name}' of '{field.name.value}' is not a cursor this list gave out; "
                    "use a cursor from pageInfo or an edge.",
                    extensions={"code": ErrorCode.INVALID_INPUT, "field": name},
                )
        elif name == "id" and field.name.value == "node":
            _check_global_id(value, node_types)


def _check_global_id(value: str, node_types: frozenset[str]) -> None:
    """Refuse, naming `id`, what is not `Type:<uuid>` of a record type: garbage, and the old row-number ids."""
    type_name, key = global_ids.parts(value) or ("", "")
    if type_name in node_types and global_ids.as_uuid(key) is not None:
        return
    if type_name in node_types and global_ids.is_row_number(key):
        message = (
            "Argument 'id' of 'node' is an old global id holding a row number, which Liaison no longer accepts; "
            "read the record's 'id' again, or look the record up by its uuid."
        )
    else:
        message = "Argument 'id' of 'node' is not a global id of a Liaison record; use an 'id' this API returned."
    raise GraphQLError(message, extensions={"code": ErrorCode.INVALID_INPUT, "field": "id"})


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
                extensions={"code": ErrorCode.INVALID_INPUT, "field": name},
            )
        if size > MAX_PAGE_SIZE:
            raise GraphQLError(
                f"Argument '{name}' of '{field.name.value}' is {size}; the maximum page size is {MAX_PAGE_SIZE}.",
                extensions={"code": ErrorCode.INVALID_INPUT, "field": name},
            )
        sizes.append(size)
    return max(max(sizes), 1) if sizes else None


class RequireSignIn(SchemaExtension):
    """Nothing is executed for a request without a signed-in user or a valid API token (checked after validation)."""

    def on_execute(self) -> Iterator[None]:
        """Short-circuit execution with one clear error for anonymous requests."""
        context = self.execution_context.context
        # Outside a resolver there is no Info: the request on the context is the one `user_of` reads.
        if not signed_in(context.request.user):
            self.execution_context.result = ExecutionResult(
                data=None,
                errors=[GraphQLError(UNAUTHENTICATED, extensions={"code": ErrorCode.UNAUTHENTICATED})],
            )
        yield
