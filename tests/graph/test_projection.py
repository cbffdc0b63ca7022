"""Every write reaches the graph, exactly; replays and out-of-order events change nothing."""

from __future__ import annotations

import datetime
import logging
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from directory.models import OutboxEvent
from directory.services import geography, officers
from graph.check import find_drift
from graph.driver import get_driver
from graph.projector import project_pending
from graph.shapes import SHAPES
from tests.factories import build_small_world

pytestmark = pytest.mark.django_db(transaction=True)

UNDIRECTED = {link.type for shape in SHAPES for link in shape.links if link.undirected}


def graph_snapshot() -> list[tuple]:
    """Everything in the graph, as sorted tuples, to compare two states."""
    nodes, _, _ = get_driver().execute_query(
        "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props", database_=settings.NEO4J_DATABASE
    )
    relationships, _, _ = get_driver().execute_query(
        "MATCH (a)-[r]->(b) RETURN coalesce(a.uuid, a.code) AS a, type(r) AS type, properties(r) AS props, "
        "coalesce(b.uuid, b.code) AS b",
        database_=settings.NEO4J_DATABASE,
    )
    rows = [record.data() for record in [*nodes, *relationships]]
    for row in rows:
        # The order in which Neo4j lists properties follows its store (an imported one differs, and a node's
        # properties set again may be listed anew), not the data: compare them sorted.
        row["props"] = sorted(row["props"].items())
        # Undirected links (borders, acquaintances) have no meaningful direction: compare their ends as a set.
        if row.get("type") in UNDIRECTED:
            row["a"], row["b"] = sorted([row["a"], row["b"]])
    return sorted(repr(sorted(row.items())) for row in rows)


def test_each_kind_of_write_is_projected_exactly() -> None:
    # given every kind of record, written through the services
    world = build_small_world()
    # then
    assert OutboxEvent.objects.filter(applied_at__isnull=True).count() == 0
    assert find_drift() == []
    records, _, _ = get_driver().execute_query(
        "MATCH (:Officer {uuid: $a})-[k:KNOWS]-(:Officer {uuid: $b}) RETURN k.source AS source",
        a=str(world.asel.uuid),
        b=str(world.bakyt.uuid),
        database_=settings.NEO4J_DATABASE,
    )
    assert [record["source"] for record in records] == ["met_at_event"]


def test_replaying_the_whole_outbox_twice_leaves_the_graph_identical() -> None:
    build_small_world()
    before = graph_snapshot()
    for _ in range(2):
        OutboxEvent.objects.update(applied_at=None)
        report = project_pending()
        assert report.error is None and report.pending == 0
    assert graph_snapshot() == before
    assert find_drift() == []


def test_a_records_events_out_of_order_leave_the_graph_identical() -> None:
    world = build_small_world()
    officers.update_officer(world.asel, position="Head of the cybercrime unit", languages=["ru"])
    before = graph_snapshot()
    events = list(OutboxEvent.objects.filter(aggregate="officer", aggregate_uuid=world.asel.uuid).order_by("-id"))
    assert len(events) >= 3
    # when the newest event is applied first, then the older ones, one at a time
    OutboxEvent.objects.update(applied_at=None)
    for event in events:
        OutboxEvent.objects.exclude(pk=event.pk).update(applied_at="2000-01-01T00:00:00Z")
        OutboxEvent.objects.filter(pk=event.pk).update(applied_at=None)
        assert project_pending().error is None
    # then
    assert graph_snapshot() == before


def test_an_older_row_never_overwrites_a_newer_node() -> None:
    world = build_small_world()
    get_driver().execute_query(
        "MATCH (o:Officer {uuid: $uuid}) SET o.version = o.version + 100, o.position = 'newer'",
        uuid=str(world.dilnoza.uuid),
        database_=settings.NEO4J_DATABASE,
    )
    OutboxEvent.objects.update(applied_at=None)
    project_pending()
    records, _, _ = get_driver().execute_query(
        "MATCH (o:Officer {uuid: $uuid}) RETURN o.position AS position",
        uuid=str(world.dilnoza.uuid),
        database_=settings.NEO4J_DATABASE,
    )
    assert records[0]["position"] == "newer"


