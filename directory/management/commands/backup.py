"""`python manage.py backup [--output DIR_OR_FILE]`: the database and the secrets its data needs, in one archive."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from config.commands import LiaisonCommand
from directory.backups.operations import make_backup
from directory.backups.problems import BackupError


class Command(LiaisonCommand):
    """Make a consistent online backup: safe while the application runs and writes."""

    help = (
        "Back up the database (SQLite online backup, or pg_dump) and the secrets under var/ that its data needs "
        "into one tar.gz with a manifest (version, engine, migrations, rows per table, checksums)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare --output."""
        parser.add_argument("--output", default=None, help="a folder (a new file is made in it) or the archive's path")

    def handle(self, *args: Any, output: str | None, **options: Any) -> None:
        """Write the archive and say where, with what."""
        try:
            path, manifest = make_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"backed up {sum(manifest.tables.values())} rows of {len(manifest.tables)} tables ({manifest.engine}) "
            f"and the secrets {', '.join(manifest.secrets)} into {path}"
        )
        self.stdout.write("The archive holds personal data and keys: keep it as carefully as the server.")
