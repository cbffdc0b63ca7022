"""Several integrations writing at once, while officers browse profiles: every write lands, nothing is lost."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests
from django.conf import settings
from django.test import Client

from directory.models import ContactAccessLog, OutboxEvent, User
from directory.services import officers
from directory.services.access import issue_api_token
from tests.factories import SmallWorld, build_small_world

WRITERS = 8
MUTATIONS_PER_WRITER = 25
READERS = 3

CREATE_OFFICER = """
mutation($name: String!, $agency: ID!) {
  createOfficer(input: {nameNative: $name, nameLatin: $name, agency: $agency, languages: ["ru"]}) {
    __typename
    ... on Officer { uuid }
    ... on OperationInfo { messages { field message } }
  }
}
"""


@pytest.fixture
def world(transactional_db: None) -> SmallWorld:
    """The small world, committed, with a contact channel every signed-in reader may see (so views are logged)."""
    world = build_small_world()
    officers.add_contact_channel(world.bakyt, kind="email", value="bakyt@demo.liaison.invalid", visibility="signed_in")
    return world


def _write_tokens() -> list[str]:
    """One integration account and read-write token per writer."""
    tokens = []
    for number in range(WRITERS):
        user = User.objects.create_user(f"integration-{number}", password="a-long-test-password", role="integration")
        tokens.append(issue_api_token(user=user, name=f"writer {number}", scopes=["write"])[1])
    return tokens


def _reader_sessions() -> list[dict[str, str]]:
    """Session cookies of signed-in programme staff' browsers."""
    cookies = []
    for number in range(READERS):
        client = Client()
        client.force_login(User.objects.create_user(f"reader-{number}", password="a-long-test-password", role="staff"))
        cookies.append({settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value})
    return cookies


def _write(url: str, token: str, writer: int, agency: str) -> list[dict[str, Any]]:
    """Create this writer's officers one after another, as an integration would; return every answer."""
    answers = []
    with requests.Session() as http:
        http.headers["Authorization"] = f"Bearer {token}"
        for number in range(MUTATIONS_PER_WRITER):
            variables = {"name": f"Writer {writer} officer {number}", "agency": agency}
            response = http.post(f"{url}/graphql", json={"query": CREATE_OFFICER, "variables": variables}, timeout=60)
            answers.append({"status": response.status_code, **response.json()})
    return answers


def _browse(url: str, cookies: dict[str, str], profile: str, writing: threading.Event) -> Counter[int]:
    """Open the profile again and again while the writers write; count the answers by status."""
    statuses: Counter[int] = Counter()
    with requests.Session() as http:
        http.cookies.update(cookies)
        while writing.is_set() or not statuses:
            statuses[http.get(f"{url}{profile}", timeout=60).status_code] += 1
    return statuses


def test_eight_writers_and_browsing_readers_all_succeed(live_server: Any, world: SmallWorld) -> None:
    # given eight integrations with their own tokens, and three signed-in readers
    tokens = _write_tokens()
    sessions = _reader_sessions()
    agency = str(world.kz_police.uuid)
    profile = f"/officers/{world.bakyt.uuid}/"
    logged_before = ContactAccessLog.objects.count()
    writing = threading.Event()
    writing.set()

    # when they all write and read at the same time, over real HTTP
    with ThreadPoolExecutor(max_workers=WRITERS + READERS) as pool:
        readers = [pool.submit(_browse, live_server.url, cookies, profile, writing) for cookies in sessions]
        writers = [pool.submit(_write, live_server.url, token, n, agency) for n, token in enumerate(tokens)]
        try:
            answers = [answer for writer in writers for answer in writer.result()]
        finally:
            writing.clear()
        views = sum((reader.result() for reader in readers), Counter())

    # then every mutation succeeded, every officer and outbox event is stored, and every view was served and logged
    failures = [answer for answer in answers if answer.get("errors") or answer["status"] != 200]
    failed = Counter(str(answer.get("errors", [{}])[0].get("message")) for answer in failures)
    assert not failures, f"{len(failures)} of {len(answers)} mutations failed: {dict(failed)}"
    created = {answer["data"]["createOfficer"]["uuid"] for answer in answers}
    assert {answer["data"]["createOfficer"]["__typename"] for answer in answers} == {"Officer"}
    assert len(created) == WRITERS * MUTATIONS_PER_WRITER
    stored = {str(uuid) for uuid in world.kz_police.officers.values_list("uuid", flat=True)}
    assert created <= stored
    published = {
        str(uuid) for uuid in OutboxEvent.objects.filter(aggregate="officer").values_list("aggregate_uuid", flat=True)
    }
    assert created <= published
    assert set(views) == {200}, f"profile views answered {dict(views)}"
    assert ContactAccessLog.objects.count() - logged_before == views[200]