def test_drift_is_reported_and_graph_check_exits_non_zero() -> None:
    world = build_small_world()
    get_driver().execute_query(
        "MATCH (o:Officer {uuid: $uuid})-[r:SPEAKS]->() DELETE r",
        uuid=str(world.asel.uuid),
        database_=settings.NEO4J_DATABASE,
    )
    differences = find_drift()
    assert any(str(world.asel.uuid) in difference and "links differ" in difference for difference in differences)
    assert any("SPEAKS" in difference for difference in differences)
    with pytest.raises(CommandError, match="differences between database and graph"):
        call_command("graph_check")


def test_erasing_an_officer_leaves_no_trace_and_a_rebuild_does_not_bring_them_back() -> None:
    world = build_small_world()
    erased = str(world.bakyt.uuid)
    officers.erase_officer(world.bakyt)
    assert find_drift() == []
    call_command("graph_rebuild", "--no-progress")
    assert find_drift() == []
    records, _, _ = get_driver().execute_query(
        "MATCH (n) WHERE n.uuid = $uuid OR any(k IN keys(n) WHERE n[k] = $uuid) RETURN count(n) AS n",
        uuid=erased,
        database_=settings.NEO4J_DATABASE,
    )
    assert records[0]["n"] == 0
    relationships, _, _ = get_driver().execute_query(
        "MATCH ()-[r]->() WHERE any(k IN keys(r) WHERE r[k] = $uuid) RETURN count(r) AS n",
        uuid=erased,
        database_=settings.NEO4J_DATABASE,
    )
    assert relationships[0]["n"] == 0


def test_a_rebuild_reproduces_the_projection() -> None:
    build_small_world()
    before = graph_snapshot()
    call_command("graph_rebuild", "--no-progress")
    assert graph_snapshot() == before
    call_command("graph_check")


def test_an_agency_moving_country_moves_its_officers_in_the_graph() -> None:
    from directory.models import Country
    from directory.services import institutions

    world = build_small_world()
    institutions.update_agency(world.kz_police, country=Country.objects.get(code="UZ"))
    records, _, _ = get_driver().execute_query(
        "MATCH (o:Officer {uuid: $uuid}) RETURN o.country AS country",
        uuid=str(world.bakyt.uuid),
        database_=settings.NEO4J_DATABASE,
    )
    assert records[0]["country"] == "UZ"
    assert find_drift() == []


def test_a_language_whose_last_speaker_is_erased_leaves_the_graph() -> None:
    # given the only officer who speaks Tajik
    world = build_small_world()
    geography.ensure_language(code="tg", name_en="Tajik", name_ru="таджикский")
    officers.update_officer(world.dilnoza, languages=["ru", "tg"])
    project_pending()
    assert _language_nodes() >= {"tg"}

    # when she is erased
    officers.erase_officer(world.dilnoza)
    project_pending()

    # then no Tajik node is left behind, and the graph matches the database
    assert "tg" not in _language_nodes()
    assert find_drift() == []


def _language_nodes() -> set[str]:
    records, _, _ = get_driver().execute_query(
        "MATCH (l:Language) RETURN l.code AS code", database_=settings.NEO4J_DATABASE
    )
    return {record["code"] for record in records}


def test_a_write_that_reached_the_graph_late_is_logged_with_where_the_time_went(
    caplog: pytest.LogCaptureFixture, settings: object
) -> None:
    # given a write committed while the projection was held back, and left pending for five seconds
    settings.LIAISON_PROJECT_ON_COMMIT = False  # type: ignore[attr-defined]
    world = build_small_world()
    project_pending()
    officers.update_officer(world.asel, position="Senior analyst")
    late = timezone.now() - datetime.timedelta(seconds=5)
    OutboxEvent.objects.filter(applied_at__isnull=True).update(created_at=late)
    # when the projection runs
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="graph.projector"):
        assert project_pending().applied == 1
    # then one line says how late it was, how much of it was spent waiting, and what the batch spent on each step
    [line] = [record.getMessage() for record in caplog.records]
    late_by = re.search(
        r"a batch of 1 in the graph ([0-9.]+) s after its first commit \(([0-9.]+) s of it before", line
    )
    assert late_by is not None, line
    assert float(late_by[1]) >= 5 and float(late_by[2]) >= 4, line
    for step in ("claiming", "reading the records", "writing to Neo4j", "marking applied"):
        assert f"{step} " in line
