"""The tests that stop or kill the tests' Neo4j run after every other test, so the others share one warm server."""

from __future__ import annotations

import subprocess
import sys

from tests.shell import ROOT

RESTARTING_MODULES = {
    "tests/answers/test_when_the_graph_is_stopped.py",
    "tests/graph/test_fault_drills_under_writes.py",
    "tests/graph/test_offline_rebuild.py",
    "tests/graph/test_reads_at_once.py",
    "tests/graph/test_sick_neo4j.py",
}


def test_the_tests_that_restart_neo4j_are_collected_last_after_pytest_djangos_ordering() -> None:
    # given the folders that hold both restarting tests and committing, rolled-back and database-free ones
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q"]
    collected = subprocess.run(
        [*command, "tests/answers", "tests/graph"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # when the session orders them
    modules = [line.split("::", 1)[0] for line in collected.splitlines() if "::" in line]
    # then every test of the restarting modules comes after every other test, each module's tests together
    restarting = [module for module in modules if module in RESTARTING_MODULES]
    assert set(restarting) == RESTARTING_MODULES
    assert modules[len(modules) - len(restarting) :] == restarting, modules
    assert len(modules) > 2 * len(restarting)
