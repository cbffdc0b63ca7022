"""How a committing test's tables are emptied after it: DELETE, not PostgreSQL's TRUNCATE of every table."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.commands import flush

# Written by migrations and kept by every rolled-back test too. Kept here as well, they need not be written again
# by the post_migrate signal that follows a flush (its only receivers write these two tables), so that is skipped.
KEPT = frozenset({"django_content_type", "auth_permission", "django_migrations"})
ORIGINAL = flush.sql_flush  # type: ignore[attr-defined]  # the names the flush command calls
ORIGINAL_SIGNAL = flush.emit_post_migrate_signal  # type: ignore[attr-defined]


def nothing_to_write_again(*args: Any, **kwargs: Any) -> None:
    """The content types and permissions were kept (see KEPT)."""


def delete_statements(
    style: Any, connection: Any, reset_sequences: bool = True, allow_cascade: bool = False
) -> list[str]:
    """DELETE FROM each table but the kept ones; the foreign keys are checked at commit, when all are empty."""
    if reset_sequences:  # only asked for by tests that want ids from 1 again: Django's own statements do that
        return ORIGINAL(style, connection, reset_sequences=True, allow_cascade=allow_cascade)
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    quote = connection.ops.quote_name
    statements = ["SET CONSTRAINTS ALL DEFERRED"] if connection.vendor == "postgresql" else []
    # Table names from the database's own catalogue; nothing else goes into these statements.
    statements += [f"DELETE FROM {quote(table)}" for table in sorted(tables) if table not in KEPT]  # noqa: S608
    return statements


@contextmanager
def emptied_by_delete() -> Iterator[None]:
    """While open, `flush` (which Django's committing tests end with) deletes rows instead of truncating tables.

    PostgreSQL's TRUNCATE makes new files for each of the 62 tables: about 0.3 s a flush on a quiet machine and
    over 1 s on a loaded one, after every committing test. Deleting the few rows a test wrote takes milliseconds.
    The post_migrate signal that follows, which wrote every content type and permission again, is skipped.
    """
    flush.sql_flush = delete_statements  # type: ignore[attr-defined]
    flush.emit_post_migrate_signal = nothing_to_write_again  # type: ignore[attr-defined]
    try:
        yield
    finally:
        flush.sql_flush = ORIGINAL  # type: ignore[attr-defined]
        flush.emit_post_migrate_signal = ORIGINAL_SIGNAL  # type: ignore[attr-defined]
