"""The fault drills under writes: 4 clients send 200 GraphQL writes to the real gunicorn and worker while Neo4j, the
worker and a web process are each killed with SIGKILL; every acknowledged write stays, and the graph catches up by
itself within the issue's 30 s of recovery (the outbox drained), as `graph_check` then confirms."""

from __future__ import annotations

import http.client
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

from graph.server import LocalServer
from tests.processes import alive, children, free_port, killed, wait_for
from tests.shell import ROOT, run_manage

pytestmark = pytest.mark.restarts_neo4j

MOVE = """mutation Move($officer: ID!, $position: String!) {
  updateOfficer(officer: $officer, changes: {position: $position}) { __typename ... on Officer { position } }
}"""
CLIENTS = 4
WRITES = 200
OFFICERS_PER_CLIENT = 2
# The bound: after recovery the graph agrees with the database within this, with no hand action.
RECOVERY_BOUND_SECONDS = 30
# Bounds on a hang, not measured times.
PATIENCE_SECONDS = 120
RETRY_FOR_SECONDS = 120
LEASE_SECONDS = 15
# Answers that say the write did not happen, so the same key may be sent again (api/idempotency.py's RETRYABLE).
RETRY_STATUSES = {409, 429, 500, 502, 503}


@dataclass
class Tally:
    """What the clients saw: the acknowledged value of every write, retries, and why attempts failed."""

    acknowledged: dict[tuple[str, int], str] = field(default_factory=dict)
    retries: int = 0  # attempts after the first
    retried_writes: int = 0  # writes that needed more than one attempt
    replayed: int = 0  # retries answered from the first attempt's saved answer (it had committed)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self) -> int:
        with self.lock:
            return len(self.acknowledged)


@dataclass
class Site:
    """The served directory: its own SQLite file, the environment of its processes, its port and API token."""

    database: Path
    environment: dict[str, str]
    port: int
    token: str
    officers: list[str]
    logs: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self, name: str, *command: str, **extra: str) -> subprocess.Popen[bytes]:
        """Start a process of the site in a process group of its own, as systemd starts each unit."""
        process = subprocess.Popen(
            [sys.executable, *command],
            cwd=ROOT,
            env={**self.environment, **extra},
            stdout=(self.logs / f"{name}-{len(self.processes)}.log").open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def start_worker(self) -> subprocess.Popen[bytes]:
        """The worker, waited for until it says it runs."""
        worker = self.start("worker", "manage.py", "worker")
        log = self.logs / f"worker-{len(self.processes) - 1}.log"
        wait_for(lambda: "worker running" in log.read_text(), "the worker started")
        return worker

    def pending(self) -> int:
        """Outbox events not yet applied to the graph, read straight from the site's database file."""
        with sqlite3.connect(self.database, timeout=30) as database:
            (count,) = database.execute(
                "SELECT COUNT(*) FROM directory_outboxevent WHERE applied_at IS NULL"
            ).fetchone()
        return int(count)

    def graph_check_clean(self) -> bool:
        """Whether `manage.py graph_check` finds the graph equal to the site's database."""
        return run_manage("graph_check", **self.environment).returncode == 0

    def positions(self) -> dict[str, str]:
        """Each officer's position as the database holds it."""
        with sqlite3.connect(self.database, timeout=30) as database:
            rows = database.execute("SELECT uuid, position FROM directory_officer").fetchall()
        return {str(uuid.UUID(str(key))): position for key, position in rows}

    def logged_positions(self) -> list[str]:
        """The positions the change log recorded as set by the drill, one per change."""
        with sqlite3.connect(self.database, timeout=30) as database:
            rows = database.execute(
                "SELECT json_extract(after, '$.position') FROM directory_changelog WHERE action = ? "
                "AND json_extract(after, '$.position') LIKE ?",
                ("update", "Drill %"),
            ).fetchall()
        return [position for (position,) in rows]


def manage(site_environment: dict[str, str], *args: str) -> str:
    result = run_manage(*args, **site_environment)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def site(neo4j_server: LocalServer | None, tmp_path: Path) -> Iterator[Site]:
    """The demo directory migrated, loaded and projected into the tests' Neo4j, a write token, and its processes."""
    if neo4j_server is None:
        pytest.fail("this drill kills the tests' own Neo4j; run it without NEO4J_URI")
    database = tmp_path / "liaison.sqlite3"
    environment = {
        **{name: value for name, value in os.environ.items() if name != "PROMETHEUS_MULTIPROC_DIR"},
        "DATABASE_URL": f"sqlite:///{database}",
        "NEO4J_PORT": str(settings.NEO4J_PORT),
        # production's way: a commit wakes the worker, which projects (the web process does while it is down)
        "LIAISON_PROJECTION": "worker",
        # every client is the one token: the per-token limit is not what this drill is about
        "LIAISON_GRAPHQL_RATE_LIMIT": "1000000/m",
        "LIAISON_WEB_WORKERS": "2",
        "LIAISON_WEB_THREADS": "2",
        # A key whose first attempt died with its process is taken over once its lease runs out (60 s in
        # production, the longest a request may run); shorter here so a cut-off write costs the suite less.
        "LIAISON_IDEMPOTENCY_LEASE_SECONDS": str(LEASE_SECONDS),
    }
    manage(environment, "migrate", "--noinput")
    manage(environment, "load_demo")
    manage(environment, "graph_sync")
    issued = manage(
        environment, "api_token", "issue", "--user", "demo-admin", "--name", "drill", "--scopes", "read,write"
    )
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT uuid FROM directory_officer ORDER BY id").fetchall()
    officers = [str(uuid.UUID(str(key))) for (key,) in rows[: CLIENTS * OFFICERS_PER_CLIENT]]
    site = Site(database, environment, free_port(), issued.strip().splitlines()[-1], officers, tmp_path)
    try:
        yield site
    finally:
        for process in site.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=PATIENCE_SECONDS)


