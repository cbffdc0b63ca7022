"""A queryset's records by a column's values, its statement compiled once for each shape of queryset and number of
values instead of at every call."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterable
from typing import Any, NamedTuple, TypeVar

from django.db import connections, models
from django.db.models.query import (  # type: ignore[attr-defined]  # the two ModelIterable makes records with
    ModelIterable,
    RelatedPopulator,
    get_related_populators,
)
from django.db.models.sql import Query
from django.db.models.sql.compiler import SQLCompiler

from directory.kept import Kept
from directory.models.keyed_reads import (
    MOST_KEYS_AT_ONCE,
    ColumnConverters,
    converted,
    padded,
    prepared_keys,
    statement_size,
)

M = TypeVar("M", bound=models.Model)

# What a queryset may have set, apart from its defaults, for its statement to be kept: the related records it joins
# and the columns it loads, its ordering switched off or on, and caches. Anything else (a filter, an annotation, a
# limit, a distinct, an extra) takes the ORM's way.
SHAPING = frozenset(
    {
        "select_related",
        "max_depth",
        "deferred_loading",
        "default_ordering",
        "standard_ordering",
        "order_by",
        "extra_order_by",
        "filter_is_sticky",
        "_annotation_select_cache",
        "_extra_select_cache",
    }
)
# Values of each kind of column that no record holds, each the key of one placeholder while a statement is compiled.
_SENTINELS: dict[type, Callable[[int], Any]] = {
    models.UUIDField: lambda index: uuid.UUID(int=(1 << 127) | index),
    models.CharField: lambda index: f"\x00liaison-kept-statement-{index}",
    models.BigAutoField: lambda index: -(1 << 62) - index,
    models.AutoField: lambda index: -(1 << 30) - index,
}
KEPT_STATEMENTS = 256


class Statement(NamedTuple):
    """One compiled SELECT, where its values go among its parameters, and how its rows become records."""

    sql: str
    model: type[models.Model]  # the class its records are made of (Django's own for a queryset that defers columns)
    parameters: tuple[Any, ...]
    positions: tuple[int, ...]  # where the values asked go among the parameters, in order
    converters: list[ColumnConverters]
    own_columns: slice
    own_names: list[str]
    related: list[RelatedPopulator]


_STATEMENTS: Kept[Statement | None] = Kept(KEPT_STATEMENTS)
# A query of each model as Django makes it, to tell which parts of another were set.
_PLAIN_QUERIES: dict[type[models.Model], Query] = {}


def filter_by_keys(queryset: models.QuerySet[M], key: str, values: Collection[Any]) -> list[M]:
    """The records of `queryset` whose column `key` holds one of `values`, in no order, as
    `queryset.filter(key__in=values)` reads them.

    Django builds and compiles that query at every call: for the 50 officers of a counterpart answer, with their
    agencies, that was more than half of their load (bench/RESULTS.md). Where the queryset only joins related records
    and chooses columns, its statement depends only on that shape, the database and the number of values, so it is
    compiled once (sized to the next power of two, the last value repeated) and run again with the new values as
    parameters; the rows become records as the ORM makes them. Any other queryset takes the ORM's way.
    """
    keys = list(values)
    if not keys:
        return []
    field = queryset.model._meta.get_field(key)
    shape = _shape(queryset, field)
    if shape is None or len(keys) > MOST_KEYS_AT_ONCE:
        return list(queryset.filter(**{f"{key}__in": keys}))
    size = statement_size(len(keys))
    alias = queryset.db
    statement_key = (alias, key, size, *shape)
    known, statement = _STATEMENTS.find(statement_key)
    if not known:
        statement = _compiled(queryset, field, size)
        _STATEMENTS.keep(statement_key, statement)
    if statement is None:
        return list(queryset.filter(**{f"{key}__in": keys}))
    return _run(statement, alias, field, keys, size)


def _shape(queryset: models.QuerySet[Any], field: Any) -> tuple[Any, ...] | None:
    """What the statement of this queryset depends on, apart from the values; None where it may depend on more."""
    if (
        type(queryset) is not models.QuerySet
        or queryset._iterable_class is not ModelIterable
        or queryset._fields  # type: ignore[attr-defined]  # Django keeps these on the queryset
        or queryset._prefetch_related_lookups  # type: ignore[attr-defined]
        or queryset._known_related_objects  # type: ignore[attr-defined]
        or queryset._deferred_filter  # type: ignore[attr-defined]
        or sentinel(field) is None
        or queryset.model._meta.parents
    ):
        return None
    query = queryset.query
    if type(query) is not Query or query.order_by or query.extra_order_by:
        return None
    if not shaped_only_by(query, SHAPING):
        return None
    return (queryset.model, *loading_shape(query))


def loading_shape(query: Query) -> tuple[Any, ...]:
    """What the query loads and how it orders by default: its related records, its columns, its default ordering."""
    names, deferred = query.deferred_loading
    return (
        frozen(query.select_related),
        query.max_depth,
        frozenset(names),
        deferred,
        query.default_ordering,
        query.standard_ordering,
    )


def shaped_only_by(query: Query, parts: frozenset[str]) -> bool:
    """Whether every part of the query but these is as Django makes a query of its model."""
    plain = _PLAIN_QUERIES.get(query.model)  # type: ignore[arg-type]
    if plain is None:
        plain = _PLAIN_QUERIES.setdefault(query.model, Query(query.model))  # type: ignore[arg-type]
    return all(name in parts or value == getattr(plain, name, None) for name, value in query.__dict__.items())


def sentinel(field: Any) -> Callable[[int], Any] | None:
    """How to make values of this column that no record holds (a slug's as a text's), or None for other columns."""
    return next((_SENTINELS[kind] for kind in type(field).__mro__ if kind in _SENTINELS), None)


def frozen(related: bool | dict[str, Any]) -> Any:
    """A select_related's nested dict as nested sorted tuples (True or False as they are)."""
    if isinstance(related, dict):
        return tuple(sorted((name, frozen(nested)) for name, nested in related.items()))
    return related


