"""A really frozen (SIGSTOP) and a really killed (SIGKILL) Neo4j: writes return at database speed, graph answers
fail fast with the notice or GRAPH_UNAVAILABLE, the rest of the directory works, and the outbox drains by itself."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest
from django.test import Client
from django.test.utils import override_settings

from directory.models import Acquaintance, Country, OutboxEvent, User
from directory.services import officers
from directory.services.access import issue_api_token
from frontend.health import CHECK_TIMEOUT_SECONDS
from graph.breaker import BreakerState
from graph.check import find_drift
from graph.deadline import calls_under_way
from graph.driver import get_driver
from graph.profiling import forget_plans
from graph.reads import read_breaker
from graph.server import LocalServer
from tests.api.conftest import call
from tests.factories import SmallWorld, build_small_world
from tests.processes import frozen, killed, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.restarts_neo4j]

NOTICE = "The network graph is not answering right now"
RECORD = "mutation($o: ID!, $p: ID!) { recordAcquaintance(officer: $o, other: $p) { __typename } }"
COUNTERPARTS = "query Q($topic: ID!, $a: ID!) { counterparts(topic: $topic, officer: $a) { score } }"
# Bounds on a hang, not measured times: a request that waited on the sick server would take the whole outage.
QUICK_SECONDS = 8
# Production's way (the background projector), with deadlines short enough for a test to go through them.
PRODUCTION_LIKE = {
    "LIAISON_PROJECTION": "background",
    "NEO4J_READ_DEADLINE": 2,
    "NEO4J_WRITE_DEADLINE": 5,
    "NEO4J_BREAKER_FAILURES": 3,
    "NEO4J_BREAKER_COOL_OFF": 5,
}


@dataclass
class Visitors:
    """The people of the drill: an administrator who writes, an officer who reads pages, an integration's token."""

    world: SmallWorld
    admin: Client
    officer: Client
    token: str

    def write(self) -> tuple[dict, float]:
        """Record an acquaintance through GraphQL; the answer and how long it took."""
        started = time.monotonic()
        answer = call(self.admin, RECORD, {"o": str(self.world.asel.uuid), "p": str(self.world.bakyt.uuid)})
        return answer, time.monotonic() - started

    def counterparts(self) -> dict:
        """The integration asks for counterparts (a graph field)."""
        variables = {"topic": str(self.world.crypto.uuid), "a": str(self.world.asel.uuid)}
        return call(Client(), COUNTERPARTS, variables, token=self.token)

    def profile(self) -> str:
        """The officer opens a colleague's profile (its introductions come from the graph)."""
        response = self.officer.get(f"/officers/{self.world.bakyt.uuid}/")
        assert response.status_code == 200
        return response.content.decode()


@pytest.fixture
def visitors() -> Visitors:
    world = build_small_world()
    steward = User.objects.create_user(
        "steward", password="a-long-test-password", role="steward", country=Country.objects.get(code="KG")
    )
    officers.verify_officer(world.asel, by=steward)
    admin = Client()
    admin.force_login(User.objects.create_user("admin", password="a-long-test-password", role="admin"))
    officer = Client()
    officer.force_login(
        User.objects.create_user("asel", password="a-long-test-password", role="officer", officer=world.asel)
    )
    integration = User.objects.create_user("integration", password="a-long-test-password", role="integration")
    _, token = issue_api_token(user=integration, name="reader", scopes=["read"])
    return Visitors(world, admin, officer, token)


def pending() -> list[OutboxEvent]:
    return list(OutboxEvent.objects.filter(applied_at__isnull=True))


def assert_graph_answers_fail_fast_and_the_directory_answers(visitors: Visitors) -> dict[str, float]:
    """While Neo4j is sick: the notice, the typed error, the breaker open, database-only pages as usual."""
    timings = {}
    started = time.monotonic()
    answer = visitors.counterparts()
    timings["first graph field"] = time.monotonic() - started
    (error,) = answer["errors"]
    assert error["extensions"]["code"] == "GRAPH_UNAVAILABLE"
    started = time.monotonic()
    assert NOTICE in visitors.profile()
    timings["first graph page"] = time.monotonic() - started
    # reads fail until the breaker opens (at most its threshold of them)
    for _ in range(PRODUCTION_LIKE["NEO4J_BREAKER_FAILURES"]):
        if read_breaker().state == BreakerState.OPEN:
            break
        visitors.counterparts()
    assert read_breaker().state == BreakerState.OPEN
    # once open, a graph field is refused at once, without asking the server
    refused = read_breaker().refused
    started = time.monotonic()
    (error,) = visitors.counterparts()["errors"]
    timings["graph field, breaker open"] = time.monotonic() - started
    # and says when the breaker lets the next read through, not the general minute
    assert error["extensions"]["code"] == "GRAPH_UNAVAILABLE"
    assert 1 <= error["extensions"]["retryAfter"] <= PRODUCTION_LIKE["NEO4J_BREAKER_COOL_OFF"]
    assert read_breaker().refused == refused + 1
    started = time.monotonic()
    assert NOTICE in visitors.profile()
    timings["graph page, breaker open"] = time.monotonic() - started
    assert read_breaker().refused > refused + 1
    # and a page of the database alone renders as always
    started = time.monotonic()
    events = visitors.officer.get("/events/")
    timings["database-only page"] = time.monotonic() - started
    assert events.status_code == 200
    assert "Investigation of Money Laundering with Cryptocurrencies" in events.content.decode()
    assert all(seconds < QUICK_SECONDS for seconds in timings.values()), timings
    return timings


