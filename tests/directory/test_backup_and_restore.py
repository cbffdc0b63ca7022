"""Backup and restore: the demo with fresh writes, backed up, restored into an empty var/ and an empty database."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import tarfile
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.test import override_settings
from neo4j import RoutingControl

from directory.backups.archive import read_archive
from directory.backups.databases import state_of_sqlite_copy
from directory.demo import DemoSummary
from directory.models import Agency, Officer, User
from directory.services import officers, topics
from directory.services.access import issue_api_token
from graph.driver import get_driver
from graph.queries.projection import COUNT_NODES_BY_LABEL, COUNT_RELATIONSHIPS_BY_TYPE
from tests.conftest import GraphState
from tests.shell import run_manage

pytestmark = pytest.mark.django_db(transaction=True)

# Secrets the restore must bring back from the archive, not take from the test's environment.
SECRET_VARIABLES = ("LIAISON_TOKEN_KEY", "DJANGO_SECRET_KEY", "LIAISON_VAR_DIR", "DATABASE_URL")


@pytest.fixture
def target(tmp_path: Path) -> Iterator[dict[str, str]]:
    """An empty var/ and an empty database of the same engine, as environment variables for manage.py."""
    var = tmp_path / "var"
    var.mkdir()
    environment = {
        "LIAISON_VAR_DIR": str(var),
        "NEO4J_PORT": str(settings.NEO4J_PORT),
        "LIAISON_NEO4J_HOME": str(settings.NEO4J_HOME),
        # The running test server knows only this password; the archive's copy of it goes into var/ all the same.
        "NEO4J_PASSWORD": settings.NEO4J_PASSWORD,
        "LIAISON_PROJECT_ON_COMMIT": "0",
    }
    if settings.NEO4J_URI:
        environment["NEO4J_URI"] = settings.NEO4J_URI
    if connection.vendor == "sqlite":
        environment["DATABASE_URL"] = f"sqlite:///{var / 'liaison.sqlite3'}"
        yield environment
        return
    source = connection.settings_dict
    name = f"{source['NAME']}_restored"
    with _postgres_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    environment["DATABASE_URL"] = (
        f"postgres://{source['USER']}:{source['PASSWORD']}@{source['HOST']}:{source['PORT']}/{name}"
    )
    yield environment
    with _postgres_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _postgres(dbname: str) -> psycopg.Connection:
    """A connection to the named database on the test database's server, as the test database's user."""
    source = connection.settings_dict
    return psycopg.connect(
        host=source["HOST"], port=source["PORT"], user=source["USER"], password=source["PASSWORD"], dbname=dbname
    )


@contextlib.contextmanager
def _postgres_admin() -> Iterator[psycopg.Connection]:
    with _postgres("postgres") as admin:
        admin.autocommit = True
        yield admin


def restore(archive: Path, environment: dict[str, str], *extra: str) -> Any:
    return run_manage("restore", str(archive), *extra, unset=SECRET_VARIABLES, **environment)


def every_row(environment: dict[str, str] | None = None) -> dict[str, list[str]]:
    """Every row of every table, in a stable order: the test's database, or the one `environment` names."""
    url = environment["DATABASE_URL"] if environment else None
    if connection.vendor == "sqlite":
        path = url.removeprefix("sqlite:///") if url else connection.settings_dict["NAME"]
        with contextlib.closing(sqlite3.connect(path)) as database:
            return _rows(
                database.cursor(), "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
    with _postgres(url.rsplit("/", 1)[1] if url else connection.settings_dict["NAME"]) as database:
        return _rows(database.cursor(), "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")


def described_columns(environment: dict[str, str], table: str) -> int | None:
    """How many of the table's columns PostgreSQL keeps statistics of, in `environment`'s database; None on SQLite,
    which keeps none unless asked."""
    if connection.vendor == "sqlite":
        return None
    with _postgres(environment["DATABASE_URL"].rsplit("/", 1)[1]) as database:
        found = database.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [table]).fetchone()
        return int(found[0])


def _rows(cursor: Any, tables_query: str) -> dict[str, list[str]]:
    cursor.execute(tables_query)
    tables = sorted(row[0] for row in cursor.fetchall())
    contents = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (names from the catalogue)
        contents[table] = sorted(repr(tuple(row)) for row in cursor.fetchall())
    return contents


def graph_counts() -> tuple[dict[str, int], dict[str, int]]:
    driver = get_driver()
    nodes, _, _ = driver.execute_query(
        COUNT_NODES_BY_LABEL, database_=settings.NEO4J_DATABASE, routing_=RoutingControl.READ
    )
    links, _, _ = driver.execute_query(
        COUNT_RELATIONSHIPS_BY_TYPE, database_=settings.NEO4J_DATABASE, routing_=RoutingControl.READ
    )
    return {r["label"]: r["count"] for r in nodes}, {r["type"]: r["count"] for r in links}


def repack(archive: Path, into: Path, change: Any) -> Path:
    """A copy of the archive with `change(folder)` applied to its unpacked files."""
    folder = into / "unpacked"
    with tarfile.open(archive) as packed:
        for member in packed.getmembers():  # the backup just made: its regular files only
            content = packed.extractfile(member)
            if content is not None:
                (folder / member.name).parent.mkdir(parents=True, exist_ok=True)
                (folder / member.name).write_bytes(content.read())
    change(folder)
    altered = into / "altered.tar.gz"
    with tarfile.open(altered, "w:gz") as packed:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                packed.add(path, arcname=str(path.relative_to(folder)))
    return altered


