"""Rows written once per test session (the demo directory, the small world) and copied into each test that asks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction

Rows = dict[type[models.Model], list[dict[str, Any]]]
Result = TypeVar("Result")


def _tables() -> list[type[models.Model]]:
    """Every table, the many-to-many ones included."""
    return list(apps.get_models(include_auto_created=True))


@dataclass(frozen=True)
class RowSnapshot(Generic[Result]):
    """What a builder wrote, table by table, and what it returned."""

    result: Result
    rows: Rows
    tables: list[TableRows]

    @classmethod
    def take(cls, build: Callable[[], Result]) -> RowSnapshot[Result]:
        """Run `build` once, inside a transaction that is rolled back, and keep a copy of the rows it added."""
        with transaction.atomic():
            before = {model: set(model._base_manager.values_list("pk", flat=True)) for model in _tables()}
            result = build()
            rows: Rows = {}
            for model, existing in before.items():
                fields = [field.attname for field in model._meta.concrete_fields]
                added = list(model._base_manager.exclude(pk__in=existing).order_by("pk").values(*fields))
                if added:
                    rows[model] = added
            transaction.set_rollback(True)
        return cls(result=result, rows=rows, tables=[TableRows.of(model, added) for model, added in rows.items()])

    def restore(self) -> Result:
        """Write the rows back exactly as the builder left them (ids, uuids, outbox), in one transaction."""
        # Both backends check foreign keys at commit, so the tables can be filled in any order.
        with transaction.atomic(), connection.cursor() as cursor:
            # Values prepared once, written in bulk: building thousands of model instances per test cost more.
            for table in self.tables:
                table.write(cursor)
            # PostgreSQL's sequences do not follow explicit ids; the next record must not reuse one.
            for statement in connection.ops.sequence_reset_sql(no_style(), list(self.rows)):
                cursor.execute(statement)
        return self.result


@dataclass(frozen=True)
class TableRows:
    """One table's rows, with its column names and each value as the database takes it."""

    table: str
    columns: list[str]
    values: list[list[Any]]

    @classmethod
    def of(cls, model: type[models.Model], rows: list[dict[str, Any]]) -> TableRows:
        """The rows of `model`, prepared once for every restore."""
        fields = model._meta.concrete_fields
        values = [[field.get_db_prep_save(row[field.attname], connection) for field in fields] for row in rows]
        return cls(model._meta.db_table, [field.column for field in fields], values)

    def write(self, cursor: Any) -> None:
        """Insert the rows: COPY on PostgreSQL, multi-row INSERTs elsewhere; values always as parameters."""
        quote = connection.ops.quote_name
        columns = ", ".join(quote(column) for column in self.columns)
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(self.table)} ({columns}) FROM STDIN") as copy:
                for row in self.values:
                    copy.write_row(row)
            return
        # SQLite allows 32,766 parameters a statement; a few hundred rows a statement is far fewer round trips.
        per_statement = max(1, 30000 // len(self.columns))
        row_marks = "(" + ", ".join(["%s"] * len(self.columns)) + ")"
        for start in range(0, len(self.values), per_statement):
            chunk = self.values[start : start + per_statement]
            marks = ", ".join([row_marks] * len(chunk))
            # Table and column names come from the models, every value is a parameter.
            statement = f"INSERT INTO {quote(self.table)} ({columns}) VALUES {marks}"  # noqa: S608
            cursor.execute(statement, [value for row in chunk for value in row])
