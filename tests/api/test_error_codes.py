"""One vocabulary of error codes: every code the code gives is declared, described and in the schema."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings
from graphql import build_schema

from api.management.commands.graphql_schema import SCHEMA_FILE
from directory.error_codes import ERROR_CODE_TEXTS, REASON_TEXTS, ErrorCode, Reason

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("directory", "graph", "answers", "api", "frontend")
REFUSALS = {"field_error", "ValidationError"}


def _reason_literals() -> set[tuple[str, str]]:
    """(place, code) for every code literal given to field_error or ValidationError in Liaison's code."""
    found = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name not in REFUSALS:
                    continue
                for keyword in node.keywords:
                    if keyword.arg == "code" and isinstance(keyword.value, ast.Constant):
                        found.add((f"{path.relative_to(ROOT)}:{node.lineno}", keyword.value.value))
    return found


def test_every_reason_the_code_gives_is_declared() -> None:
    # given every code literal of a refusal
    literals = _reason_literals()

    # then each is a declared Reason
    undeclared = sorted(f"{place} {code}" for place, code in literals if code not in set(Reason))
    assert literals, "the walk found no refusal at all"
    assert undeclared == [], f"declare these in directory/error_codes.py: {undeclared}"


def test_every_code_is_described_and_in_the_committed_schema() -> None:
    schema = build_schema(SCHEMA_FILE.read_text(encoding="utf-8"))

    assert set(ERROR_CODE_TEXTS) == set(ErrorCode)
    assert set(REASON_TEXTS) == set(Reason)
    assert set(schema.type_map["ErrorCode"].values) == {code.name for code in ErrorCode}
    assert set(schema.type_map["ErrorReason"].values) == {reason.name for reason in Reason}


def test_an_undeclared_reason_is_refused_where_it_is_made() -> None:
    from directory.errors import field_error

    try:
        field_error("name", "A made-up refusal.", code="made_up")
    except ValueError as error:
        assert "made_up" in str(error)
    else:
        raise AssertionError("field_error accepted a code that is not a declared Reason")