def test_a_backup_restores_into_an_empty_var_and_database_row_for_row_with_the_same_graph(
    demo: DemoSummary, tmp_path: Path, target: dict[str, str]
) -> None:
    # given the demo with fresh writes: a new officer, an acquaintance, and an API token
    kg = Agency.objects.filter(country__code="KG").first()
    newcomer = officers.create_officer(
        name_native="Айгерим Токтогулова", name_latin="Aigerim Toktogulova", agency=kg, languages=["ru"]
    )
    officers.record_acquaintance(newcomer, Officer.objects.exclude(pk=newcomer.pk).first(), source="declared")
    integration = User.objects.create_user("backup-check", password="a-long-test-password", role="integration")
    _, token = issue_api_token(user=integration, name="before the backup", scopes=["read"])
    call_command("graph_sync")
    rows, graph = every_row(), graph_counts()
    assert rows["directory_officer"] and rows["directory_apitoken"] and sum(graph[0].values()) > 100

    # when it is backed up while the application runs
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive))
    # and restored into an empty var/ and an empty database (the graph rebuilt in the same Neo4j)
    GraphState.demo = None  # the graph is rebuilt from the restored database: the next demo test projects again
    restored = restore(archive, target)

    # then the restore says it rebuilt and checked the graph
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "graph_check: graph matches the database" in restored.stdout
    assert "restore complete" in restored.stdout
    # and every table holds the same rows
    assert every_row(target) == rows
    # and PostgreSQL plans from statistics of the restored rows' values, not from its defaults
    columns = described_columns(target, "directory_officer")
    assert columns != 0, "PostgreSQL has no statistics of the restored officers"
    # and the graph holds the same nodes and relationships
    assert graph_counts() == graph
    # and the secrets are back in var/, owner-only
    var = Path(target["LIAISON_VAR_DIR"])
    assert (var / "token_key").read_text() == settings.LIAISON_TOKEN_KEY
    assert (var / "secret_key").read_text() == settings.SECRET_KEY
    assert all((var / name).stat().st_mode & 0o777 == 0o600 for name in ("token_key", "secret_key"))
    # and the API token issued before the backup still authenticates
    check = run_manage(
        "shell",
        "-c",
        "import os; from directory.services.access import authenticate_api_token as a; "
        "print('token:', a(os.environ['CHECK_TOKEN']) is not None)",
        unset=SECRET_VARIABLES,
        CHECK_TOKEN=token,
        **target,
    )
    assert "token: True" in check.stdout, check.stdout + check.stderr
    in_use = every_row(target)  # the check recorded the token's use: the state the refusals below must keep

    # when it is restored again over the now non-empty database without --force
    again = restore(archive, target)
    # then it refuses, naming the flag, and the database is untouched
    assert again.returncode != 0
    assert "already holds data" in again.stderr and "--force" in again.stderr
    assert every_row(target) == in_use

    # when an archive's database copy was altered
    def corrupt(folder: Path) -> None:
        copy = next(folder.glob("database.*"))
        content = copy.read_bytes()
        # Every bit of the last 16 bytes flipped: zeroing them changes nothing where they were zeros already.
        copy.write_bytes(content[:-16] + bytes(byte ^ 0xFF for byte in content[-16:]))

    tampered = restore(repack(archive, tmp_path / "tampered", corrupt), target, "--force")
    # then even with --force it refuses, naming the file and the checksum, and changes nothing
    assert tampered.returncode != 0
    assert "does not match its checksum" in tampered.stderr and "database." in tampered.stderr
    assert every_row(target) == in_use

    # when an archive comes from a Liaison with a migration this code lacks (checksums made to match)
    def from_the_future(folder: Path) -> None:
        manifest = json.loads((folder / "manifest.json").read_text())
        manifest["migrations"].append(["directory", "9999_from_the_future"])
        (folder / "manifest.json").write_text(json.dumps(manifest))

    newer = restore(repack(archive, tmp_path / "newer", from_the_future), target, "--force")
    assert newer.returncode != 0
    assert "newer Liaison" in newer.stderr and "directory.9999_from_the_future" in newer.stderr
    assert every_row(target) == in_use

    # when it is restored with --force over the database it already filled
    forced = restore(archive, target, "--force")
    # then the database is as backed up again (the token not yet used), and so is the graph
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert every_row(target) == rows and graph_counts() == graph


def test_a_backup_taken_while_the_application_writes_is_one_consistent_moment(tmp_path: Path) -> None:
    # given a writer adding topics (each a row, its change-log row and its outbox event) as fast as it can
    stop = threading.Event()
    written: list[int] = []

    def keep_writing() -> None:
        try:
            with override_settings(LIAISON_PROJECT_ON_COMMIT=False):
                while not stop.is_set():
                    topics.create_topic(slug=f"written-during-backup-{len(written)}", name_en=f"Topic {len(written)}")
                    written.append(1)
        finally:
            connections.close_all()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        while len(written) < 5:
            time.sleep(0.01)
        # when a backup is taken meanwhile
        call_command("backup", output=str(tmp_path / "during.tar.gz"))
        during = len(written)
    finally:
        stop.set()
        writer.join(timeout=60)

    # then the writer kept going, and the archive's copy holds exactly what its manifest says, for every table
    assert during >= 5 and len(written) > 5
    with tempfile.TemporaryDirectory() as folder:
        manifest = read_archive(tmp_path / "during.tar.gz", Path(folder))
        if manifest.engine == "sqlite":
            assert state_of_sqlite_copy(Path(folder) / manifest.database_file).tables == manifest.tables
    topic_rows = manifest.tables["directory_topic"]
    # and one moment: each topic in the copy came with its outbox event and change-log row, none half-written
    assert 5 <= topic_rows <= len(written)
    assert manifest.tables["directory_outboxevent"] == topic_rows
    assert manifest.tables["directory_changelog"] == topic_rows
    GraphState.demo = None
