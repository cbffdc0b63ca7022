"""`python manage.py neo4j start|stop|status`: the local Neo4j server."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from config.commands import LiaisonCommand
from graph.schema import ensure_schema
from graph.server import LocalServer, Neo4jServerError


class Command(LiaisonCommand):
    """Start, stop or inspect the Neo4j server that Liaison runs itself."""

    help = "Start, stop or show the local Neo4j server (nothing is launched when NEO4J_URI is set)."

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the action argument."""
        parser.add_argument("action", choices=["start", "stop", "status"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        """Carry out the action and print one line about it."""
        if settings.NEO4J_URI:
            self.stdout.write(f"NEO4J_URI is set: using {settings.NEO4J_URI}; nothing to {action} here.")
            return
        server = LocalServer.from_settings()
        try:
            if action == "start":
                message = server.start()
                ensure_schema()
            elif action == "stop":
                message = server.stop()
            else:
                message = server.status()
        except Neo4jServerError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(message)
