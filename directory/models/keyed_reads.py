"""Reads of records by a unique column, in statements written once per database instead of at every call."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import Any, Generic, TypeVar, cast

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper

M = TypeVar("M", bound=models.Model)
Converter = Callable[[Any, Any, BaseDatabaseWrapper], Any]

# A read of many keys asks for them in groups of at most this many, each group's statement sized to the next power of
# two (the last key repeated): a handful of statements per database, whatever the number of keys.
MOST_KEYS_AT_ONCE = 512
# Where a column's value is in a row, the converters the ORM applies to it, and the expression they are given.
ColumnConverters = tuple[int, list[Converter], Any]
# A uuid as Python and Neo4j write it: lower-case hex digits in groups of 8, 4, 4, 4 and 12.
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def statement_size(count: int) -> int:
    """How many placeholders a statement for `count` values has: the next power of two."""
    return 1 << (count - 1).bit_length()


def padded(values: list[Any], size: int) -> list[Any]:
    """The values, the last one repeated up to `size` (the same records, with a statement of that size)."""
    return values + values[-1:] * (size - len(values))


def prepared_keys(field: models.Field, keys: list[Any], connection: BaseDatabaseWrapper) -> list[Any]:
    """The keys as a statement's parameters for this column, as `field.get_db_prep_value` writes them."""
    if isinstance(field, models.UUIDField) and not connection.features.has_native_uuid_field:
        # A database without a uuid type (SQLite) keeps its 32 hex digits: a uuid in its canonical text, as the graph
        # names every officer, is those digits with the dashes taken out. Django parses each into a UUID to write it
        # out again: 0.17 ms for the 50 officers of a counterpart answer, against 0.03 ms (bench/RESULTS.md).
        return [
            key.replace("-", "")
            if isinstance(key, str) and _CANONICAL_UUID.fullmatch(key)
            else field.get_db_prep_value(key, connection, prepared=False)
            for key in keys
        ]
    return [field.get_db_prep_value(key, connection, prepared=False) for key in keys]


def converted(row: tuple[Any, ...], converters: list[ColumnConverters], connection: BaseDatabaseWrapper) -> list[Any]:
    """A fetched row with each column's value as the ORM reads it (datetimes made aware, booleans, uuids)."""
    values = list(row)
    for index, column_converters, expression in converters:
        value = values[index]
        for convert in column_converters:
            value = convert(value, expression, connection)
        values[index] = value
    return values


class _Statement:
    """The SELECT of one database, with the converters Django applies to each column it reads."""

    def __init__(self, sql: str, converters: list[ColumnConverters]) -> None:
        self.sql = sql
        self.converters = converters


