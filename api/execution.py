"""GraphQL execution that completes a plain scalar field in one step, without graphql-core's machinery per field."""

from __future__ import annotations

from typing import Any, NamedTuple, cast

from graphql import (
    GraphQLField,
    GraphQLLeafType,
    GraphQLObjectType,
    GraphQLString,
    Undefined,
    get_nullable_type,
    is_leaf_type,
    is_non_null_type,
)
from graphql.execution.collect_fields import GroupedFieldSet
from graphql.pyutils import AwaitableOrValue, Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext


class PlainLeaf(NamedTuple):
    """A field whose value is an attribute of its parent, shown as a scalar or an enum: its key and how to read it."""

    response_name: str
    resolve: Any
    leaf_type: GraphQLLeafType
    non_null: bool


def plain_leaf(response_name: str, field: GraphQLField | None) -> PlainLeaf | None:
    """The field as a PlainLeaf, or None where it takes arguments, runs a resolver of its own, or has sub-fields."""
    if field is None or field.args or not getattr(field.resolve, "_is_default", False):
        return None
    leaf_type = get_nullable_type(field.type)
    if not is_leaf_type(leaf_type):
        return None
    return PlainLeaf(response_name, field.resolve, leaf_type, is_non_null_type(field.type))


def _plain_field(
    response_name: str, parent_type: GraphQLObjectType, field_name: str, fields: dict[str, GraphQLField]
) -> PlainLeaf | None:
    """The field as a PlainLeaf; `__typename`, which clients add to every selection, is one too."""
    if field_name == "__typename":
        return PlainLeaf(response_name, lambda _source, _info, name=parent_type.name: name, GraphQLString, True)
    return plain_leaf(response_name, fields.get(field_name))


class PlainLeafExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, with a short path for the plain scalar fields of an object.

    A 50-officer counterpart answer has about 1,200 fields; for each, graphql-core builds a resolve info, a path and
    two checks for awaitables before it reads one attribute (bench/RESULTS.md, issue 15 item 2). A plain field needs
    none of them unless its value is wrong, so each is read and coerced here, and any field that fails (a resolver's
    error, a null where the schema promises a value, a value its type rejects) goes the whole way again, where
    graphql-core reports it as it always has.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each grouped field set (graphql-core memoizes them by selection) with its plain fields; the set is kept
        # alive with them, so that its id cannot be reused while this operation runs.
        self._plain_fields: dict[int, tuple[GroupedFieldSet, tuple[PlainLeaf, ...]]] = {}
        middleware = self.middleware_manager
        # A middleware wraps every resolver, so with one (none is installed today) every field takes the whole way.
        self._short_path = middleware is None or middleware.get_field_resolver(plain_leaf) is plain_leaf

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        """Complete the plain fields here, and the rest (and any plain one that failed) through graphql-core."""
        plain = self._plain_leaves(parent_type, grouped_field_set)
        if not plain:
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        done: dict[str, Any] = {}
        for leaf in plain:
            try:
                value = leaf.resolve(source_value, None)
                if value is None:
                    if not leaf.non_null:
                        done[leaf.response_name] = None
                    continue
                if self.is_awaitable(value):
                    # Read again, awaited, the whole way (an attribute read asynchronously); this one never runs.
                    getattr(value, "close", lambda: None)()
                    continue
                coerced = leaf.leaf_type.coerce_output_value(value)
            except Exception:  # noqa: S112 - the whole way reports it, located in the answer
                continue
            if coerced is not None and coerced is not Undefined:
                done[leaf.response_name] = coerced
        if len(done) == len(grouped_field_set):
            return done
        rest = {name: fields for name, fields in grouped_field_set.items() if name not in done}
        results = super().execute_fields(parent_type, source_value, path, rest, position_context)
        if self.is_awaitable(results):
            return self._merged_later(grouped_field_set, done, results)
        return _merged(grouped_field_set, done, cast(dict[str, Any], results))

    async def _merged_later(self, grouped_field_set: GroupedFieldSet, done: dict[str, Any], results: Any) -> dict:
        return _merged(grouped_field_set, done, await results)

    def _plain_leaves(
        self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet
    ) -> tuple[PlainLeaf, ...]:
        """The plain fields of this grouped field set, found once per operation."""
        if not self._short_path:
            return ()
        known = self._plain_fields.get(id(grouped_field_set))
        if known is not None:
            return known[1]
        fields = parent_type.fields
        plain = tuple(
            leaf
            for name, details in grouped_field_set.items()
            if (leaf := _plain_field(name, parent_type, details[0].node.name.value, fields)) is not None
        )
        self._plain_fields[id(grouped_field_set)] = (grouped_field_set, plain)
        return plain


def _merged(grouped_field_set: GroupedFieldSet, done: dict[str, Any], results: dict[str, Any]) -> dict[str, Any]:
    """Both parts of an object's answer, its keys in the order the query asked them."""
    return {
        name: done[name] if name in done else results[name]
        for name in grouped_field_set
        if name in done or name in results
    }
