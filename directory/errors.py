"""Errors every client can tell apart: validation errors with a stable code, and a database too busy to write."""

from __future__ import annotations

import sqlite3

from django.core.exceptions import ValidationError
from django.db import DatabaseError

from directory.error_codes import ErrorCode, Reason

DATABASE_BUSY = ErrorCode.DATABASE_BUSY
# How long a client should wait before retrying a write the database was too busy to take.
RETRY_AFTER_SECONDS = 2
# PostgreSQL: lock_timeout ran out, serialization failure, deadlock. Each is undone whole and worth retrying.
_BUSY_SQLSTATES = frozenset({"55P03", "40001", "40P01"})
# SQLite: the busy timeout ran out (SQLITE_BUSY) or a table is locked (SQLITE_LOCKED), as primary result codes.
_BUSY_SQLITE_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})


def field_error(field: str, message: str, code: str) -> ValidationError:
    """A ValidationError on one field, with a message for people and a stable code (a `Reason`) for programs."""
    return ValidationError({field: ValidationError(message, code=Reason(code))})


def is_database_busy(error: BaseException) -> bool:
    """Whether this is a lock that could not be had in time: nothing was written, and a retry can succeed."""
    if not isinstance(error, DatabaseError):
        return False
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) in _BUSY_SQLSTATES:
        return True
    sqlite_code = getattr(cause, "sqlite_errorcode", None)
    # Extended codes (SQLITE_BUSY_SNAPSHOT, …) carry the primary code in their low byte.
    return sqlite_code is not None and sqlite_code & 0xFF in _BUSY_SQLITE_CODES
