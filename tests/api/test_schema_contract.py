"""The committed schema.graphql is the contract: a test fails when it is stale."""

from __future__ import annotations

from api.management.commands.graphql_schema import SCHEMA_FILE, current_sdl


def test_the_committed_schema_is_current() -> None:
    assert SCHEMA_FILE.exists(), "schema.graphql is missing: run `make schema`"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == current_sdl(), "schema.graphql is stale: run `make schema`"


def test_the_schema_exposes_every_graph_question() -> None:
    sdl = current_sdl()
    for field in ("counterparts(", "introductionPaths(", "coverageGaps(", "neighbourhood(", "searchNames("):
        assert field in sdl
