"""Which SELECTs the ORM compiles during a test."""

from __future__ import annotations

import pytest
from django.db.models.sql.compiler import SQLCompiler


def compilations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each SELECT the ORM compiles from now on, by its text."""
    compiled: list[str] = []
    compile_select = SQLCompiler.as_sql

    def counted(self: SQLCompiler, *args: object, **kwargs: object) -> tuple[str, tuple[object, ...]]:
        sql, parameters = compile_select(self, *args, **kwargs)
        compiled.append(sql)
        return sql, parameters

    monkeypatch.setattr(SQLCompiler, "as_sql", counted)
    return compiled
