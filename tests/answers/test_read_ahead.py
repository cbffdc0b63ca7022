"""A counterpart answer reads the records it needs whatever the graph finds (the asked topic with those under it, the
asker's events, the query of the officers) while Neo4j answers; its answer is the same, and an unknown topic still
finds no one."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection

from answers.questions import _Named, counterparts
from directory.models import Topic, User
from graph.questions import Reason
from graph.shapes import ReasonKind
from tests.factories import build_small_world

pytestmark = pytest.mark.django_db(transaction=True)  # the graph is projected only after a real commit


@contextmanager
def tables_read() -> Iterator[list[str]]:
    """The tables the statements run inside read, in order, each by the table of its first column (a subquery may
    name others)."""
    tables: list[str] = []

    def logged(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        tables.append(sql.removeprefix("SELECT ").split(".", 1)[0].strip('"'))
        return execute(sql, *args)

    with connection.execute_wrapper(logged):
        yield tables


def test_the_topics_are_read_before_the_officers_found_and_name_the_sub_topics() -> None:
    world = build_small_world()
    staff = User.objects.create_user("staff", password="a-long-test-password", role="staff")
    with tables_read() as tables:
        found = counterparts(staff, topic=str(world.cybercrime.uuid), officer=str(world.asel.uuid), limit=10)
    # the officers can only be read once the graph has named them; the topics and the asker's events were read
    # before, while it answered
    officers_read = tables.index("directory_officer")
    for table in ("directory_topic", "directory_event"):
        assert table in tables[:officers_read], tables
        assert table not in tables[officers_read:], tables
    # and the reasons still name each sub-topic, as the directory names it
    bakyt = next(c for c in found if c.officer.pk == world.bakyt.pk)
    named = {reason.topic.pk for reason in bakyt.reasons if reason.topic is not None}
    assert named == {world.crypto.pk, world.darknet.pk}
    assert "works on Cryptocurrency laundering (expert)" in [reason.text for reason in bakyt.reasons]


@pytest.mark.parametrize("topic", ["not a uuid", str(uuid.UUID(int=7)), ""])
def test_a_topic_the_directory_does_not_have_finds_no_one(topic: str) -> None:
    world = build_small_world()
    staff = User.objects.create_user("staff", password="a-long-test-password", role="staff")
    assert not Topic.objects.filter(slug=topic).exists()
    assert counterparts(staff, topic=topic, officer=str(world.asel.uuid), limit=10) == []


def test_the_event_asker_and_officer_attended_is_named_as_the_directory_has_it() -> None:
    world = build_small_world()
    staff = User.objects.create_user("staff", password="a-long-test-password", role="staff")
    found = counterparts(staff, topic=str(world.cybercrime.uuid), officer=str(world.asel.uuid), limit=10)
    bakyt = next(c for c in found if c.officer.pk == world.bakyt.pk)
    shared = [reason for reason in bakyt.reasons if reason.kind == ReasonKind.SHARED_EVENT]
    assert [reason.event for reason in shared] == [world.workshop]
    assert [reason.text for reason in shared] == ["both attended Crypto, Tashkent, November 2017"]


def test_a_question_without_an_asker_reads_no_event() -> None:
    world = build_small_world()
    staff = User.objects.create_user("staff", password="a-long-test-password", role="staff")
    with tables_read() as tables:
        found = counterparts(staff, topic=str(world.cybercrime.uuid), country="KG", limit=10)
    assert world.bakyt.pk in {c.officer.pk for c in found}
    assert "directory_event" not in tables, tables


def test_an_event_named_but_not_read_ahead_is_read_after() -> None:
    # The graph may name an event the database no longer gives the asker (the projection follows a moment later).
    world = build_small_world()
    reason = Reason(ReasonKind.SHARED_EVENT, event=str(world.workshop.uuid), event_title="an older title")
    named = _Named.load([reason], {}, {})
    said = named.reason(reason, {})
    assert said.event == world.workshop
    assert said.text == "both attended Crypto, Tashkent, November 2017"
