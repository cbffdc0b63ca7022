"""`python manage.py graphql_schema [--check]`: write the GraphQL SDL to schema.graphql, or check it is current."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from config.commands import LiaisonCommand

SCHEMA_FILE = Path(settings.BASE_DIR) / "schema.graphql"


def current_sdl() -> str:
    """The schema as SDL, the way it is committed."""
    from api.schema import schema

    return schema.as_str().rstrip() + "\n"


class Command(LiaisonCommand):
    """Regenerate or check the committed GraphQL schema."""

    help = "Write the GraphQL schema to schema.graphql; with --check, fail if the committed file is stale."

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare --check."""
        parser.add_argument("--check", action="store_true", help="only compare, exit non-zero when stale")

    def handle(self, *args: Any, check: bool, **options: Any) -> None:
        """Write or compare the SDL."""
        sdl = current_sdl()
        if check:
            committed = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""
            if committed != sdl:
                raise CommandError("schema.graphql is stale: run `make schema` and commit it")
            self.stdout.write("schema.graphql is current")
            return
        SCHEMA_FILE.write_text(sdl, encoding="utf-8")
        self.stdout.write(f"wrote {SCHEMA_FILE.name} ({len(sdl.splitlines())} lines)")
