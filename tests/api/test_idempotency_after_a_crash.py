"""A web process killed once it committed a keyed write: the retry, to a new process, gets the answer, not a twin."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from directory.models import ChangeLog, IdempotentRequest, Officer, OutboxEvent, User
from directory.services.access import issue_api_token
from tests.factories import SmallWorld, build_small_world

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
CREATE_OFFICER = """mutation($agency: ID!) {
  createOfficer(input: {nameNative: "Эрлан Кадыров", nameLatin: "Erlan Kadyrov", agency: $agency}) {
    ... on Officer { uuid }
  }
}"""
KEY = '"create-erlan-after-crash"'


def database_url() -> str:
    """The test database, as the web process's DATABASE_URL."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{connection.settings_dict['NAME']}"
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class WebProcesses:
    """Real web processes (Django's server, no autoreload) on the test database, one port, one at a time."""

    def __init__(self, port: int, logs: Path) -> None:
        self.port, self.logs, self.started = port, logs, []  # type: ignore[var-annotated]

    def start(self) -> subprocess.Popen:
        """Start one and wait until it listens."""
        environment = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "LIAISON_PROJECT_ON_COMMIT": "0",
            "NEO4J_PORT": str(settings.NEO4J_PORT),
        }
        log = self.logs / f"web-{len(self.started)}.log"
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=environment,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        self.started.append(process)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return process
            except OSError:
                assert process.poll() is None, log.read_text()
                time.sleep(0.2)
        raise AssertionError("the web process did not start listening within 120 s")

    def stop_all(self) -> None:
        """Kill whatever is still running."""
        for process in self.started:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=30)


@pytest.fixture
def web(unused_port: int, tmp_path: Path) -> Iterator[WebProcesses]:
    processes = WebProcesses(unused_port, tmp_path)
    yield processes
    processes.stop_all()


def request_bytes(token: str, body: bytes) -> bytes:
    head = (
        "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {token}\r\nIdempotency-Key: {KEY}\r\nContent-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


def test_a_retry_after_the_web_process_was_killed_gets_the_saved_answer_and_writes_nothing(
    web: WebProcesses,
) -> None:
    # given an integration with a write token, and a web process
    world: SmallWorld = build_small_world()
    integration = User.objects.create_user("integration", password="a-long-test-password", role="integration")
    token = issue_api_token(user=integration, name="sync", scopes=["read", "write"])[1]
    body = json.dumps({"query": CREATE_OFFICER, "variables": {"agency": str(world.kg_police.uuid)}}).encode()
    first_process = web.start()

    # when a keyed write is sent, and the process is killed (SIGKILL) as soon as the write is committed,
    # the client never reading an answer
    client = socket.create_connection(("127.0.0.1", web.port), timeout=30)
    client.sendall(request_bytes(token, body))
    deadline = time.monotonic() + 60
    while not IdempotentRequest.objects.filter(completed_at__isnull=False).exists():
        assert time.monotonic() < deadline, "the write was never committed"
        time.sleep(0.005)
    os.kill(first_process.pid, signal.SIGKILL)
    first_process.wait(timeout=30)
    client.close()
    saved = Officer.objects.get(name_latin="Erlan Kadyrov")
    footprint = (Officer.objects.count(), ChangeLog.objects.count(), OutboxEvent.objects.count())

    # and the client retries with the same key against a new web process
    web.start()
    retry = http.client.HTTPConnection("127.0.0.1", web.port, timeout=60)
    retry.request(
        "POST",
        "/graphql",
        body=body,
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}", "Idempotency-Key": KEY},
    )
    answer = retry.getresponse()

    # then it gets the first attempt's answer, naming the officer that was saved, and nothing more is written
    assert answer.status == 200
    assert answer.getheader("Idempotent-Replayed") == "true"
    assert json.loads(answer.read())["data"]["createOfficer"] == {"uuid": str(saved.uuid)}
    assert (Officer.objects.count(), ChangeLog.objects.count(), OutboxEvent.objects.count()) == footprint
    assert Officer.objects.filter(name_latin="Erlan Kadyrov").count() == 1
