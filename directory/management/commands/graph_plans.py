"""`python manage.py graph_plans`: make the graph questions' plans now, so that the first users find them made."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from answers.plans import make_graph_plans
from graph.driver import neo4j_uri
from graph.reads import SERVER_FAILURES


class Command(BaseCommand):
    """manage.py graph_plans"""

    help = (
        "Ask every graph question once with arguments that match nothing, so that a Neo4j just started has planned "
        "them before users ask (make run does this before it serves; the worker's graph_plans job after each start)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        """Make the plans and say how many questions Neo4j answered."""
        try:
            answered, asked = make_graph_plans()
        except SERVER_FAILURES as error:
            raise CommandError(
                f"Neo4j at {neo4j_uri()} is not answering ({type(error).__name__}); start it (manage.py neo4j start) "
                "or set NEO4J_URI, then run graph_plans again."
            ) from error
        self.stdout.write(f"graph plans made: {answered} of {asked} questions answered")
        if answered < asked:
            # Not an error: a late question is still planned and cached by the server, only its answer came late.
            self.stdout.write(f"{asked - answered} came later than NEO4J_READ_DEADLINE; Neo4j still caches their plans")
