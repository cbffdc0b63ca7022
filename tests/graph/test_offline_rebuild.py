"""`graph_rebuild --offline`: Neo4j's importer gives the graph the online rebuild gives, and loses no write."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test.utils import override_settings

from directory.generator import generate_directory
from directory.models import Language, Officer, OutboxEvent, Topic
from directory.services import events, institutions, officers
from graph.check import find_drift
from graph.driver import get_driver
from graph.offline import export
from graph.offline.importer import ImportFailed
from graph.offline.rebuild import rebuild_offline
from graph.projector import project_pending
from graph.server import LocalServer
from tests.graph.test_projection import graph_snapshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.restarts_neo4j]

# Values a CSV file must carry unchanged: its delimiter, its quote, the importer's array delimiter, several scripts.
AWKWARD_POSITION = 'Head of unit, "K" division; дежурная часть — 24/7'
AWKWARD_NOTE = '"Darknet" cases, since 2017, вместе с МВД'


def a_generated_directory() -> None:
    """A generated directory of a few hundred officers, with coverage and values that are hard to put in CSV."""
    generate_directory(officers=300, seed=15)
    officer = Officer.objects.order_by("id").first()
    assert officer is not None
    officers.update_officer(officer, position=AWKWARD_POSITION)
    partner = institutions.create_organisation(name_en="Partner, with a comma", kind="law_enforcement")
    country = officer.agency.country.code
    events.record_coverage(organisation=partner, country_code=country, topic=Topic.objects.first(), note=AWKWARD_NOTE)
    assert project_pending().pending == 0


def indexes() -> list[tuple[str, str]]:
    """The graph's indexes (constraints' and the full-text one included), by name, with their state."""
    records, _, _ = get_driver().execute_query(
        "SHOW INDEXES YIELD name, state RETURN name, state ORDER BY name", database_=settings.NEO4J_DATABASE
    )
    return [(record["name"], record["state"]) for record in records]


def test_the_offline_rebuild_gives_the_graph_the_online_rebuild_gives_and_keeps_a_write_made_meanwhile() -> None:
    # given a generated directory, rebuilt online
    a_generated_directory()
    call_command("graph_rebuild", "--no-progress")
    online_indexes = indexes()
    assert len(graph_snapshot()) > 2000
    moved = Officer.objects.order_by("-id").first()
    assert moved is not None

    # when it is rebuilt offline, and an officer's position changes while the importer runs (projected at once
    # into the old graph); each test of this module restarts Neo4j, so one rebuild serves both questions
    def during(phase: str) -> None:
        if phase == "import":
            officers.update_officer(moved, position="Moved during the rebuild")

    report = rebuild_offline(on_phase=during)
    offline = graph_snapshot()

    # then the new graph holds the change, and the rebuild says it applied it
    assert report.caught_up >= 1
    assert _position(str(moved.uuid)) == "Moved during the rebuild"
    # and every node and relationship has the labels, properties and ends an online rebuild gives the same data,
    # awkward values included
    call_command("graph_rebuild", "--no-progress")
    assert offline == graph_snapshot()
    records, _, _ = get_driver().execute_query(
        "MATCH (o:Officer {position: $position}) RETURN count(o) AS n",
        position=AWKWARD_POSITION,
        database_=settings.NEO4J_DATABASE,
    )
    assert records[0]["n"] == 1
    # and the same indexes serve, all online; the drift check is clean and nothing waits in the outbox
    assert indexes() == online_indexes
    assert {state for _, state in online_indexes} == {"ONLINE"}
    assert find_drift() == []
    call_command("graph_check")
    assert not OutboxEvent.objects.filter(applied_at__isnull=True).exists()


def test_records_written_after_the_node_files_reach_the_new_graph_through_the_catch_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given a generated directory, and a language no officer speaks yet
    a_generated_directory()
    moved, known = Officer.objects.order_by("id")[:2]
    unspoken = Language.objects.filter(officers__isnull=True).order_by("code").first()
    assert unspoken is not None
    link_files = export._link_files

    # when, after the export wrote the node files and before it writes the links, an agency is added and an officer
    # moves to it, and a newcomer joins it who speaks that language, has expertise and knows an officer: the files
    # lack those nodes, so the importer (given each node's id in the store) must not be given links to them
    def write_meanwhile(*arguments: object) -> object:
        country = moved.agency.country.code
        agency = institutions.create_agency(country_code=country, name_en="Added meanwhile", kind="interior")
        officers.update_officer(moved, agency=agency)
        newcomer = officers.create_officer(
            name_native="Новый Сотрудник",
            name_latin="Novyi Sotrudnik",
            agency=agency,
            languages=[unspoken.code],
            expertise={Topic.objects.order_by("id").first(): 2},
        )
        officers.record_acquaintance(known, newcomer)
        return link_files(*arguments)

    monkeypatch.setattr(export, "_link_files", write_meanwhile)
    report = rebuild_offline()

    # then the files left those links out (the agency's country, the moved officer's agency, the newcomer's agency,
    # language, expertise and acquaintance), and the catch-up projected the new records and their links
    assert report.links_left_out == 6
    assert report.caught_up >= 4
    records, _, _ = get_driver().execute_query(
        "MATCH (o:Officer)-[:WORKS_AT]->(a:Agency {name_en: 'Added meanwhile'}) "
        "OPTIONAL MATCH (o)-[:SPEAKS]->(l:Language) RETURN o.uuid AS officer, collect(l.code) AS languages",
        database_=settings.NEO4J_DATABASE,
    )
    newcomer = Officer.objects.get(name_latin="Novyi Sotrudnik")
    assert {record["officer"]: sorted(record["languages"]) for record in records} == {
        str(moved.uuid): sorted(moved.languages.values_list("code", flat=True)),
        str(newcomer.uuid): [unspoken.code],
    }
    # and the graph is the one an online rebuild gives, with nothing waiting and no drift
    offline = graph_snapshot()
    call_command("graph_rebuild", "--no-progress")
    assert offline == graph_snapshot()
    assert find_drift() == []
    assert not OutboxEvent.objects.filter(applied_at__isnull=True).exists()


def _position(uuid: str) -> str:
    records, _, _ = get_driver().execute_query(
        "MATCH (o:Officer {uuid: $uuid}) RETURN o.position AS position", uuid=uuid, database_=settings.NEO4J_DATABASE
    )
    return str(records[0]["position"])


def _serving() -> tuple[list[str], int | None]:
    """What the graph holds and which server process serves it."""
    return graph_snapshot(), LocalServer.from_settings().running_pid()


def test_a_neo4j_liaison_does_not_run_is_refused_and_keeps_its_graph(unused_port: int, tmp_path: Path) -> None:
    # given a graph that serves
    a_generated_directory()
    before = _serving()
    # when the graph is on a Neo4j named by NEO4J_URI (here the same server, reached as an external one)
    with override_settings(NEO4J_URI=f"bolt://127.0.0.1:{settings.NEO4J_PORT}"):
        with pytest.raises(CommandError, match=r"refused, the graph is unchanged: NEO4J_URI: .* rebuild it online"):
            call_command("graph_rebuild", "--offline", "--no-progress")
    # or another program listens where Liaison's own server would be
    with socket.socket() as other_program:
        other_program.bind(("127.0.0.1", unused_port))
        other_program.listen()
        with override_settings(NEO4J_HOME=tmp_path, NEO4J_PORT=unused_port):
            with pytest.raises(CommandError, match=rf"NEO4J_PORT: another program, .* listens on port {unused_port}"):
                call_command("graph_rebuild", "--offline", "--no-progress")
    # then the same server still serves the same graph
    assert _serving() == before


def test_a_failing_import_leaves_the_old_graph_serving() -> None:
    # given a graph that serves, and pending events nobody has applied yet
    a_generated_directory()
    before = _serving()
    home = LocalServer.from_settings().home

    # when the importer is killed half-way
    def kill(importer: subprocess.Popen[bytes]) -> None:
        importer.kill()

    with pytest.raises(ImportFailed, match="stopped by signal 9 before it finished"):
        rebuild_offline(on_importer=kill)
    # or cannot start with the memory it was given
    with override_settings(LIAISON_NEO4J_IMPORT_MEMORY="plenty"):
        with pytest.raises(
            CommandError,
            match="failed, the old graph still serves: the importer exited with code 64: "
            "Invalid value for option '--max-off-heap-memory': cannot convert 'plenty'",
        ):
            call_command("graph_rebuild", "--offline", "--no-progress")
    # or is told a number of threads that is not one
    with override_settings(LIAISON_NEO4J_IMPORT_THREADS="many"):
        with pytest.raises(CommandError, match="Invalid value for option '--threads': 'many' is not an int"):
            call_command("graph_rebuild", "--offline", "--no-progress")
    # then the old server serves the old graph, no work files are left, and the drift check is clean
    assert _serving() == before
    assert not (home / "rebuild").exists()
    assert find_drift() == []
