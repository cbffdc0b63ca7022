"""The schema made sure of before a process's first projection: one read when it is all there, the writes when not."""

from __future__ import annotations

import pytest
from django.conf import settings

from graph.driver import get_driver
from graph.queries.schema import CREATED, RETIRED_INDEXES, STATEMENTS
from graph.schema import ensure_schema, forget_schema_checks

pytestmark = pytest.mark.django_db


def indexes() -> dict[str, str]:
    """Liaison's indexes on the server (constraints' own included, Neo4j's lookup indexes left out), with states."""
    records, _, _ = get_driver().execute_query("SHOW INDEXES YIELD name, state", database_=settings.NEO4J_DATABASE)
    ours = {*CREATED, *RETIRED_INDEXES}
    return {record["name"]: record["state"] for record in records if record["name"] in ours}


def write(statement: str) -> None:
    get_driver().execute_query(statement, database_=settings.NEO4J_DATABASE)


@pytest.fixture(autouse=True)
def schema_in_place() -> None:
    """Each test starts from the whole schema, and from a process that has not yet looked at the server."""
    forget_schema_checks()
    ensure_schema()  # writes only what an earlier test took away
    forget_schema_checks()


def test_every_created_constraint_and_index_is_looked_for() -> None:
    assert len(CREATED) == sum(statement.startswith("CREATE ") for statement in STATEMENTS)


def test_a_server_that_has_the_whole_schema_gets_no_schema_write() -> None:
    assert ensure_schema() == 0
    # and the process remembers it: the next projection does not even look
    assert ensure_schema() == 0


@pytest.mark.parametrize(
    "removal",
    ["DROP INDEX topic_slug", "DROP CONSTRAINT language_code", "DROP INDEX liaison_search_russian"],
)
def test_a_missing_constraint_or_index_is_created_again(removal: str) -> None:
    # given the server lost one constraint or index
    write(removal)
    assert len(indexes()) == len(CREATED) - 1
    # when a process makes sure of the schema, then it writes it, and every index is there and online again
    assert ensure_schema() == len(STATEMENTS)
    assert indexes() == dict.fromkeys(CREATED, "ONLINE")


def test_a_retired_index_left_over_is_dropped() -> None:
    # given an index an earlier version made and this one no longer keeps
    write(f"CREATE INDEX {RETIRED_INDEXES[0]} IF NOT EXISTS FOR (n:Officer) ON (n.name_latin)")
    # when a process makes sure of the schema, then it writes it, and the retired index is gone
    assert ensure_schema() == len(STATEMENTS)
    assert indexes() == dict.fromkeys(CREATED, "ONLINE")
