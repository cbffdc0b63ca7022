"""Holding a real write lock from another connection, and waiting for locks only briefly on the test's own."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Model

from directory.models import Officer


@contextmanager
def officer_row_locked(officer: Officer) -> Iterator[None]:
    """Another connection changes the officer's row in an open transaction (SQLite: the whole database) until exit."""
    with _held(lambda: Officer.objects.filter(pk=officer.pk).update(rank="Held by another writer")):
        yield


@contextmanager
def table_locked(model: type[Model]) -> Iterator[None]:
    """Another connection stops writes to the model's table (SQLite: to the whole database) until exit; reads go on."""

    def lock() -> None:
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"UPDATE {table} SET id = id WHERE 0")  # noqa: S608 - a table name, not a value
            else:
                cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")

    with _held(lock):
        yield


@contextmanager
def table_described_elsewhere(model: type[Model]) -> Iterator[None]:
    """Another connection holds the lock ANALYZE takes on the model's table (PostgreSQL), as autovacuum does."""
    if connection.vendor != "postgresql":  # SQLite keeps no statistics that such a lock would guard
        yield
        return

    def lock() -> None:
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"LOCK TABLE {table} IN SHARE UPDATE EXCLUSIVE MODE")

    with _held(lock):
        yield


@contextmanager
def _held(lock: Callable[[], object]) -> Iterator[None]:
    """Another connection takes a lock in an open transaction, held until exit and then rolled back."""
    locked, release = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def hold() -> None:
        try:
            # A thread has its own connection: the lock is held as another request or process would hold it.
            with transaction.atomic():
                lock()
                locked.set()
                release.wait(timeout=60)
                transaction.set_rollback(True)
        except BaseException as error:
            failures.append(error)
            locked.set()
        finally:
            connection.close()

    holder = threading.Thread(target=hold, name="lock-holder")
    holder.start()
    locked.wait(timeout=60)
    assert not failures, failures
    try:
        yield
    finally:
        release.set()
        holder.join(timeout=60)


def wait_for_locks_at_most(milliseconds: int) -> None:
    """Make the test thread's connection (which the test client's requests use) give up on a lock this soon."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")
        else:
            cursor.execute("SELECT set_config('lock_timeout', %s, false)", [f"{int(milliseconds)}ms"])
