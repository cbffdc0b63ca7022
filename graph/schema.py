"""Create the graph's constraints and indexes when missing: by command, and before the first projection."""

from __future__ import annotations

import threading

from django.conf import settings
from neo4j import WRITE_ACCESS, Session

from graph.driver import get_driver
from graph.queries import schema as cypher

_ensured_for: set[str] = set()
_lock = threading.Lock()


def _key() -> str:
    from graph.driver import neo4j_uri

    return f"{neo4j_uri()}/{settings.NEO4J_DATABASE}"


def schema_is_ensured() -> bool:
    """Whether this process has already made sure of the schema on the Neo4j in use."""
    return _key() in _ensured_for


def forget_schema_checks() -> None:
    """Make the next ensure_schema look at the server again, as a new process would."""
    with _lock:
        _ensured_for.clear()


def ensure_schema(*, force: bool = False) -> int:
    """Create missing constraints and indexes (once per process and server); return how many statements ran (0 when
    all were there already)."""
    key = _key()
    with _lock:
        if key in _ensured_for and not force:
            return 0
        driver = get_driver()
        # Schema changes are writes: in a cluster they go to the leader.
        with driver.session(database=settings.NEO4J_DATABASE, default_access_mode=WRITE_ACCESS) as session:
            # Each process's first projection comes here: one read instead of a score of schema writes, which a
            # loaded server took seconds over while that first write waited to reach the graph.
            if not force and _in_place(session):
                _ensured_for.add(key)
                return 0
            for statement in cypher.STATEMENTS:
                session.run(statement).consume()
            session.run(cypher.AWAIT_INDEXES, seconds=120).consume()
        _ensured_for.add(key)
    return len(cypher.STATEMENTS)


def _in_place(session: Session) -> bool:
    """Whether every constraint and index is there and online, and no retired index is left."""
    found = {row["name"]: row for row in session.run(cypher.INDEXES_IN_PLACE).data()}
    return all(
        name in found and found[name]["state"] == "ONLINE" and found[name]["constraint"] == constraint
        for name, constraint in cypher.CREATED.items()
    ) and not any(name in found for name in cypher.RETIRED_INDEXES)
