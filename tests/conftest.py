"""Test session set-up: a real Neo4j owned by the tests, emptied before each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test.utils import override_settings

from graph import queries
from graph.driver import close_driver, get_driver
from graph.server import LocalServer


@pytest.fixture(scope="session", autouse=True)
def neo4j_server() -> Iterator[LocalServer | None]:
    """Start the tests' own Neo4j (unless NEO4J_URI names one) and stop it after, if we started it."""
    if settings.NEO4J_URI:
        yield None
        return
    server = LocalServer.from_settings()
    started_here = server.running_pid() is None
    print(server.start())
    yield server
    close_driver()
    if started_here:
        server.stop()


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing() -> Iterator[None]:
    """Hash test passwords with a fast hasher: PBKDF2's deliberate slowness costs seconds per demo load."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def empty_graph(neo4j_server: LocalServer | None) -> None:
    """Every test starts with an empty graph."""
    get_driver().execute_query(queries.DELETE_EVERYTHING, database_=settings.NEO4J_DATABASE)


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
