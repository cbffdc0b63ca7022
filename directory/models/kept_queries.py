"""Querysets whose statements are compiled once for each shape of query and run again with each request's values.

The ORM compiles a query's SQL every time it runs: for the one-officer question of the API (the officer with agency
and country, their expertise, their events: three statements) that was 0.87 ms of the 3.3 ms the web process spent
on it (bench/RESULTS.md, stop 64). Where a query only joins related records, chooses columns, orders, slices and
filters columns by plain values (`=` and `IN`, under AND, OR and NOT), its statement depends only on that shape, the
database and how many values each `IN` holds: it is compiled once, with values no record holds, and then run with
the values of each query as its parameters. Its rows become records as the ORM's ModelIterable makes them. Any other
query (a subquery, an expression, an annotation, a distinct, an extra) takes the ORM's way, and so does a shape
whose statement did not come out the same for two sets of values.
"""

from __future__ import annotations

import uuid
from collections.abc import Hashable, Iterator
from typing import Any, TypeVar, cast

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections, models
from django.db.models import Prefetch
from django.db.models.expressions import Col
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import Exact, In, IntegerFieldExact, Lookup
from django.db.models.query import ModelIterable
from django.db.models.sql import Query
from django.db.models.sql.where import WhereNode

from directory.kept import Kept
from directory.models.kept_statements import (
    KEPT_STATEMENTS,
    SHAPING,
    Statement,
    compiled_statement,
    loading_shape,
    records_of,
    sentinel,
    shaped_only_by,
)
from directory.models.keyed_reads import MOST_KEYS_AT_ONCE, padded, statement_size

M = TypeVar("M", bound=models.Model)

# What a query may have set besides what decision 0049 allows, for its statement to be kept; each is part of its shape,
# or (the used aliases and lookup joins) only says how the query was built. Anything else takes the ORM's way.
_SHAPING = SHAPING | frozenset(
    {
        "where",
        "alias_map",
        "alias_refcount",
        "table_map",
        "base_table",
        "low_mark",
        "high_mark",
        "used_aliases",
        "_lookup_joins",
    }
)
# The comparisons whose values become parameters, each of one column.
_PLAIN_LOOKUPS = (Exact, IntegerFieldExact, RelatedExact, In, RelatedIn)
_PLAIN_VALUES = (str, int, uuid.UUID)
_LISTS = (list, tuple, set, frozenset)

_STATEMENTS: Kept[Statement | None] = Kept(KEPT_STATEMENTS)


class KeptStatementIterable(ModelIterable):
    """The records of a queryset, read with its shape's kept statement where it has one, else the ORM's way."""

    def __iter__(self) -> Iterator[Any]:
        records = None if self.chunked_fetch else kept_read(self.queryset)
        if records is None:
            yield from super().__iter__()
        else:
            yield from records


def keeping_statements(queryset: models.QuerySet[M]) -> models.QuerySet[M]:
    """The same queryset (changed in place), its records and those of each Prefetch it carries read with kept
    statements."""
    if queryset._iterable_class is ModelIterable:
        queryset._iterable_class = KeptStatementIterable
    for lookup in queryset._prefetch_related_lookups:  # type: ignore[attr-defined]
        if isinstance(lookup, Prefetch) and lookup.queryset is not None:
            keeping_statements(lookup.queryset)
    return queryset


def kept_read(queryset: models.QuerySet[Any]) -> list[Any] | None:
    """The queryset's records read with its shape's kept statement; None where it must be read the ORM's way."""
    if queryset._known_related_objects or queryset.model._meta.parents:  # type: ignore[attr-defined]
        return None
    query = queryset.query
    alias = queryset.db
    connection = connections[alias]
    shape = _shape(query, connection)
    if shape is None:
        return None
    key, slots = shape
    statement_key = (alias, key)
    known, statement = _STATEMENTS.find(statement_key)
    if not known:
        statement = _compiled(query, alias, slots)
        _STATEMENTS.keep(statement_key, statement)
    if statement is None:
        return None
    parameters = list(statement.parameters)
    for position, (lookup, value) in zip(statement.positions, _values(slots), strict=True):
        parameters[position] = _db_value(lookup, value, connection)
    return records_of(statement, alias, parameters)


# One comparison of the query and its values as the statement is given them (an IN's without repeats, padded).
_Slot = tuple[Lookup, list[Any]]


def _shape(query: Query, connection: Any) -> tuple[Hashable, list[_Slot]] | None:
    """What the query's statement depends on, apart from its values, and its comparisons with their values; None
    where it may depend on more."""
    if type(query) is not Query or query.extra_order_by or not shaped_only_by(query, _SHAPING):
        return None
    if query.order_by and not all(isinstance(name, str) for name in query.order_by):
        return None
    slots: list[_Slot] = []
    where = _where_shape(query.where, slots, connection)
    if where is None or len(slots) > MOST_KEYS_AT_ONCE:
        return None
    key = (
        query.model,
        where,
        tuple(
            # A table's identity names its table, the alias it joins from and the relation it joins by.
            (alias, cast(Any, join).identity, join.join_type, getattr(join, "nullable", None))
            for alias, join in query.alias_map.items()
        ),
        tuple(query.alias_refcount.items()),
        *loading_shape(query),
        tuple(query.order_by),
        query.low_mark,
        query.high_mark,
    )
    return key, slots


