"""A counterpart answer reads the records it needs whatever the graph finds (the asked topic with those under it, the
query of the officers) while Neo4j answers; its answer is the same, and an unknown topic still finds no one."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from answers.questions import counterparts
from directory.models import Topic, User
from tests.factories import build_small_world

pytestmark = pytest.mark.django_db(transaction=True)  # the graph is projected only after a real commit


def test_the_topics_are_read_before_the_officers_found_and_name_the_sub_topics() -> None:
    world = build_small_world()
    staff = User.objects.create_user("staff", password="a-long-test-password", role="staff")
    tables: list[str] = []

    def logged(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        # what each statement reads, by the table of its first column (a subquery may name others)
        tables.append(sql.removeprefix("SELECT ").split(".", 1)[0].strip('"'))
        return execute(sql, *args)

    with connection.execute_wrapper(logged):
        found = counterparts(staff, topic=str(world.cybercrime.uuid), officer=str(world.asel.uuid), limit=10)
    # the officers can only be read once the graph has named them; the topics were read before, while it answered
    officers_read = tables.index("directory_officer")
    assert "directory_topic" in tables[:officers_read], tables
    assert "directory_topic" not in tables[officers_read:]
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
