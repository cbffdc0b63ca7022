"""Test session set-up: which tests need Neo4j (the `neo4j` marker), the tests' own Neo4j, and the demo directory."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from unittest.mock import patch

import django_ratelimit.core
import pytest
from django.conf import settings
from django.test.utils import override_settings
from django.utils import timezone, translation
from neo4j import RoutingControl
from whitenoise.middleware import WhiteNoiseMiddleware

import graph.driver
from directory.demo import DemoSummary, load_demo_data
from directory.models import OutboxEvent
from graph import queries
from graph.copy import GraphCopy
from graph.driver import close_driver, get_driver
from graph.projector import project_pending
from graph.reads import reset_reads
from graph.schema import ensure_schema
from graph.server import LocalServer
from tests.emptying import emptied_by_delete
from tests.row_snapshots import RowSnapshot

GRAPH_TESTS = Path(__file__).resolve().parent / "graph"
# A test that asks for one of these needs Neo4j: they commit (and so project), or hold the server itself.
NEO4J_FIXTURES = {"neo4j_server", "empty_graph", "transactional_db", "live_server"}
BROWSER_FIXTURES = {"browser", "page"}
# Seconds a graph read may take in the tests: on a machine shared with other work, the first read of a fresh
# server (connection, planning) has taken over 10 s; that is slowness, not the hang the deadline is for.
PATIENT_READ_DEADLINE = 60.0
# How long the tests' Neo4j keeps a plan before the graph's change in size may have it planned again.
KEEP_PLANS_SECONDS = "3600"
NOT_MARKED = "this test reached for Neo4j but is not marked `neo4j`, so it had none: mark it (see tests/README.md)"
RESTARTED_UNMARKED = (
    "this test stopped or restarted the tests' Neo4j but is not marked `restarts_neo4j`, so it ran among the others "
    "and left them a server that had lost its plans: mark it (see tests/README.md)"
)


def _commits(item: pytest.Item) -> bool:
    """Whether the test runs in committed transactions (django_db(transaction=True)), which project the graph."""
    marker = item.get_closest_marker("django_db")
    return marker is not None and bool(marker.kwargs.get("transaction", marker.args[0] if marker.args else False))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that need Neo4j or a browser, before `-m` selects by those marks."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if fixtures & (NEO4J_FIXTURES | BROWSER_FIXTURES) or _commits(item) or item.path.is_relative_to(GRAPH_TESTS):
            item.add_marker(pytest.mark.neo4j)


class RestartsLast:
    """Runs the tests that stop or kill the tests' Neo4j after every other test."""

    # A restarted Neo4j has lost what it learned: each question is planned again and its code compiled again, which
    # cost a fresh server 1.4x the CPU of a warm one over the API tests. So every other test runs on the first
    # server, and the restarts come last, in their own order (a stable sort). Last of all the orderings, so that
    # pytest-django's (rolled-back tests first, then committing ones, then the rest) does not undo it.
    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        """Move the `restarts_neo4j` tests to the end."""
        items.sort(key=lambda item: item.get_closest_marker("restarts_neo4j") is not None)


def pytest_configure(config: pytest.Config) -> None:
    """Register the ordering that runs Neo4j's restarts last."""
    config.pluginmanager.register(RestartsLast(), "liaison-restarts-last")


def needs_neo4j(request: pytest.FixtureRequest) -> bool:
    """Whether this test is marked as one that uses Neo4j."""
    return request.node.get_closest_marker("neo4j") is not None


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[LocalServer | None]:
    """Start the tests' own Neo4j (unless NEO4J_URI names one) when a test first needs it; stop it after."""
    if settings.NEO4J_URI:
        yield None
        return
    # Plans are kept for the session, also by a server a test starts again: the tests empty and refill the graph
    # all the time, and with Neo4j's default every question was planned again every few seconds, which took more
    # of the server's CPU than answering them (bench/RESULTS.md). A test that measures a plan's work forgets the
    # plans first (graph.profiling).
    with override_settings(NEO4J_MIN_REPLAN_SECONDS=KEEP_PLANS_SECONDS):
        server = LocalServer.from_settings()
        started_here = server.running_pid() is None
        print(server.start())
        # As `manage.py neo4j start` does: a test that only reads (the name search's full-text index) then finds the
        # schema on a brand-new store too, not only after some other test has projected.
        ensure_schema()
        yield server
        close_driver()
        if started_here:
            server.stop()


@pytest.fixture(scope="session", autouse=True)
def projection_inline_and_patient_reads() -> Iterator[None]:
    """Project inside the committing request (a test reads back what it wrote) and give reads the time a loaded
    machine needs; the fault tests switch back to production's background projection and short deadline."""
    with override_settings(LIAISON_PROJECTION="inline", NEO4J_READ_DEADLINE=PATIENT_READ_DEADLINE):
        yield


@pytest.fixture(autouse=True)
def rate_limits_in_one_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rate limits' clock stands still through each test, so that its requests fall in one window of a limit.

    A key's window begins at a second of the minute that its hash chooses: a run whose four requests crossed it
    answered all four under a limit of three (tests/api/test_rate_limits.py, seen once in CI).
    """
    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: now))


@pytest.fixture(autouse=True)
def graph_reads_start_afresh() -> None:
    """Each test starts with the reads' circuit breaker closed, whatever an earlier test did to the server."""
    reset_reads()


