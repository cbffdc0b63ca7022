"""`python manage.py restore ARCHIVE [--force]`: put a backup back, rebuild the graph and check it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from config.commands import LiaisonCommand
from directory.backups.operations import restore_backup
from directory.backups.problems import BackupError
from graph.server import LocalServer

# Run in fresh processes: they read the restored secrets from var/, as the application will. migrate would run every
# system check again, the URL configuration's too (building the GraphQL schema for nothing): this command, on the
# same code, ran all but that one as it started.
FOLLOW_UP = (
    ("migrate", "--noinput", "--skip-checks"),
    ("neo4j", "start"),
    ("graph_rebuild", "--no-progress"),
    ("graph_check",),
)
STEP_TIMEOUT_SECONDS = 3600


class Command(LiaisonCommand):
    """Restore a backup made by `manage.py backup`; stop the web processes and the worker first."""

    help = (
        "Restore a backup: check its manifest and checksums, put back the database and the secrets under var/ "
        "(all or nothing), then rebuild the graph from the database and run the drift check."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the archive and --force."""
        parser.add_argument("archive", type=Path, help="a file made by `manage.py backup`")
        parser.add_argument("--force", action="store_true", help="replace a database that already holds data")

    def handle(self, *args: Any, archive: Path, force: bool, **options: Any) -> None:
        """Restore, then rebuild and check the graph, saying what happened at each step."""
        try:
            report = restore_backup(archive, force=force, keep_neo4j_password=_local_neo4j_runs())
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = report.manifest
        self.stdout.write(
            f"restored {report.rows} rows of {len(manifest.tables)} tables ({manifest.engine}, backed up "
            f"{manifest.created_at} by Liaison {manifest.liaison_version}); secrets put into var/: "
            f"{', '.join(report.restored_secrets) or 'none'}"
        )
        for name in report.kept_secrets:
            self.stdout.write(f"kept var/{name}: the running local Neo4j uses it (the graph is rebuilt anyway)")
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        for step in FOLLOW_UP:
            self._run(step)
        self.stdout.write("restore complete: the graph matches the database")

    def _run(self, step: tuple[str, ...]) -> None:
        finished = subprocess.run(
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *step],
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT_SECONDS,
            check=False,
        )
        output = (finished.stdout + finished.stderr).strip()
        self.stdout.write(f"{' '.join(step)}: {output.splitlines()[-1] if output else 'done'}")
        if finished.returncode != 0:
            raise CommandError(
                f"The database and the secrets are restored, but `manage.py {' '.join(step)}` failed:\n{output}\n"
                "Fix that, then run `manage.py graph_rebuild` and `manage.py graph_check`."
            )


def _local_neo4j_runs() -> bool:
    return not settings.NEO4J_URI and LocalServer.from_settings().running_pid() is not None
