"""Reads of one record by a unique column, in a statement written once per database instead of at every call."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, cast

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper

M = TypeVar("M", bound=models.Model)
Converter = Callable[[Any, Any, BaseDatabaseWrapper], Any]


class _Statement:
    """The SELECT of one database, with the converters Django applies to each column it reads."""

    def __init__(self, sql: str, converters: list[tuple[int, Any, list[Converter]]]) -> None:
        self.sql = sql
        self.converters = converters


class KeyedRead(Generic[M]):
    """One record of `model` by the value of its unique column `key`, with the record its foreign key `related` points
    to, as `model.objects.select_related(related).get(key=value)` reads it, or None where no row has that value.

    The ORM builds and compiles a query at every call: for an API token with its user (26 columns) that was about
    0.5 ms of every API request, against 0.06 ms for running the statement (bench/RESULTS.md). The statement depends
    only on the models and the database, so it is written once per database; the value still goes as a parameter, and
    each column read goes through the converters the ORM would apply (datetimes, booleans, uuids).
    """

    def __init__(self, model: type[M], key: str, related: str | None = None) -> None:
        field = model._meta.get_field(key)
        if not isinstance(field, models.Field) or not (field.unique or field.primary_key):
            raise ValueError(f"{model.__name__}.{key}: a keyed read needs a unique column, which names one record")
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
        self._statements: dict[str, _Statement] = {}

    def get(self, value: Any) -> M | None:
        """The record whose key column holds `value` (its related record loaded with it), or None."""
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        statement = self._statements.get(alias)
        if statement is None:
            statement = self._statements[alias] = self._statement(connection)
        with connection.cursor() as cursor:
            cursor.execute(statement.sql, [self.key.get_db_prep_value(value, connection)])
            row = cursor.fetchone()
        if row is None:
            return None
        values = list(row)
        for index, column, converters in statement.converters:
            for convert in converters:
                values[index] = convert(values[index], column, connection)
        own = self.model._meta.concrete_fields
        record = self.model.from_db(alias, [field.attname for field in own], values[: len(own)])
        if self.relation is not None and self.related_model is not None:
            related_fields = self.related_model._meta.concrete_fields
            related_values = values[len(own) :]
            # An outer join with no related row reads a null key: the record has no related record, as in the ORM.
            found = (
                None
                if related_values[related_fields.index(self.related_model._meta.pk)] is None
                else self.related_model.from_db(alias, [field.attname for field in related_fields], related_values)
            )
            self.relation.set_cached_value(record, found)
            if found is not None and self.relation.one_to_one:
                # The ORM's select_related gives a one-to-one's related record its way back too.
                self.relation.remote_field.set_cached_value(found, record)
        return record

    def _statement(self, connection: BaseDatabaseWrapper) -> _Statement:
        """The SELECT of every column of the record (and of its related record), by the key, for this database."""
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
        # Only the models' own quoted names are written into the statement; the key's value is its one parameter.
        where = f"{quote(table)}.{quote(self.key.column)} = %s"
        sql = f"SELECT {selected} FROM {quote(table)}{joins} WHERE {where}"  # noqa: S608
        converters = [
            (index, column, converters)
            for index, column in enumerate(columns)
            if (converters := connection.ops.get_db_converters(column) + column.get_db_converters(connection))
        ]
        return _Statement(sql, converters)
