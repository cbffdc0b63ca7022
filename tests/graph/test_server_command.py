"""`manage.py neo4j`: each fault gives one clear message and a non-zero exit, never a stack trace."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from graph.server import LocalServer
from tests import shell


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run manage.py against the launcher, never an external Neo4j."""
    return shell.run_manage(*args, unset=() if "NEO4J_URI" in env else ("NEO4J_URI",), **env)


def test_status_reports_the_running_test_server(neo4j_server: LocalServer | None) -> None:
    assert neo4j_server is not None
    result = run_manage(
        "neo4j", "status", LIAISON_NEO4J_HOME=str(settings.NEO4J_HOME), NEO4J_PORT=str(settings.NEO4J_PORT)
    )
    assert result.returncode == 0
    assert "running" in result.stdout and "answering" in result.stdout


def test_start_when_already_running_says_so(neo4j_server: LocalServer | None) -> None:
    result = run_manage(
        "neo4j", "start", LIAISON_NEO4J_HOME=str(settings.NEO4J_HOME), NEO4J_PORT=str(settings.NEO4J_PORT)
    )
    assert result.returncode == 0
    assert "already running" in result.stdout


def test_start_on_a_taken_port_names_the_port(tmp_path: Path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen(1)
        port = squatter.getsockname()[1]
        result = run_manage("neo4j", "start", LIAISON_NEO4J_HOME=str(tmp_path), NEO4J_PORT=str(port))
    assert result.returncode != 0
    assert f"port {port}" in result.stderr and "NEO4J_PORT" in result.stderr
    assert "Traceback" not in result.stderr


def test_start_without_java_says_how_to_install_it(tmp_path: Path, unused_port: int) -> None:
    bare_path = str(Path(sys.executable).parent)  # python only, no java
    result = run_manage("neo4j", "start", LIAISON_NEO4J_HOME=str(tmp_path), NEO4J_PORT=str(unused_port), PATH=bare_path)
    assert result.returncode != 0
    assert "Java" in result.stderr and "openjdk-17" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("setting", "explained"),
    [
        ({"NEO4J_START_TIMEOUT": "1"}, ("did not answer", "NEO4J_START_TIMEOUT")),
        (
            {"LIAISON_NEO4J_MIN_REPLAN_SECONDS": "soon"},
            ("LIAISON_NEO4J_MIN_REPLAN_SECONDS must be a whole number of seconds, got 'soon'",),
        ),
    ],
    ids=["a start that outlasts the limit", "a plan interval that is not a number"],
)
def test_a_start_that_fails_is_stopped_and_explained(
    setting: dict[str, str], explained: tuple[str, ...], tmp_path: Path, unused_port: int
) -> None:
    result = run_manage("neo4j", "start", LIAISON_NEO4J_HOME=str(tmp_path), NEO4J_PORT=str(unused_port), **setting)
    assert result.returncode != 0
    assert all(words in result.stderr for words in explained), result.stderr
    assert "Traceback" not in result.stderr
    # nothing is left running on the port
    assert LocalServer(tmp_path, unused_port, "x" * 12, "256m", 1).running_pid() is None


@pytest.mark.parametrize("action", ["start", "stop", "status"])
def test_an_external_neo4j_is_never_launched(action: str) -> None:
    result = run_manage("neo4j", action, NEO4J_URI="neo4j://graph.example.internal:7687")
    assert result.returncode == 0
    assert "NEO4J_URI is set" in result.stdout