def _where_shape(node: Any, slots: list[_Slot], connection: Any) -> Hashable | None:
    """The shape of a WHERE (its values added to `slots`), or None where it holds anything but plain comparisons."""
    if type(node) is WhereNode:
        children = []
        for child in node.children:
            shape = _where_shape(child, slots, connection)
            if shape is None:
                return None
            children.append(shape)
        return (node.connector, node.negated, tuple(children))
    if type(node) not in _PLAIN_LOOKUPS or type(node.lhs) is not Col or sentinel(_value_field(node)) is None:
        return None
    rhs = node.rhs
    if isinstance(node, In):
        if not isinstance(rhs, _LISTS) or not all(isinstance(value, _PLAIN_VALUES) for value in rhs):
            return None
        # As the ORM writes an IN: each value once, no nulls (an IN of none reads nothing: the ORM's way says so).
        values = list(dict.fromkeys(rhs))
        if not values or len(values) > MOST_KEYS_AT_ONCE:
            return None
        size = statement_size(len(values))
        slots.append((node, padded(values, size)))
        return (type(node), node.lhs.alias, node.lhs.target, size)
    if not isinstance(rhs, _PLAIN_VALUES):
        return None
    if type(node) is IntegerFieldExact:
        # The ORM reads no rows for a number the column cannot hold, without asking the database.
        least, most = connection.ops.integer_field_range(node.lhs.output_field.get_internal_type())
        if (least is not None and rhs < least) or (most is not None and rhs > most):
            return None
    slots.append((node, [rhs]))
    return (type(node), node.lhs.alias, node.lhs.target, 1)


def _value_field(lookup: Lookup) -> Any:
    """The column whose values the comparison is given (a foreign key's target)."""
    field = lookup.lhs.output_field
    return getattr(field, "target_field", None) or field


def _values(slots: list[_Slot]) -> Iterator[tuple[Lookup, Any]]:
    for lookup, values in slots:
        for value in values:
            yield lookup, value


def _db_value(lookup: Lookup, value: Any, connection: Any) -> Any:
    """The value as the ORM gives it to the database for this comparison (its get_db_prep_lookup)."""
    return _value_field(lookup).get_db_prep_value(value, connection, prepared=True)


def _with_values(node: Any, values: Iterator[Any]) -> Any:
    """A copy of a WHERE of plain comparisons, each given the next of `values` (as many as it has now)."""
    if type(node) is WhereNode:
        return WhereNode([_with_values(child, values) for child in node.children], node.connector, node.negated)
    if isinstance(node, In):
        return type(node)(node.lhs, [next(values) for _ in range(statement_size(len(set(node.rhs))))])
    return type(node)(node.lhs, next(values))


def _sentinels(slots: list[_Slot], start: int) -> list[Any]:
    """For each value of each comparison, a value of its column that no record holds, each different."""
    made: list[Any] = []
    for lookup, values in slots:
        make = sentinel(_value_field(lookup))
        assert make is not None  # _where_shape checked
        for _ in values:
            made.append(make(start + len(made)))
    return made


def _compiled(query: Query, alias: str, slots: list[_Slot]) -> Statement | None:
    """The query's statement, compiled with values no record holds to find where its values go; None where a second
    set of such values does not give the same statement with only those parameters changed."""
    connection = connections[alias]
    attempts = []
    for start in (0, 1 << 20):
        sentinels = _sentinels(slots, start)
        copy = query.clone()
        copy.where = _with_values(query.where, iter(sentinels))
        compiler = copy.get_compiler(using=alias)
        try:
            sql, parameters = compiler.as_sql()
        except (EmptyResultSet, FullResultSet):
            return None
        lookups = [lookup for lookup, _ in _values(slots)]
        prepared = [_db_value(lookup, value, connection) for lookup, value in zip(lookups, sentinels, strict=True)]
        attempts.append((compiler, sql, list(parameters), prepared))
    (compiler, sql, parameters, prepared), (_, other_sql, other_parameters, other_prepared) = attempts
    positions = [_only_position(parameters, value) for value in prepared]
    # Each value in a place of its own, and nothing else changed by other values.
    if None in positions or len(set(positions)) != len(positions):
        return None
    if sql != other_sql or len(parameters) != len(other_parameters):
        return None
    substituted = list(parameters)
    for position, value in zip(positions, other_prepared, strict=True):
        substituted[position] = value  # type: ignore[index]  # None ruled out above
    if substituted != other_parameters:
        return None
    return compiled_statement(compiler, sql, parameters, positions)  # type: ignore[arg-type]


def _only_position(parameters: list[Any], value: Any) -> int | None:
    """Where the value is among the parameters, if it is there exactly once."""
    found = [index for index, parameter in enumerate(parameters) if parameter == value]
    return found[0] if len(found) == 1 else None
