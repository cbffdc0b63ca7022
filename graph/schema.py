"""Create the graph's constraints and indexes when missing: by command, and before the first projection."""

from __future__ import annotations

import threading

from django.conf import settings
from neo4j import WRITE_ACCESS

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


def ensure_schema(*, force: bool = False) -> int:
    """Create missing constraints and indexes (once per process and server); return how many statements ran."""
    key = _key()
    with _lock:
        if key in _ensured_for and not force:
            return 0
        driver = get_driver()
        # Schema changes are writes: in a cluster they go to the leader.
        with driver.session(database=settings.NEO4J_DATABASE, default_access_mode=WRITE_ACCESS) as session:
            for statement in cypher.STATEMENTS:
                session.run(statement).consume()
            session.run(cypher.AWAIT_INDEXES, seconds=120).consume()
        _ensured_for.add(key)
    return len(cypher.STATEMENTS)