class KeyedRead(Generic[M]):
    """Records of `model` by the value of its unique column `key`, each with the record its foreign key `related`
    points to, as `model.objects.select_related(related).filter(key__in=values)` reads them.

    The ORM builds and compiles a query at every call: for an API token with its user (26 columns) that was about
    0.5 ms of every API request, against 0.06 ms for running the statement (bench/RESULTS.md). The statement depends
    only on the models, the database and how many keys are asked, so it is written once; the values still go as
    parameters, and each column read goes through the converters the ORM would apply (datetimes, booleans, uuids).
    """

    def __init__(self, model: type[M], key: str, related: str | None = None) -> None:
        field = model._meta.get_field(key)
        if not isinstance(field, models.Field) or not (field.unique or field.primary_key):
            raise ValueError(f"{model.__name__}.{key}: a keyed read needs a unique column, which names one record")
        if model._default_manager.get_queryset().query.has_filters():
            # Its statement reads the table as it is: a manager that leaves rows out would be bypassed.
            raise ValueError(f"{model.__name__}: its default manager filters rows, which a keyed read would not")
        self.model = model
        self.key: models.Field = field
        self.relation: models.ForeignKey | None = None
        self.related_model: type[models.Model] | None = None
        if related is not None:
            relation = model._meta.get_field(related)
            if not isinstance(relation, models.ForeignKey):
                raise ValueError(f"{model.__name__}.{related}: a keyed read follows a foreign key, not {relation}")
            self.relation = relation
            self.related_model = cast(type[models.Model], relation.related_model)
            if self.related_model._meta.db_table == model._meta.db_table:
                raise ValueError(f"{model.__name__}.{related}: a keyed read cannot join a table to itself")
        for read in (model, self.related_model):
            # A parent model's columns are in a table of their own, which this statement does not join.
            if read is not None and read._meta.parents:
                raise ValueError(f"{read.__name__}: a keyed read reads one table per model, not inherited models")
        self._statements: dict[tuple[str, int], _Statement] = {}
        # The columns' attribute names in the statement's order, and where the related record's key is among them:
        # fixed by the models, so worked out here, not for every row.
        self._names = [field.attname for field in model._meta.concrete_fields]
        related_fields = self.related_model._meta.concrete_fields if self.related_model is not None else ()
        self._related_names = [field.attname for field in related_fields]
        self._related_key = related_fields.index(self.related_model._meta.pk) if self.related_model is not None else 0

    def get(self, value: Any) -> M | None:
        """The record whose key column holds `value` (its related record loaded with it), or None."""
        found = self._read([value], 1)
        return found[0] if found else None

    def all_of(self, values: Collection[Any]) -> list[M]:
        """The records whose key column holds one of `values`, in no order; no query when there are none."""
        keys = list(values)
        found: list[M] = []
        for start in range(0, len(keys), MOST_KEYS_AT_ONCE):
            group = keys[start : start + MOST_KEYS_AT_ONCE]
            found += self._read(group, statement_size(len(group)))
        return found

    def _read(self, keys: list[Any], size: int) -> list[M]:
        """The records of these keys, asked with a statement of `size` placeholders (the last key fills the rest)."""
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        statement = self._statements.get((alias, size))
        if statement is None:
            statement = self._statements[(alias, size)] = self._statement(connection, size)
        parameters = padded(prepared_keys(self.key, keys, connection), size)
        with connection.cursor() as cursor:
            cursor.execute(statement.sql, parameters)
            rows = cursor.fetchall()
        return [self._record(alias, connection, statement, row) for row in rows]

    def _record(self, alias: str, connection: BaseDatabaseWrapper, statement: _Statement, row: tuple[Any, ...]) -> M:
        """The record of one row, its related record cached on it as the ORM's select_related leaves it."""
        values = converted(row, statement.converters, connection)
        own = len(self._names)
        record = self.model.from_db(alias, self._names, values[:own])
        if self.relation is not None and self.related_model is not None:
            related_values = values[own:]
            # An outer join with no related row reads a null key: the record has no related record, as in the ORM.
            found = (
                None
                if related_values[self._related_key] is None
                else self.related_model.from_db(alias, self._related_names, related_values)
            )
            self.relation.set_cached_value(record, found)
            if found is not None and self.relation.one_to_one:
                # The ORM's select_related gives a one-to-one's related record its way back too.
                self.relation.remote_field.set_cached_value(found, record)
        return record

    def _statement(self, connection: BaseDatabaseWrapper, size: int) -> _Statement:
        """The SELECT of every column of the records (and of their related records) by `size` keys, for a database."""
        quote = connection.ops.quote_name
        table = self.model._meta.db_table
        columns = [field.get_col(table) for field in self.model._meta.concrete_fields]
        joins = ""
        if self.relation is not None and self.related_model is not None:
            related = self.related_model._meta
            columns += [field.get_col(related.db_table) for field in related.concrete_fields]
            # As the ORM joins: inner where every record has a related one, outer where the key may be null.
            kind = "LEFT OUTER JOIN" if self.relation.null else "INNER JOIN"
            joins = (
                f" {kind} {quote(related.db_table)} ON ({quote(table)}.{quote(self.relation.column)}"
                f" = {quote(related.db_table)}.{quote(self.relation.target_field.column)})"
            )
        selected = ", ".join(f"{quote(column.alias)}.{quote(column.target.column)}" for column in columns)
        # Only the models' own quoted names are written into the statement; the keys are its parameters.
        key = f"{quote(table)}.{quote(self.key.column)}"
        where = f"{key} = %s" if size == 1 else f"{key} IN ({', '.join(['%s'] * size)})"
        sql = f"SELECT {selected} FROM {quote(table)}{joins} WHERE {where}"  # noqa: S608
        converters: list[ColumnConverters] = [
            (index, column_converters, column)
            for index, column in enumerate(columns)
            if (column_converters := connection.ops.get_db_converters(column) + column.get_db_converters(connection))
        ]
        return _Statement(sql, converters)
