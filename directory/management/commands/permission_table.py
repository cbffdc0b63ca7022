"""`python manage.py permission_table`: who may do what, worked out from directory/permissions.py."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from config.commands import LiaisonCommand
from directory.permission_table import REFRESH, SECURITY_MD, permission_table, with_table


class Command(LiaisonCommand):
    """Print the permission table as Markdown, or refresh it in SECURITY.md."""

    help = "Print the role x action permission table (Markdown); --write refreshes it in SECURITY.md, --check tests it."

    def add_arguments(self, parser: CommandParser) -> None:
        """--write or --check; neither prints the table."""
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--write", action="store_true", help="Replace the table between SECURITY.md's markers.")
        mode.add_argument("--check", action="store_true", help="Fail if SECURITY.md's table is out of date.")

    def handle(self, *args: Any, **options: Any) -> None:
        """Work the table out and print, write or check it."""
        table = permission_table()
        if not (options["write"] or options["check"]):
            self.stdout.write(table, ending="")
            return
        document = SECURITY_MD.read_text(encoding="utf-8")
        try:
            refreshed = with_table(document, table)
        except ValueError as error:
            raise CommandError(f"{SECURITY_MD.name}: {error}") from None
        if options["check"]:
            if refreshed != document:
                raise CommandError(f"{SECURITY_MD.name}'s permission table is out of date: {REFRESH}")
            self.stdout.write(f"{SECURITY_MD.name}'s permission table is current.")
            return
        SECURITY_MD.write_text(refreshed, encoding="utf-8")
        self.stdout.write(f"Wrote the permission table into {SECURITY_MD.name}.")
