"""Rows written once per test session (the demo directory, the small world) and copied into each test that asks."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction

Rows = dict[type[models.Model], list[dict[str, Any]]]
Result = TypeVar("Result")
# PostgreSQL keeps each snapshot's rows in tables of its own, in a schema outside the search path: invisible to
# Django's introspection (the backup's row counts) and untouched by the committing tests' emptying.
COPIES_SCHEMA = "liaison_test_copies"
_snapshot_numbers = itertools.count(1)


def _tables() -> list[type[models.Model]]:
    """Every table, the many-to-many ones included."""
    return list(apps.get_models(include_auto_created=True))


@dataclass(frozen=True)
class RowSnapshot(Generic[Result]):
    """What a builder wrote, table by table, and what it returned."""

    result: Result
    rows: Rows
    tables: list[TableRows]
    copies: ServerCopies = field(default_factory=lambda: ServerCopies(next(_snapshot_numbers)))

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
        snapshot = cls(result=result, rows=rows, tables=[TableRows.of(model, added) for model, added in rows.items()])
        snapshot.copies.made(snapshot.tables)  # now, if outside a transaction (the session's fixtures are)
        return snapshot

    def restore(self) -> Result:
        """Write the rows back exactly as the builder left them (ids, uuids, outbox), in one transaction."""
        in_copies = self.copies.made(self.tables)
        # Both backends check foreign keys at commit, so the tables can be filled in any order.
        with transaction.atomic(), connection.cursor() as cursor:
            for at, table in enumerate(self.tables):
                if in_copies:
                    table.copy_back(cursor, self.copies.name(at))
                else:
                    # Values prepared once, written in bulk: building thousands of model instances per test cost more.
                    table.write(cursor)
            # PostgreSQL's sequences do not follow explicit ids; the next record must not reuse one. One round trip.
            resets = connection.ops.sequence_reset_sql(no_style(), list(self.rows))
            if resets:
                cursor.execute("\n".join(resets))
        return self.result


@dataclass
class ServerCopies:
    """A snapshot's rows kept in PostgreSQL itself, so that a restore is one INSERT ... SELECT a table.

    Sending the demo's 3,283 rows through COPY took about 100 ms a test, most of it encoding values in Python;
    copying them within the server takes about 30 ms. The copies must be made outside any transaction, or a test's
    rollback would take them away: until then restores send the rows.
    """

    number: int
    ready: bool = False

    def name(self, at: int) -> str:
        """The qualified name of the copy of the snapshot's `at`-th table."""
        return f"{COPIES_SCHEMA}.{connection.ops.quote_name(f's{self.number}_{at}')}"

    def made(self, tables: list[TableRows]) -> bool:
        """Whether the copies exist, making them first if they can be made now."""
        if self.ready or connection.vendor != "postgresql" or connection.in_atomic_block:
            return self.ready
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {COPIES_SCHEMA}")
            for at, table in enumerate(tables):
                cursor.execute(f"DROP TABLE IF EXISTS {self.name(at)}")
                # Names from the models and this module; the rows go in as COPY data, never as SQL text.
                cursor.execute(
                    f"CREATE TABLE {self.name(at)} AS SELECT {table.column_list()} "  # noqa: S608
                    f"FROM {connection.ops.quote_name(table.table)} WITH NO DATA"
                )
                table.write(cursor, into=self.name(at))
        self.ready = True
        return True


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

    def copy_back(self, cursor: Any, copy: str) -> None:
        """Insert the rows from their copy in the database (ServerCopies)."""
        columns = self.column_list()
        # Names from the models and ServerCopies; no value is formatted in.
        cursor.execute(
            f"INSERT INTO {connection.ops.quote_name(self.table)} ({columns}) SELECT {columns} FROM {copy}"  # noqa: S608
        )

    def column_list(self) -> str:
        """The columns' names, quoted and separated by commas, for a statement."""
        return ", ".join(connection.ops.quote_name(column) for column in self.columns)

    def write(self, cursor: Any, into: str | None = None) -> None:
        """Insert the rows (or into `into`): COPY on PostgreSQL, multi-row INSERTs elsewhere; values as parameters."""
        quote = connection.ops.quote_name
        columns = self.column_list()
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {into or quote(self.table)} ({columns}) FROM STDIN") as copy:
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
            statement = f"INSERT INTO {into or quote(self.table)} ({columns}) VALUES {marks}"  # noqa: S608
            cursor.execute(statement, [value for row in chunk for value in row])
