"""`python manage.py api_release [--check]`: keep schema.graphql as the released schema of this version, or compare."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from api.compatibility import compare_with_release, snapshot_path
from api.management.commands.graphql_schema import SCHEMA_FILE, current_sdl
from config import __version__
from config.commands import LiaisonCommand


class Command(LiaisonCommand):
    """Release the committed schema, or list how the current schema differs from the last release."""

    help = (
        "Copy schema.graphql to api/released/schema-<version>.graphql (the version in pyproject.toml); with --check, "
        "list the changes since the last release, failing on a breaking one CHANGELOG.md does not account for."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare --check."""
        parser.add_argument("--check", action="store_true", help="only compare with the last release")

    def handle(self, *args: Any, check: bool, **options: Any) -> None:
        """Release or compare."""
        sdl = current_sdl()
        if check:
            self._check(sdl)
            return
        committed = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""
        if committed != sdl:
            raise CommandError("schema.graphql is stale: run `make schema` and commit it before releasing it")
        target = snapshot_path(__version__)
        state = "refreshed" if target.exists() else "wrote"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(sdl, encoding="utf-8")
        self.stdout.write(f"{state} {target.parent.name}/{target.name}: the released schema of {__version__}")

    def _check(self, sdl: str) -> None:
        try:
            version, verdict = compare_with_release(sdl)
        except FileNotFoundError as error:
            raise CommandError(str(error)) from None
        released = ".".join(map(str, version))
        for change in verdict.dangerous:
            self.stdout.write(f"dangerous (clients may need care): {change.description}")
        for change in verdict.accounted:
            self.stdout.write(f"breaking, listed in CHANGELOG.md: {change.description}")
        for change, why in verdict.unaccounted:
            self.stderr.write(f"breaking: {change.description} ({why})")
        if verdict.unaccounted:
            raise CommandError(f"{len(verdict.unaccounted)} breaking change(s) since {released} are not accounted for")
        self.stdout.write(f"no unaccounted breaking change since {released}")