def _compiled(queryset: models.QuerySet[Any], field: Any, size: int) -> Statement | None:
    """The queryset's statement for `size` values, compiled with values no record holds to find their placeholders;
    None where they are not `size` parameters side by side (the statement is then not kept)."""
    make = sentinel(field)
    assert make is not None  # _shape checked
    sentinels = [make(index) for index in range(size)]
    query = queryset.filter(**{f"{field.name}__in": sentinels}).query
    compiler: SQLCompiler = query.get_compiler(using=queryset.db)
    sql, parameters = compiler.as_sql()
    prepared = [field.get_db_prep_value(value, compiler.connection, prepared=False) for value in sentinels]
    found = [index for index, parameter in enumerate(parameters) if parameter in prepared]
    # Each value exactly once, side by side and in order, or the statement is not kept.
    if len(found) != size or list(parameters[found[0] : found[0] + size]) != prepared:
        return None
    return compiled_statement(compiler, sql, parameters, range(found[0], found[0] + size))


def compiled_statement(compiler: SQLCompiler, sql: str, parameters: Any, positions: Iterable[int]) -> Statement | None:
    """The statement a compiler has just compiled, with how its rows become records; None where the ORM makes them
    with more than related populators (annotations, composite keys)."""
    select, klass_info = compiler.select, compiler.klass_info
    if compiler.annotation_col_map or klass_info is None or compiler.has_composite_fields([s[0] for s in select]):
        return None
    fields = [column[0] for column in select[0 : compiler.col_count]]
    converters = [
        (index, list(convert), expression) for index, (convert, expression) in compiler.get_converters(fields).items()
    ]
    own = klass_info["select_fields"]
    own_columns = slice(own[0], own[-1] + 1)
    return Statement(
        sql=sql,
        model=klass_info["model"],
        parameters=tuple(parameters),
        positions=tuple(positions),
        converters=converters,
        own_columns=own_columns,
        own_names=[column[0].target.attname for column in select[own_columns]],
        related=get_related_populators(klass_info, select, compiler.using),
    )


def _run(statement: Statement, alias: str, field: Any, keys: list[Any], size: int) -> list[Any]:
    """The records of the statement run with these values, made as the ORM's ModelIterable makes them."""
    values = padded(prepared_keys(field, keys, connections[alias]), size)
    parameters = list(statement.parameters)
    for position, value in zip(statement.positions, values, strict=True):
        parameters[position] = value
    return records_of(statement, alias, parameters)


def records_of(statement: Statement, alias: str, parameters: list[Any]) -> list[Any]:
    """The records of the statement run with these parameters, made as the ORM's ModelIterable makes them."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, parameters)
        rows = cursor.fetchall()
    records = []
    for fetched in rows:
        row = converted(fetched, statement.converters, connection)
        record = statement.model.from_db(alias, statement.own_names, row[statement.own_columns])
        for populator in statement.related:
            populator.populate(row, record)
        records.append(record)
    return records
