"""The graph reads' circuit breaker: opens after repeated failures, refuses during the cool-off, then one probe."""

from __future__ import annotations

import pytest

from graph.breaker import BreakerState, CircuitBreaker


class Clock:
    """A clock the test moves by hand (the breaker's cool-off is measured on it)."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_breaker_opens_after_repeated_failures_and_refuses_until_the_cool_off_is_over() -> None:
    clock = Clock()
    breaker = CircuitBreaker(threshold=3, cool_off=10, clock=clock)
    # given two failures: reads still go through
    for _ in range(2):
        assert breaker.allow()
        breaker.failed()
    assert breaker.state == BreakerState.CLOSED
    # when the third fails
    assert breaker.allow()
    breaker.failed()
    # then reads are refused at once, and say when they resume
    assert breaker.state == BreakerState.OPEN
    assert not breaker.allow() and not breaker.allow()
    assert breaker.refused == 2
    assert breaker.retry_after() == 10
    clock.now += 9
    assert not breaker.allow()


def test_after_the_cool_off_one_probe_goes_through_and_its_answer_decides() -> None:
    clock = Clock()
    breaker = CircuitBreaker(threshold=1, cool_off=10, clock=clock)
    breaker.failed()
    clock.now += 10
    # one probe, and only one, while it is under way
    assert breaker.allow()
    assert breaker.state == BreakerState.HALF_OPEN
    assert not breaker.allow()
    # a failed probe opens it for another cool-off
    breaker.failed()
    assert breaker.state == BreakerState.OPEN and not breaker.allow()
    clock.now += 10
    assert breaker.allow()
    # an answered probe closes it: every read goes through again
    breaker.succeeded()
    assert breaker.state == BreakerState.CLOSED
    assert all(breaker.allow() for _ in range(5))


def test_a_bad_question_frees_the_probe_without_closing_or_opening() -> None:
    clock = Clock()
    breaker = CircuitBreaker(threshold=1, cool_off=10, clock=clock)
    breaker.failed()
    clock.now += 10
    assert breaker.allow()
    breaker.released()
    assert breaker.state == BreakerState.OPEN
    assert breaker.allow()


def test_a_success_forgets_earlier_failures() -> None:
    breaker = CircuitBreaker(threshold=2, cool_off=10, clock=Clock())
    breaker.failed()
    breaker.succeeded()
    breaker.failed()
    assert breaker.state == BreakerState.CLOSED


def test_reads_that_time_out_while_others_are_answered_do_not_open_it() -> None:
    # A saturated server answers slowly: some reads run out of time, yet answers keep coming.
    clock = Clock()
    breaker = CircuitBreaker(threshold=3, cool_off=10, clock=clock)
    for _ in range(10):
        started = breaker.now()
        clock.now += 1
        breaker.succeeded()  # another read, started earlier, was answered meanwhile
        clock.now += 1
        breaker.timed_out(started)
    assert breaker.state == BreakerState.CLOSED
    assert breaker.allow()


def test_reads_that_time_out_with_no_answer_meanwhile_open_it() -> None:
    # A frozen server answers nothing: each read that runs out of time counts.
    clock = Clock()
    breaker = CircuitBreaker(threshold=3, cool_off=10, clock=clock)
    breaker.succeeded()
    for _ in range(3):
        started = breaker.now()
        clock.now += 2
        breaker.timed_out(started)
    assert breaker.state == BreakerState.OPEN
    assert not breaker.allow()


def test_late_reads_on_a_server_that_still_answers_do_not_open_it() -> None:
    # A just-started server plans each question afresh: the first reads outlast their deadline all at once, with no
    # answer in between, yet the server answers a trivial read at once.
    clock = Clock()
    breaker = CircuitBreaker(threshold=3, cool_off=10, clock=clock)
    asked = []
    for _ in range(5):
        started = breaker.now()
        clock.now += 2
        breaker.timed_out(started, server_answers=lambda: asked.append(1) or True)
    assert len(asked) == 5
    assert breaker.state == BreakerState.CLOSED and breaker.allow()


def test_a_late_probe_on_a_server_that_still_answers_closes_it() -> None:
    clock = Clock()
    breaker = CircuitBreaker(threshold=1, cool_off=10, clock=clock)
    breaker.failed()
    clock.now += 10
    assert breaker.allow()  # the probe
    started = breaker.now()
    clock.now += 2
    breaker.timed_out(started, server_answers=lambda: True)
    assert breaker.state == BreakerState.CLOSED
    assert all(breaker.allow() for _ in range(3))


def test_the_server_is_asked_only_when_no_read_was_answered_meanwhile() -> None:
    clock = Clock()
    breaker = CircuitBreaker(threshold=3, cool_off=10, clock=clock)
    started = breaker.now()
    clock.now += 1
    breaker.succeeded()
    breaker.timed_out(started, server_answers=lambda: pytest.fail("asked although a read was answered"))
    assert breaker.state == BreakerState.CLOSED
