"""Whether Neo4j answers, and if not, why."""

from __future__ import annotations

from django.conf import settings
from neo4j import READ_ACCESS, Query
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable

from graph import queries
from graph.driver import get_driver, neo4j_uri


def neo4j_problem() -> str | None:
    """Return None when Neo4j answers a trivial read, else the reason in words a person can act on."""
    try:
        # An auto-commit query: unlike execute_query it is not retried, so a down server fails at once.
        with get_driver().session(database=settings.NEO4J_DATABASE, default_access_mode=READ_ACCESS) as session:
            session.run(Query(queries.PING, timeout=3)).consume()
    except AuthError:
        return f"authentication failed at {neo4j_uri()}: check NEO4J_USER and NEO4J_PASSWORD"
    except ServiceUnavailable as error:
        return f"no answer from {neo4j_uri()} ({error}); start it with `python manage.py neo4j start`"
    except (Neo4jError, OSError) as error:
        return f"{type(error).__name__} from {neo4j_uri()}: {error}"
    return None
