"""The database's own description of a table, brought up to date after a bulk write (PostgreSQL)."""

from __future__ import annotations

from django.db import connection, models

# PostgreSQL's autovacuum describes a table again once 50 rows plus a tenth of it have changed, up to a minute
# later; a bulk write meets the same rule at once, because the graph's projection reads the new rows straight away.
CHANGED_ROWS = 50
CHANGED_SHARE = 0.1


def describe_after_bulk_write(model: type[models.Model], written: int) -> bool:
    """Have PostgreSQL sample `model`'s table again when `written` new rows change it enough; says if it did.

    PostgreSQL plans each query from the statistics its last ANALYZE kept. Written in bulk, new rows lie outside
    them: the planner then expected one row where there were thousands, and chose nested loops over whole tables
    (reading 446 officers' expertise took 16-18 s in a directory of 1,500; bench/RESULTS.md). ANALYZE in the
    writing transaction counts its own new rows, and its statistics are committed, or rolled back, with them.
    """
    if connection.vendor != "postgresql" or written < CHANGED_ROWS:
        return False
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        (described,) = cursor.fetchone()
        if written < CHANGED_ROWS + CHANGED_SHARE * max(described, 0):
            return False
        # SKIP_LOCKED: a table another transaction is analysing (autovacuum, a concurrent import) is left to it; the
        # lock ANALYZE takes is kept until this transaction ends, and a second writer must not wait for it.
        cursor.execute(f"ANALYZE (SKIP_LOCKED) {table}")
    return True
