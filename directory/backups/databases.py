"""Copying the database out and back in: SQLite's online backup API, or pg_dump/pg_restore for PostgreSQL."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, connections, transaction

from directory.backups.problems import BackupError
from directory.error_codes import BackupProblem

SQLITE, POSTGRESQL = "sqlite", "postgresql"
DUMP_FILES = {SQLITE: "database.sqlite3", POSTGRESQL: "database.pgdump"}
# Rows Django writes by itself on `migrate`: a database holding only these is still empty of data.
BOOKKEEPING_TABLES = {"django_migrations", "django_content_type", "auth_permission"}
TOOL_TIMEOUT_SECONDS = 3600


@dataclass
class DatabaseState:
    """What a copy of the database holds: its applied migrations and how many rows each table has."""

    migrations: list[tuple[str, str]]
    tables: dict[str, int]


def engine() -> str:
    """sqlite or postgresql: the engine of the default database."""
    vendor = connection.vendor
    if vendor not in DUMP_FILES:
        raise BackupError(BackupProblem.OTHER_ENGINE, f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def dump(target: Path) -> DatabaseState:
    """Write a consistent copy of the live database to `target`, safe while the application writes."""
    return _dump_sqlite(target) if engine() == SQLITE else _dump_postgresql(target)


def state_of_live_database() -> DatabaseState:
    """The live database's migrations and row counts."""
    with connection.cursor() as cursor:
        return _state(cursor, connection.introspection.table_names(cursor), connection.ops.quote_name)


def tables_holding_data() -> dict[str, int]:
    """The tables of the live database that hold rows other than Django's own bookkeeping."""
    state = state_of_live_database()
    return {name: count for name, count in state.tables.items() if count and name not in BOOKKEEPING_TABLES}


def state_of_sqlite_copy(path: Path) -> DatabaseState:
    """The migrations and row counts of a SQLite file (a backup's copy, before it is restored)."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as copy:
        cursor = copy.cursor()
        names = [row[0] for row in cursor.execute(_SQLITE_TABLES)]
        return _state(cursor, names, _quote_sqlite)


def load(source: Path) -> None:
    """Replace the live database's contents with the copy at `source`, all at once or not at all."""
    if engine() == SQLITE:
        _load_sqlite(source)
    else:
        _load_postgresql(source)


# ---------------------------------------------------------------- SQLite

_SQLITE_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"


def _quote_sqlite(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_path() -> str:
    return str(connection.settings_dict["NAME"])


def _dump_sqlite(target: Path) -> DatabaseState:
    # A connection of its own: the online backup copies page by page and restarts if a writer changes a page,
    # so the copy is one consistent moment whatever the web processes do meanwhile.
    with contextlib.closing(sqlite3.connect(_sqlite_path(), timeout=30)) as live:
        with contextlib.closing(sqlite3.connect(target)) as copy:
            live.backup(copy)
    return state_of_sqlite_copy(target)


def _load_sqlite(source: Path) -> None:
    connections.close_all()
    Path(_sqlite_path()).parent.mkdir(parents=True, exist_ok=True)
    # The backup API in reverse: one step (pages=-1) is one write transaction on the live file, so a failure
    # leaves the old contents, and processes that hold the file open see the new contents at once.
    with contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as copy:
        with contextlib.closing(sqlite3.connect(_sqlite_path(), timeout=30)) as live:
            copy.backup(live, pages=-1)


# ---------------------------------------------------------------- PostgreSQL


def _postgresql_environment() -> dict[str, str]:
    """The connection settings as libpq variables: the password never appears on a command line."""
    settings_dict = connection.settings_dict
    options = settings_dict.get("OPTIONS") or {}
    values = {
        "PGHOST": settings_dict.get("HOST") or "",
        "PGPORT": str(settings_dict.get("PORT") or ""),
        "PGUSER": settings_dict.get("USER") or "",
        "PGPASSWORD": settings_dict.get("PASSWORD") or "",
        "PGDATABASE": settings_dict.get("NAME") or "",
        "PGSSLMODE": options.get("sslmode", ""),
        "PGCONNECT_TIMEOUT": str(options.get("connect_timeout", "")),
    }
    return {**os.environ, **{name: value for name, value in values.items() if value}}


def _run_tool(command: list[str], what: str) -> None:
    try:
        finished = subprocess.run(  # a fixed program; values travel in the environment
            command,
            env=_postgresql_environment(),
            capture_output=True,
            text=True,
            timeout=TOOL_TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError:
        raise BackupError(
            BackupProblem.TOOL_FAILED,
            f"{command[0]} was not found: install the PostgreSQL client of the server's version "
            "(Debian: apt-get install postgresql-client).",
        ) from None
    if finished.returncode != 0:
        raise BackupError(
            BackupProblem.TOOL_FAILED, f"{what} failed (exit {finished.returncode}): {finished.stderr.strip()[-2000:]}"
        )


@contextlib.contextmanager
def _exported_snapshot() -> Iterator[tuple[str, DatabaseState]]:
    """A read-only snapshot of the database, its id for pg_dump, and its state as seen in that same snapshot."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        state = _state(cursor, connection.introspection.table_names(cursor), connection.ops.quote_name)
        # The snapshot lives as long as this transaction: pg_dump must run inside the block.
        yield snapshot, state


def _dump_postgresql(target: Path) -> DatabaseState:
    with _exported_snapshot() as (snapshot, state):
        _run_tool(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                "-f",
                str(target),
            ],
            "pg_dump",
        )
    return state


def _load_postgresql(source: Path) -> None:
    connections.close_all()
    # One transaction: a failure at any object leaves the database as it was.
    _run_tool(
        [
            "pg_restore",
            "--single-transaction",
            "--exit-on-error",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "-d",
            connection.settings_dict["NAME"],
            str(source),
        ],
        "pg_restore",
    )
    # pg_restore makes every table anew, with no statistics of its values for the planner; PostgreSQL's guide says to
    # ANALYZE after a restore, before the graph's rebuild and the first users' questions (decision 0041).
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            # The names come from the database's own catalogue, quoted as identifiers; no value is formatted in.
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


# ---------------------------------------------------------------- both


def _state(cursor: Any, table_names: list[str], quote: Any) -> DatabaseState:
    tables: dict[str, int] = {}
    for name in sorted(table_names):
        # The names come from the database's own catalogue, quoted as identifiers; no value is formatted in.
        cursor.execute(f"SELECT COUNT(*) FROM {quote(name)}")  # noqa: S608
        tables[name] = int(cursor.fetchone()[0])
    migrations: list[tuple[str, str]] = []
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = [(str(app), str(name)) for app, name in cursor.fetchall()]
    return DatabaseState(migrations=migrations, tables=tables)
