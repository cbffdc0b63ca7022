"""Holding a real write lock from another connection, and waiting for locks only briefly on the test's own."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from directory.models import Officer


@contextmanager
def officer_row_locked(officer: Officer) -> Iterator[None]:
    """Another connection changes the officer's row in an open transaction (SQLite: the whole database) until exit."""
    locked, release = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def hold() -> None:
        try:
            # A thread has its own connection: the lock is held as another request or process would hold it.
            with transaction.atomic():
                Officer.objects.filter(pk=officer.pk).update(rank="Held by another writer")
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