def assert_recovered_by_itself(visitors: Visitors) -> dict[str, float]:
    """After the server is back, with no hand action: the outbox drains, the graph agrees, the breaker closes."""
    timings = {"outbox drained": wait_for(lambda: not pending(), "the pending events projected")}
    assert find_drift() == []
    timings["breaker closed"] = wait_for(
        lambda: "errors" not in visitors.counterparts() and read_breaker().state == BreakerState.CLOSED,
        "graph fields answer again",
    )
    # (a server just restarted plans each question afresh, which on a busy machine can outlast one deadline)
    timings["graph page answers"] = wait_for(lambda: NOTICE not in visitors.profile(), "graph pages answer again")
    return timings


def test_with_neo4j_frozen_a_write_returns_at_database_speed_and_graph_answers_fail_fast(
    server: LocalServer, visitors: Visitors
) -> None:
    # given the graph answers (asked first with the suite's patient deadline: a fresh server plans slowly)
    wait_for(lambda: "errors" not in visitors.counterparts(), "a fresh server answered")
    assert NOTICE not in visitors.profile()
    with override_settings(**PRODUCTION_LIKE):
        wait_for(lambda: "errors" not in visitors.counterparts(), "the first read on a new connection answered")
        _, healthy_write = visitors.write()
        wait_for(lambda: not pending(), "the first write projected")
        Acquaintance.objects.all().delete()
        with frozen(server):
            # when an administrator records an acquaintance while Neo4j is frozen
            answer, frozen_write = visitors.write()
            # then the write answered at database speed and is in the database, its event waiting
            assert answer == {"data": {"recordAcquaintance": {"__typename": "Officer"}}}
            assert frozen_write < QUICK_SECONDS
            assert Acquaintance.objects.count() == 1
            assert pending()
            timings = assert_graph_answers_fail_fast_and_the_directory_answers(visitors)
            # and a server that does not answer is not counted against the events
            assert all(event.attempts == 0 for event in pending())
        timings.update(assert_recovered_by_itself(visitors))
    print(f"\nfrozen Neo4j: write {frozen_write:.3f} s (healthy {healthy_write:.3f} s); {timings}")


def test_with_neo4j_frozen_the_health_check_says_so_and_only_the_first_check_waits(server: LocalServer) -> None:
    # given the health check finds Neo4j well
    wait_for(lambda: Client().get("/healthz").status_code == 200, "the health check passed")
    with frozen(server):
        # when a load balancer asks while Neo4j is frozen
        first = Client().get("/healthz")
        # then the first check waits out its limit and names what it saw
        assert first.status_code == 503
        assert first.json()["checks"]["database"] == {"status": "ok"}
        assert first.json()["checks"]["neo4j"] == {"status": "down", "reason": "no answer within 4 s"}
        # and the checks after it, while the first one's question still hangs, say so without waiting the limit
        # again: each would hold a web thread (of three) for the whole limit
        for _ in range(3):
            started = time.monotonic()
            again = Client().get("/healthz")
            assert time.monotonic() - started < CHECK_TIMEOUT_SECONDS
            assert again.status_code == 503
            assert again.json()["checks"]["neo4j"] == {
                "status": "down",
                "reason": "no answer within 4 s (still checking)",
            }
    # and once Neo4j goes on, the health check passes again by itself
    wait_for(lambda: Client().get("/healthz").status_code == 200, "the health check passed again")


def test_with_neo4j_killed_a_write_returns_and_the_restarted_server_catches_up_by_itself(
    server: LocalServer, visitors: Visitors
) -> None:
    wait_for(lambda: "errors" not in visitors.counterparts(), "a fresh server answered")
    with override_settings(**PRODUCTION_LIKE):
        # given Neo4j was killed
        killed(server)
        try:
            # when an administrator records an acquaintance
            answer, killed_write = visitors.write()
            # then it answered and is in the database, its event waiting
            assert answer == {"data": {"recordAcquaintance": {"__typename": "Officer"}}}
            assert killed_write < QUICK_SECONDS
            assert Acquaintance.objects.count() == 1
            assert pending()
            timings = assert_graph_answers_fail_fast_and_the_directory_answers(visitors)
            assert all(event.attempts == 0 for event in pending())
        finally:
            # when the server is started again (as systemd would)
            server.start()
        # then the events project with no hand action, and the graph agrees with the database
        timings.update(assert_recovered_by_itself(visitors))
    print(f"\nkilled Neo4j: write {killed_write:.3f} s; {timings}")


def test_questions_planned_afresh_past_their_deadline_fail_alone_and_leave_the_breaker_closed(
    server: LocalServer, visitors: Visitors
) -> None:
    # A just-restarted server plans each question afresh; under load the first ones outlast their deadline all at
    # once, with no answer in between. That is a slow server, not a sick one: it still answers a trivial read.
    wait_for(lambda: "errors" not in visitors.counterparts(), "a fresh server answered")
    late = {**PRODUCTION_LIKE, "NEO4J_READ_DEADLINE": 0.01, "NEO4J_LIVENESS_DEADLINE": QUICK_SECONDS}
    with override_settings(**late):
        for _ in range(PRODUCTION_LIKE["NEO4J_BREAKER_FAILURES"] + 2):
            # given the server's plans are forgotten, as after a restart
            forget_plans(get_driver())
            # when a question is asked, it is late: it says so, with the general hint
            (error,) = visitors.counterparts()["errors"]
            assert error["extensions"] == {"code": "GRAPH_UNAVAILABLE", "retryAfter": 60}
        # then none of the others was refused without asking the server
        assert read_breaker().state == BreakerState.CLOSED
        assert read_breaker().refused == 0
        # (the late questions end before the settings' change closes the driver under them)
        wait_for(lambda: calls_under_way() == 0, "the late questions ended")
    # and with its usual deadline the question answers
    assert "errors" not in visitors.counterparts()