@pytest.fixture(autouse=True)
def default_language() -> None:
    """Each test starts in the default language: a request's middleware activates the visitor's on the thread that
    serves it and leaves it there, which for a test client is the test's own thread."""
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session", autouse=True)
def committing_tests_emptied_by_delete() -> Iterator[None]:
    """A committing test's rows are deleted after it, not truncated (tests/emptying.py says why)."""
    with emptied_by_delete():
        yield


@pytest.fixture(scope="session", autouse=True)
def static_files_read_once() -> Iterator[None]:
    """WhiteNoise reads each static folder once for the session, as a server process reads it once at its start.

    Django's test client builds the whole middleware again for each client, and WhiteNoise's then looked at every
    one of the 375 static files (their sizes, their compressed copies): about a seventh of the page tests' time.
    The files do not change while the tests run (`make static` collects them first).
    """
    read = WhiteNoiseMiddleware.update_files_dictionary
    found: dict[tuple[str, str], dict[str, object]] = {}

    def read_once(middleware: WhiteNoiseMiddleware, root: str, prefix: str) -> None:
        if (root, prefix) not in found:
            files, middleware.files = middleware.files, {}
            try:
                read(middleware, root, prefix)
                found[root, prefix] = middleware.files
            finally:
                middleware.files = files
        middleware.files.update(found[root, prefix])

    with patch.object(WhiteNoiseMiddleware, "update_files_dictionary", read_once):
        yield


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing() -> Iterator[None]:
    """Hash test passwords with a fast hasher: PBKDF2's deliberate slowness costs seconds per demo load."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


class GraphState:
    """What the tests' graph holds between tests, so that the demo graph is projected again only when changed."""

    demo: tuple[object, ...] | None = None  # the graph's fingerprint when it held exactly the demo
    demo_copy: GraphCopy | None = None  # the demo graph as first projected, put back when a test changed it

    @staticmethod
    def fingerprint() -> tuple[object, ...]:
        """A few numbers that any write to the graph changes."""
        records, _, _ = get_driver().execute_query(
            queries.GRAPH_FINGERPRINT, database_=settings.NEO4J_DATABASE, routing_=RoutingControl.READ
        )
        return tuple(records[0].values())


@pytest.fixture
def empty_graph(neo4j_server: LocalServer | None) -> None:
    """Start the test with an empty graph."""
    get_driver().execute_query(queries.DELETE_EVERYTHING, database_=settings.NEO4J_DATABASE)
    GraphState.demo = None


@pytest.fixture(autouse=True)
def neo4j_only_when_marked(request: pytest.FixtureRequest) -> Iterator[None]:
    """A `neo4j` test gets the server (and an empty graph, unless it asks for the demo); any other gets none."""
    if needs_neo4j(request):
        server = request.getfixturevalue("neo4j_server")
        if "demo" not in request.fixturenames:
            request.getfixturevalue("empty_graph")
        serving = server.running_pid() if server is not None else None
        yield
        # A test that leaves another server process than it found must run last (RestartsLast), so it says so.
        unmarked = request.node.get_closest_marker("restarts_neo4j") is None
        if server is not None and unmarked and server.running_pid() != serving:
            pytest.fail(RESTARTED_UNMARKED, pytrace=False)
        return
    # Nothing listens on the discard port: a stray graph call fails at once, whatever server runs elsewhere.
    with override_settings(NEO4J_URI="bolt://127.0.0.1:9"):
        yield
        reached = graph.driver._driver is not None  # the override dropped the driver; only a graph call makes one
    if reached:
        pytest.fail(NOT_MARKED, pytrace=False)


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup: None, django_db_blocker: object) -> RowSnapshot[DemoSummary]:
    """The demo directory, loaded through the services once per session (then rolled back) and kept as rows."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        return RowSnapshot.take(load_demo_data)


@pytest.fixture
def demo(request: pytest.FixtureRequest, demo_snapshot: RowSnapshot[DemoSummary], db: None) -> DemoSummary:
    """The demo directory in this test's database; for a `neo4j` test also its graph, with the name index ready."""
    summary = demo_snapshot.restore()
    if needs_neo4j(request):
        _demo_graph()
    return summary


def _demo_graph() -> None:
    """Make the graph hold the demo: reuse the projection if nothing changed it since, else project again."""
    pending = OutboxEvent.objects.filter(applied_at__isnull=True)
    if GraphState.demo is not None and GraphState.demo == GraphState.fingerprint():
        pending.update(applied_at=timezone.now(), last_error="")
        return
    if GraphState.demo_copy is not None:
        # Putting the first projection back is a few statements; projecting the demo again is hundreds.
        GraphState.demo_copy.put_back(get_driver())
        ensure_schema(force=True)
        GraphState.demo = GraphState.fingerprint()
        pending.update(applied_at=timezone.now(), last_error="")
        return
    get_driver().execute_query(queries.DELETE_EVERYTHING, database_=settings.NEO4J_DATABASE)
    # Small batches: each is one Neo4j transaction, which must finish within the projector's time limit.
    assert project_pending(batch_size=100).pending == 0
    ensure_schema(force=True)  # waits for the full-text index, so name search sees every record
    GraphState.demo = GraphState.fingerprint()
    GraphState.demo_copy = GraphCopy.take(get_driver())


@pytest.fixture
def unused_port() -> int:
    """A loopback port on which nothing listens."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(autouse=True)
def no_sign_in_lockouts_carried_over(request: pytest.FixtureRequest) -> None:
    """Each test that uses the database starts with no failed sign-ins counted (django-axes), whatever ran before."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not {"db", "transactional_db", "live_server"} & set(request.fixturenames):
        return
    request.getfixturevalue("db")
    from axes.utils import reset

    reset()
