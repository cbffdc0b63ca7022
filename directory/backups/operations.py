"""Making a backup, and restoring one: the database and its secrets, checked, all or nothing."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from directory.backups import databases, secrets
from directory.backups.archive import SECRETS_FOLDER, Manifest, default_name, read_archive, write_archive
from directory.backups.problems import BackupError
from directory.error_codes import BackupProblem


def liaison_version() -> str:
    """The installed Liaison's version."""
    try:
        return version("liaison")
    except PackageNotFoundError:
        return "unknown"


def archive_path(given: str | None, created_at: str) -> Path:
    """The archive's path: `given` itself, or a new file in it when it is a folder (default var/backups/)."""
    output = Path(given) if given else secrets.var_dir() / "backups"
    if not given or output.is_dir() or given.endswith("/"):
        output.mkdir(parents=True, exist_ok=True)
        return output / default_name(created_at)
    output.parent.mkdir(parents=True, exist_ok=True)
    return output


def make_backup(output: str | None = None) -> tuple[Path, Manifest]:
    """Copy the live database and the secrets in force into one archive; return its path and manifest."""
    engine = databases.engine()
    created_at = timezone.now().isoformat(timespec="seconds")
    target = archive_path(output, created_at)
    # A private folder (mode 0700) for the copies until they are packed: they hold personal data and keys.
    with tempfile.TemporaryDirectory(prefix=".liaison-backup-", dir=target.parent) as folder:
        work = Path(folder)
        database_file = databases.DUMP_FILES[engine]
        state = databases.dump(work / database_file)
        members = {database_file: work / database_file}
        (work / SECRETS_FOLDER).mkdir(mode=0o700)
        for name, value in secrets.current_values().items():
            path = work / SECRETS_FOLDER / name
            path.write_text(value, encoding="utf-8")
            members[f"{SECRETS_FOLDER}/{name}"] = path
        manifest = Manifest(
            format=1,
            liaison_version=liaison_version(),
            created_at=created_at,
            engine=engine,
            database_file=database_file,
            migrations=[list(pair) for pair in state.migrations],
            tables=state.tables,
            secrets=sorted(name.removeprefix(f"{SECRETS_FOLDER}/") for name in members if name != database_file),
        )
        write_archive(target, manifest, members)
    return target, manifest


@dataclass
class RestoreReport:
    """What a restore put back, and what the operator should know."""

    manifest: Manifest
    restored_secrets: list[str] = field(default_factory=list)
    kept_secrets: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        """Rows restored, over every table."""
        return sum(self.manifest.tables.values())


def restore_backup(archive: Path, *, force: bool = False, keep_neo4j_password: bool = False) -> RestoreReport:
    """Check the archive, then put back the database and the secrets; refuse (changing nothing) on any problem.

    keep_neo4j_password: leave var/neo4j_password alone (a running local Neo4j knows only the password it has).
    """
    with tempfile.TemporaryDirectory(prefix=".liaison-restore-") as folder:
        work = Path(folder)
        manifest = read_archive(archive, work)
        _check_engine(manifest)
        _check_migrations(manifest)
        copy = work / manifest.database_file
        if manifest.engine == databases.SQLITE:
            _check_counts(databases.state_of_sqlite_copy(copy).tables, manifest, "the archive's database copy")
        if not force:
            _check_empty()
        report = RestoreReport(manifest=manifest)
        values = _secrets_to_restore(work, manifest, report, keep_neo4j_password)
        staged = secrets.stage(values)
        try:
            databases.load(copy)
        except BaseException:
            secrets.discard(staged)
            raise
        secrets.put_in_place(staged)
    _check_counts(databases.state_of_live_database().tables, manifest, "the restored database")
    return report


def _check_engine(manifest: Manifest) -> None:
    here = databases.engine()
    if manifest.engine != here:
        raise BackupError(
            BackupProblem.OTHER_ENGINE,
            f"The archive holds a {manifest.engine} database and this Liaison uses {here}: restore it into "
            f"{manifest.engine} (set DATABASE_URL accordingly).",
        )


def _check_migrations(manifest: Manifest) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    newer = sorted(f"{app}.{name}" for app, name in manifest.migrations if (app, name) not in known)
    if newer:
        raise BackupError(
            BackupProblem.NEWER_MIGRATIONS,
            f"The archive was made by a newer Liaison: its database has migrations this code does not know "
            f"({', '.join(newer[:5])}); upgrade Liaison to the version that made it ({manifest.liaison_version}), "
            "then restore.",
        )


def _check_counts(actual: dict[str, int], manifest: Manifest, where: str) -> None:
    differing = sorted(
        f"{table}: {actual.get(table)} rows, the manifest says {count}"
        for table, count in manifest.tables.items()
        if actual.get(table) != count
    )
    if differing:
        raise BackupError(
            BackupProblem.DAMAGED,
            f"The row counts of {where} differ from the manifest ({'; '.join(differing[:5])}); use another backup.",
        )


def _check_empty() -> None:
    holding = databases.tables_holding_data()
    if holding:
        shown = ", ".join(f"{table} ({count} rows)" for table, count in sorted(holding.items())[:5])
        raise BackupError(
            BackupProblem.NOT_EMPTY,
            f"The database already holds data ({shown}{', …' if len(holding) > 5 else ''}); restoring replaces all "
            "of it: run restore again with --force if that is what you want.",
        )


def _secrets_to_restore(
    work: Path, manifest: Manifest, report: RestoreReport, keep_neo4j_password: bool
) -> dict[str, str]:
    """The archive's secrets to write into var/, keeping the Neo4j password a running local server uses."""
    values: dict[str, str] = {}
    for secret in secrets.SECRETS:
        if secret.file not in manifest.secrets:
            continue
        value = (work / SECRETS_FOLDER / secret.file).read_text(encoding="utf-8")
        if secret.file == "neo4j_password" and keep_neo4j_password and not secrets.overridden(secret):
            # The graph is rebuilt, so the old password is not needed; the running server knows only its own.
            report.kept_secrets.append(secret.file)
            continue
        values[secret.file] = value
        report.restored_secrets.append(secret.file)
        if secrets.overridden(secret) and os.environ.get(secret.variable) != value:
            report.warnings.append(
                f"{secret.variable} in the environment differs from the backup's {secret.file}, and the environment "
                f"wins: {secret.why}, so set {secret.variable} to the value restored into var/{secret.file}."
            )
    return values