def send(site: Site, body: bytes, key: str) -> tuple[int, bool, dict, float]:
    """One attempt: status, whether replayed, the JSON answer, seconds to wait before a retry (or OSError)."""
    connection = http.client.HTTPConnection("127.0.0.1", site.port, timeout=60)
    try:
        connection.request(
            "POST",
            "/graphql",
            body=body,
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {site.token}",
                "Idempotency-Key": json.dumps(key),
            },
        )
        response = connection.getresponse()
        answer = response.read()
        replayed = response.getheader("Idempotent-Replayed") == "true"
        wait = float(response.getheader("Retry-After") or 0.5)
        return response.status, replayed, json.loads(answer) if answer.startswith(b"{") else {}, wait
    finally:
        connection.close()


def write(site: Site, tally: Tally, client: int, number: int) -> None:
    """One write, retried with the same key as a real client would until it is acknowledged."""
    officer = site.officers[client * OFFICERS_PER_CLIENT + number % OFFICERS_PER_CLIENT]
    position = f"Drill {client}-{number}"
    body = json.dumps({"query": MOVE, "variables": {"officer": officer, "position": position}}).encode()
    key = str(uuid.uuid4())
    deadline = time.monotonic() + RETRY_FOR_SECONDS
    wait = 0.0
    for attempt in range(1000):
        if attempt:
            with tally.lock:
                tally.retries += 1
                tally.retried_writes += attempt == 1
            time.sleep(wait)
        try:
            status, replayed, answer, wait = send(site, body, key)
        except (OSError, http.client.HTTPException) as error:
            reason, wait = f"connection: {type(error).__name__}", 0.5
        else:
            data = answer.get("data") or {}
            if status == 200 and not answer.get("errors") and data.get("updateOfficer", {}).get("position") == position:
                with tally.lock:
                    tally.acknowledged[(officer, number)] = position
                    tally.replayed += replayed
                return
            reason = f"{status}: {json.dumps(answer.get('errors'))[:200]}"
            if status not in RETRY_STATUSES and status != 200:
                break
        with tally.lock:
            tally.failures.append(reason)
        if time.monotonic() > deadline:
            break


def clients(site: Site, tally: Tally, first: int, count: int) -> list[threading.Thread]:
    """Start 4 clients, each sending its share of writes `first` .. `first + count - 1` one after another."""
    share = count // CLIENTS

    def run(client: int) -> None:
        for number in range(first + client * share, first + (client + 1) * share):
            write(site, tally, client, number)

    threads = [threading.Thread(target=run, args=(client,)) for client in range(CLIENTS)]
    for thread in threads:
        thread.start()
    return threads


