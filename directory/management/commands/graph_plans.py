"""`python manage.py graph_plans`: make the graph questions' plans now, so that the first users find them made."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from answers.plans import PATIENCE_SECONDS, make_graph_plans
from config.commands import LiaisonCommand
from graph.health import neo4j_problem


class Command(LiaisonCommand):
    """manage.py graph_plans"""

    help = (
        "Ask every graph question once with arguments that match nothing, so that a Neo4j just started has planned "
        "them before users ask (make run does this before it serves; the worker's graph_plans job after each start)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare --patience."""
        parser.add_argument(
            "--patience",
            type=float,
            default=PATIENCE_SECONDS,
            help=f"seconds to go on asking the questions that came late (default {PATIENCE_SECONDS:.0f})",
        )

    def handle(self, *args: Any, patience: float, **options: Any) -> None:
        """Make the plans and say how many questions Neo4j answered."""
        if patience < 0:
            raise CommandError(f"--patience must be 0 or more seconds, not {patience:g}.")
        problem = neo4j_problem()
        if problem is not None:
            raise CommandError(f"Neo4j is not answering: {problem}; then run graph_plans again.")
        answered, asked = make_graph_plans(patience)
        self.stdout.write(f"graph plans made: {answered} of {asked} questions answered")
        if answered < asked:
            # Not an error: a late question is still planned and cached by the server, only its answer came late.
            self.stdout.write(
                f"{asked - answered} still came late after {patience:g} s (past NEO4J_READ_DEADLINE, or "
                "NEO4J_WRITE_DEADLINE for the projection's writes); Neo4j caches their plans once it has made them"
            )
