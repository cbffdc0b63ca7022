"""Whether Neo4j answers, and if not, why."""

from __future__ import annotations

from django.conf import settings
from neo4j import READ_ACCESS, Query
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

from graph import queries
from graph.driver import get_driver, neo4j_uri


def ping() -> None:
    """Run the trivial read once, as an auto-commit query: unlike execute_query it is not retried."""
    with get_driver().session(database=settings.NEO4J_DATABASE, default_access_mode=READ_ACCESS) as session:
        session.run(Query(queries.PING, timeout=3)).consume()


def neo4j_problem() -> str | None:
    """Return None when Neo4j answers a trivial read, else the reason in words a person can act on."""
    try:
        try:
            ping()
        except (ServiceUnavailable, SessionExpired):
            # The connection may have been a pooled one that a restarted server closed; the driver has dropped
            # the pool's connections to that server, so a second try opens a fresh one (and fails at once if down).
            ping()
    except AuthError:
        return f"authentication failed at {neo4j_uri()}: check NEO4J_USER and NEO4J_PASSWORD"
    except (ServiceUnavailable, SessionExpired) as error:
        return f"no answer from {neo4j_uri()} ({error}); start it with `python manage.py neo4j start`"
    except (Neo4jError, OSError) as error:
        return f"{type(error).__name__} from {neo4j_uri()}: {error}"
    return None
