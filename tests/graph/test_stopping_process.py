"""A request still under way while its process stops (Ctrl-C on `make run`): its graph reads are refused at once, so
the API says GRAPH_UNAVAILABLE and the page shows its notice, never a 500."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client

import graph.reads
from graph.deadline import DeadlinePool
from graph.errors import GraphUnreachable
from tests.api.conftest import call
from tests.factories import build_small_world, graph_readers

BANNER = "The network graph is not answering right now"
COUNTERPARTS = "query Q($topic: ID!, $a: ID!) { counterparts(topic: $topic, officer: $a) { score } }"


@pytest.fixture
def stopping_read_pool() -> Iterator[None]:
    """The read pool's threads shut down, as the interpreter does at exit; a fresh pool and breaker afterwards."""
    graph.reads.reset_reads()
    pool = DeadlinePool("graph-read-stopping", 1)
    pool._pool().shutdown()
    graph.reads._pool = pool
    yield
    graph.reads._pool = None
    graph.reads.reset_reads()


def test_a_pool_whose_threads_were_shut_down_says_the_process_is_stopping() -> None:
    pool = DeadlinePool("stopping", 1)
    assert pool.run(5, lambda: "answered") == "answered"
    pool._pool().shutdown()
    with pytest.raises(GraphUnreachable, match="the process is stopping"):
        pool.run(5, lambda: "answered")
    assert pool.running() == 0


@pytest.mark.django_db
def test_while_the_process_stops_graph_answers_say_unavailable_and_pages_show_the_notice(
    stopping_read_pool: None,
) -> None:
    # given an integration's token and a signed-in, verified officer
    world = build_small_world()
    token, viewer = graph_readers(world)
    # when the counterpart question is asked while the process stops
    answer = call(Client(), COUNTERPARTS, {"topic": str(world.crypto.uuid), "a": str(world.asel.uuid)}, token=token)
    # then it is the typed error a client retries, not "Unexpected error."
    (error,) = answer["errors"]
    assert error["extensions"]["code"] == "GRAPH_UNAVAILABLE", error
    # and a page that asks the graph shows its notice, with the rest of the page intact
    page = viewer.get(f"/officers/{world.bakyt.uuid}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert BANNER in html
    assert "Bakyt Tokayev" in html or "Бакыт Токаев" in html
