"""`make serve` (what `make run` ends with): gunicorn and the worker as real processes, as an operator runs them."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.processes import alive, children, free_port, freeze
from tests.shell import ROOT, run_manage

# How long the test waits for a process to start or stop: a bound on a hang, not a measured time.
PATIENCE_SECONDS = 60


@dataclass
class Served:
    """A running `make serve`: its process (a group of its own), its address and where its output goes."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path
    started: list[int] = field(default_factory=list)

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(self.url + path, headers=headers)  # noqa: S310 (loopback, http)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def json_lines(self) -> list[dict[str, object]]:
        """Every log line the server wrote that is a JSON object."""
        lines = []
        for line in self.log.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("{"):
                lines.append(json.loads(line))
        return lines

    def descendants(self) -> list[int]:
        """The ids of every process below `make`, read from /proc."""
        found, todo = [], [self.process.pid]
        while todo:
            below = children(todo.pop(0))  # breadth first: a parent before its children
            found += below
            todo += below
        return found

    def pid_of(self, *arguments: str) -> int:
        """The first process below `make` (the parent before its children) whose arguments hold these, in a row."""
        wanted = [argument.encode() for argument in arguments]
        for pid in self.descendants():
            try:
                argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if any(argv[at : at + len(wanted)] == wanted for at in range(len(argv))):
                return pid
        raise AssertionError(f"no process running {arguments!r} under make serve")

    def stopped(self) -> bool:
        """Whether make and every process it had started have ended (within the patience)."""
        deadline = time.monotonic() + PATIENCE_SECONDS
        try:
            self.process.wait(timeout=PATIENCE_SECONDS)
        except subprocess.TimeoutExpired:
            return False
        while any(alive(pid) for pid in self.started):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.2)
        return True

    def answers(self) -> bool:
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", int(self.url.rsplit(":", 1)[1]))) == 0


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A directory of its own for the served processes, migrated as `make run` migrates it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('served') / 'liaison.sqlite3'}"
    result = run_manage("migrate", "--noinput", DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    return url


def _serve(database: str, tmp: Path, *, background_job: bool = False) -> Served:
    port = free_port()
    log = tmp / "served.log"
    environment = {
        **os.environ,
        "DATABASE_URL": database,
        # No Neo4j: pages and the worker's other jobs need none, and nothing is written to project.
        "NEO4J_URI": "bolt://127.0.0.1:9",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp / "metrics"),
        "LIAISON_WEB_WORKERS": "2",
        "LIAISON_WEB_THREADS": "2",
        # A web process stuck in its own stop is then killed only after the test has given up on it: a hang fails.
        "LIAISON_WEB_GRACEFUL_TIMEOUT": str(PATIENCE_SECONDS * 2),
    }
    process = subprocess.Popen(
        ["make", "--no-print-directory", "-s", "serve", f"PORT={port}"],
        cwd=ROOT,
        env=environment,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, as a terminal gives `make run`
        # Started from a script in the background, a program begins with Ctrl-C (SIGINT) ignored, and so does the
        # shell running `make serve`, which can then not trap it: its processes get the signal on their own.
        preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if background_job else None,
    )
    served = Served(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + PATIENCE_SECONDS
    # Up when the web server answers and the worker says it runs (its signal handlers are then in place).
    while not (served.answers() and "worker running" in log.read_text()):
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "make serve did not answer: " + log.read_text()
        time.sleep(0.2)
    served.started = served.descendants()
    return served


@pytest.fixture(scope="module")
def served(database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    served = _serve(database, tmp_path_factory.mktemp("serve"))
    yield served
    os.killpg(served.process.pid, signal.SIGINT)
    assert served.stopped()


@pytest.fixture
def serve_once(database: str, tmp_path: Path) -> Iterator[Served]:
    served = _serve(database, tmp_path)
    yield served
    if served.process.poll() is None:
        os.killpg(served.process.pid, signal.SIGKILL)


def test_gunicorn_serves_the_pages_and_the_static_files_with_their_headers(served: Served) -> None:
    assert "gunicorn" in Path(f"/proc/{served.pid_of('-m', 'gunicorn')}/cmdline").read_text()
    status, headers, body = served.get("/login/")
    assert status == 200 and b"password" in body.lower()
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Cache-Control"].startswith("max-age=0") or "no-store" in headers["Cache-Control"]
    status, headers, body = served.get("/static/frontend/site.css")
    assert status == 200 and body
    assert "max-age" in headers["Cache-Control"] and "no-store" not in headers["Cache-Control"]


def test_each_web_process_says_it_is_ready_with_its_pages_and_api_loaded_before_it_serves(served: Served) -> None:
    # given gunicorn's web processes (children of its master)
    web_processes = set(children(served.pid_of("-m", "gunicorn")))
    assert len(web_processes) == 2
    # then each one logged that it was ready, having loaded what it serves and left it out of garbage collection
    deadline = time.monotonic() + PATIENCE_SECONDS
    while len(ready := [line for line in served.json_lines() if line.get("message") == "web process ready"]) < 2:
        assert time.monotonic() < deadline, served.log.read_text()
        time.sleep(0.2)
    assert {line["pid"] for line in ready} == web_processes
    assert all(line["logger"] == "liaison.web" and line["objects_kept"] > 0 for line in ready)


def test_each_request_is_one_json_log_line_with_the_id_its_response_carries(served: Served) -> None:
    _, given, _ = served.get("/login/", **{"X-Request-ID": "probe-0042"})
    _, made, _ = served.get("/healthz", **{"X-Request-ID": "<script>alert(1)</script>"})
    assert given["X-Request-ID"] == "probe-0042"
    assert made["X-Request-ID"] != "<script>alert(1)</script>" and len(made["X-Request-ID"]) == 32
    deadline = time.monotonic() + PATIENCE_SECONDS
    while {"probe-0042", made["X-Request-ID"]} - {line.get("request_id") for line in served.json_lines()}:
        assert time.monotonic() < deadline, served.log.read_text()
        time.sleep(0.2)
    lines = {line["request_id"]: line for line in served.json_lines() if line.get("logger") == "liaison.requests"}
    line = lines["probe-0042"]
    assert (line["method"], line["path"], line["status"], line["level"]) == ("GET", "/login/", 200, "INFO")
    assert isinstance(line["duration_ms"], float) and line["time"]
    assert lines[made["X-Request-ID"]]["status"] == 503  # no Neo4j here, and the health check says so


def test_the_metrics_add_up_the_requests_of_every_web_process(served: Served) -> None:
    def answered() -> float:
        _, _, body = served.get("/metrics")
        for line in body.decode().splitlines():
            if line.startswith('liaison_http_request_duration_seconds_count{operation="",view="healthz"}'):
                return float(line.rsplit(" ", 1)[1])
        return 0.0

    before = answered()
    for _ in range(12):
        served.get("/healthz")
    assert answered() == before + 12


def test_when_the_worker_dies_the_web_server_stops_too(serve_once: Served) -> None:
    os.kill(serve_once.pid_of("manage.py", "worker"), signal.SIGKILL)
    assert serve_once.stopped(), "gunicorn outlived the worker"
    assert not serve_once.answers()


def test_when_the_web_server_dies_the_worker_stops_too(serve_once: Served) -> None:
    worker = serve_once.pid_of("manage.py", "worker")
    os.kill(serve_once.pid_of("-m", "gunicorn"), signal.SIGKILL)
    assert serve_once.stopped(), "the worker outlived the web server"
    assert not alive(worker)


def test_ctrl_c_stops_both(serve_once: Served) -> None:
    os.killpg(serve_once.process.pid, signal.SIGINT)
    assert serve_once.stopped()
    assert "worker stopped" in serve_once.log.read_text()


def test_ctrl_c_stops_everything_even_with_a_hung_web_process_and_started_as_a_background_job(
    database: str, tmp_path: Path
) -> None:
    # Started from a script in the background, the shell running `make serve` cannot trap Ctrl-C: its processes get
    # the signal on their own. A web process that does not stop (frozen here; one that missed its stop signal or hung
    # in its exit did the same) held the stop for gunicorn's whole graceful timeout, which the test sets above its
    # patience: a quick stop now kills it after a few seconds.
    served = _serve(database, tmp_path, background_job=True)
    try:
        hung = children(served.pid_of("-m", "gunicorn"))[0]
        freeze(hung)
        os.killpg(served.process.pid, signal.SIGINT)
        assert served.stopped(), served.log.read_text()[-2000:]
        assert not alive(hung)
        assert "worker stopped" in served.log.read_text()
    finally:
        if served.process.poll() is None:
            os.killpg(served.process.pid, signal.SIGKILL)
