"""Kept-alive connections spread over the web processes (config/web_worker.py), gunicorn started as configured."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.processes import free_port
from tests.shell import ROOT

# How long the test waits for gunicorn to answer: a bound on a hang, not a measured time.
PATIENCE_SECONDS = 60
PROCESSES = 2
THREADS = 2


@contextmanager
def _serving(tmp_path: Path, work_seconds: float) -> Iterator[str]:
    """gunicorn with config/gunicorn.py, 2 processes of 2 threads, serving tests/config/pid_app.py; its address."""
    port = free_port()
    env = {
        **os.environ,
        "LIAISON_WEB_WORKERS": str(PROCESSES),
        "LIAISON_WEB_THREADS": str(THREADS),
        "LIAISON_VAR_DIR": str(tmp_path),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
        "LIAISON_TEST_WORK_SECONDS": str(work_seconds),
    }
    command = [sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.py", "--bind", f"127.0.0.1:{port}"]
    with open(tmp_path / "gunicorn.log", "wb") as log:
        process = subprocess.Popen(
            [*command, "tests.config.pid_app:application"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        # Every process answers before the test begins (each loads the application first).
        deadline = time.monotonic() + PATIENCE_SECONDS
        answered: set[str] = set()
        while len(answered) < PROCESSES:
            assert time.monotonic() < deadline, (tmp_path / "gunicorn.log").read_text()[-2000:]
            assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()[-2000:]
            try:
                with ThreadPoolExecutor(PROCESSES * THREADS) as pool:
                    answered |= set(pool.map(lambda _: _ask_once(port), range(PROCESSES * THREADS)))
            except OSError:
                time.sleep(0.2)
        yield f"127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=PATIENCE_SECONDS)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """The server, each request at work for a second (every connection of a test is open before one is answered)."""
    with _serving(tmp_path, 1.0) as address:
        yield address


@pytest.fixture
def served_briefly(tmp_path: Path) -> Iterator[str]:
    """The server, each request at work for 5 ms (a few clients keep every thread busy)."""
    with _serving(tmp_path, 0.005) as address:
        yield address


def _ask_once(port: int) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=PATIENCE_SECONDS)
    try:
        connection.request("GET", "/")
        return connection.getresponse().read().decode()
    finally:
        connection.close()


def _one_client(address: str) -> list[str]:
    """Two requests on one kept-alive connection; the process that answered each."""
    host, port = address.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=PATIENCE_SECONDS)
    try:
        answers = []
        for _ in range(2):
            connection.request("GET", "/")
            answers.append(connection.getresponse().read().decode())
        return answers
    finally:
        connection.close()


def test_clients_connecting_together_are_served_by_every_web_process_as_many_each(served: str) -> None:
    for _ in range(3):
        # when as many clients as the processes have threads in all connect at once, each asking twice
        with ThreadPoolExecutor(PROCESSES * THREADS) as pool:
            clients = list(pool.map(lambda _: _one_client(served), range(PROCESSES * THREADS)))
        # then each client's connection stays with one process
        assert all(len(set(answers)) == 1 for answers in clients), clients
        # and each process serves as many of the clients as it has threads, none waiting behind another's
        assert sorted(Counter(answers[0] for answers in clients).values()) == [THREADS] * PROCESSES, clients


def _keep_asking(address: str, until: float) -> None:
    """Ask again as soon as each answer comes, on one kept-alive connection, until the time given."""
    host, port = address.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=PATIENCE_SECONDS)
    try:
        while time.monotonic() < until:
            connection.request("GET", "/")
            connection.getresponse().read()
    finally:
        connection.close()


def test_a_client_connecting_to_a_busy_server_is_answered_while_the_load_lasts(served_briefly: str) -> None:
    # given 8 clients that keep every thread of both processes busy for 8 s, each on its kept-alive connection
    load_ends = time.monotonic() + 8
    with ThreadPoolExecutor(8) as load:
        busy = [load.submit(_keep_asking, served_briefly, load_ends) for _ in range(8)]
        time.sleep(1)
        # when new clients connect meanwhile, one after another, each asking once
        answered_at = []
        for _ in range(3):
            _ask_once(int(served_briefly.split(":")[1]))
            answered_at.append(time.monotonic())
        # then each is answered while the others are still being served, not once they stop
        assert all(moment < load_ends for moment in answered_at), [round(load_ends - m, 2) for m in answered_at]
        for client in busy:
            client.result()
