"""Work done while a graph read is under way: after the read has begun, within its deadline, and never waited for
in vain."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from graph.deadline import DeadlinePool
from graph.errors import GraphDeadlineExceeded


@pytest.fixture
def released() -> Iterator[threading.Event]:
    """An event that lets every call still waiting on it end when the test does."""
    event = threading.Event()
    yield event
    event.set()


def test_meanwhile_runs_after_the_call_has_begun_and_while_it_is_under_way() -> None:
    pool = DeadlinePool("meanwhile", 1)
    said: list[str] = []
    go_on = threading.Event()

    def call() -> str:
        said.append("the call began")
        # It can only end once `meanwhile` has run: were they one after the other, it would miss the deadline.
        assert go_on.wait(5)
        return "answered"

    def meanwhile() -> None:
        said.append("meanwhile")
        go_on.set()

    assert pool.run(10, call, meanwhile=meanwhile) == "answered"
    assert said == ["the call began", "meanwhile"]
    assert pool.running() == 0


def test_a_call_that_does_not_answer_still_misses_its_deadline(released: threading.Event) -> None:
    pool = DeadlinePool("meanwhile-late", 1)
    ran: list[str] = []
    with pytest.raises(GraphDeadlineExceeded, match=r"within 0\.3 s"):
        pool.run(0.3, released.wait, meanwhile=lambda: ran.append("meanwhile"))
    assert ran == ["meanwhile"]


def test_a_failing_meanwhile_raises_its_error_without_waiting_for_the_answer(released: threading.Event) -> None:
    pool = DeadlinePool("meanwhile-fails", 1)

    def meanwhile() -> None:
        raise ValueError("the directory could not be read")

    # The call answers only after the test: waiting for it would end in GraphDeadlineExceeded instead.
    with pytest.raises(ValueError, match="could not be read"):
        pool.run(2, released.wait, meanwhile=meanwhile)


def test_behind_hung_calls_meanwhile_never_runs_and_the_deadline_holds(released: threading.Event) -> None:
    pool = DeadlinePool("meanwhile-hung", 1)
    with pytest.raises(GraphDeadlineExceeded):
        pool.run(0.2, released.wait)  # the pool's one thread now waits on a server that never answers
    ran: list[str] = []
    with pytest.raises(GraphDeadlineExceeded):
        pool.run(0.2, lambda: "answered", meanwhile=lambda: ran.append("meanwhile"))
    assert ran == []
    released.set()
    assert pool.run(5, lambda: "answered", meanwhile=lambda: ran.append("meanwhile")) == "answered"
    assert ran == ["meanwhile"]