def web_workers(master: subprocess.Popen[bytes]) -> list[int]:
    return [pid for pid in children(master.pid) if alive(pid)]


def test_every_acknowledged_write_stays_and_the_graph_catches_up_after_each_kill(
    site: Site, neo4j_server: LocalServer
) -> None:
    # given gunicorn with 2 web processes and the worker, each its own process as systemd runs them
    gunicorn = site.start(
        "web",
        *("-m", "gunicorn", "--config", "config/gunicorn.py", "--bind", f"127.0.0.1:{site.port}"),
        # only the web processes share metrics through files, as in `make serve`
        PROMETHEUS_MULTIPROC_DIR=str(site.logs / "metrics"),
    )
    wait_for(lambda: len(web_workers(gunicorn)) == 2, "gunicorn started its 2 web processes")
    worker = site.start_worker()
    tally = Tally()
    figures: dict[str, float] = {}

    def kill_neo4j() -> None:
        killed(neo4j_server)
        down_since, acknowledged_before = time.monotonic(), tally.count()
        neo4j_server.start()  # systemd (or the operator's supervisor) starts it again
        figures["Neo4j down (s)"] = time.monotonic() - down_since
        figures["writes acknowledged while Neo4j was down"] = tally.count() - acknowledged_before

    def kill_worker() -> None:
        nonlocal worker
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=PATIENCE_SECONDS)
        worker = site.start_worker()  # in production systemd restarts the unit (Restart=always)

    def kill_web_process() -> None:
        victim = web_workers(gunicorn)[0]
        os.kill(victim, signal.SIGKILL)
        # the gunicorn master notices and forks a new one; nobody else acts
        wait_for(lambda: victim not in web_workers(gunicorn) and len(web_workers(gunicorn)) == 2, "a new process")

    phases = [("Neo4j", kill_neo4j, 68), ("worker", kill_worker, 64), ("web process", kill_web_process, 68)]
    first = 0
    for name, fault, count in phases:
        # when 4 clients write, and the fault strikes a quarter of the way through
        struck_at = tally.count() + count // 4
        threads = clients(site, tally, first, count)
        wait_for(
            lambda: tally.count() >= struck_at,  # noqa: B023 (called at once, within this round)
            f"writes acknowledged before killing the {name}",
        )
        fault()
        for thread in threads:
            thread.join(timeout=PATIENCE_SECONDS + RETRY_FOR_SECONDS)
        # (recovered: the killed process is back and the round's writes are all answered)
        assert not any(thread.is_alive() for thread in threads), f"writes still unanswered after the {name} drill"
        # then, with no hand action, the outbox drains within 30 s: every write of the round is in the graph
        drained_after = wait_for(
            lambda: site.pending() == 0,
            f"the outbox drained after the {name} was killed",
            RECOVERY_BOUND_SECONDS,
        )
        # (timed apart from the check below: on a loaded machine `graph_check` alone takes seconds to start)
        assert drained_after <= RECOVERY_BOUND_SECONDS
        # and the graph agrees with the database: nothing is left to change it, so it must be clean at once
        assert site.graph_check_clean(), f"graph_check found drift after the {name} drill"
        figures[f"outbox drained after the {name} drill (s)"] = drained_after
        first += count

    # and every write was acknowledged (after retries with its key) and every acknowledged value is the officer's
    assert len(tally.acknowledged) == WRITES, tally.failures[-5:]
    positions = site.positions()
    last = {officer: position for (officer, _), position in sorted(tally.acknowledged.items(), key=lambda i: i[0][1])}
    assert {officer: positions[officer] for officer in last} == last
    # and each write was made exactly once, its retries answered from the saved answer, never applied twice
    assert sorted(site.logged_positions()) == sorted(tally.acknowledged.values())
    assert gunicorn.poll() is None and worker.poll() is None
    reasons = sorted({reason.split(":")[0] for reason in tally.failures})
    print(
        f"\nfault drills: {len(tally.acknowledged)} writes acknowledged, {tally.retried_writes} of them retried "
        f"({tally.retries} retries: {reasons}), "
        f"{tally.replayed} replayed; " + ", ".join(f"{what}: {value:.1f}" for what, value in figures.items())
    )
