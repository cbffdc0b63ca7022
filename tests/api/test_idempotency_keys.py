"""Idempotency-Key on mutations: a retry gets the first answer and writes nothing; misuse gets a clear refusal."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, override_settings
from django.utils import timezone

from directory.models import ChangeLog, IdempotentRequest, Officer, OutboxEvent, User
from directory.services.access import issue_api_token
from directory.services.idempotency import Verdict, claim_key
from tests.factories import SmallWorld

pytestmark = pytest.mark.django_db

CREATE_OFFICER = """mutation($agency: ID!, $name: String!) {
  createOfficer(input: {nameNative: $name, nameLatin: $name, agency: $agency}) {
    ... on Officer { uuid nameLatin }
    ... on OperationInfo { messages { field code message } }
  }
}"""
ME = "{ me { uuid } }"


@pytest.fixture(autouse=True)
def fresh_rate_counters() -> None:
    cache.clear()


@pytest.fixture
def writer(world: SmallWorld) -> str:
    """A write token of an integration account."""
    integration = User.objects.create_user("integration", password="a-long-test-password", role="integration")
    return issue_api_token(user=integration, name="sync", scopes=["read", "write"])[1]


def post(token: str, query: str, variables: dict[str, Any] | None = None, key: str | None = None) -> HttpResponse:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    body = json.dumps({"query": query, "variables": variables or {}})
    return Client().post("/graphql", data=body, content_type="application/json", **headers)


def create(token: str, world: SmallWorld, name: str = "Aibek Sydykov", key: str | None = None) -> HttpResponse:
    return post(token, CREATE_OFFICER, {"agency": str(world.kg_police.uuid), "name": name}, key)


def footprint() -> tuple[int, int, int]:
    """What a write leaves behind: officers, change-log rows, outbox events."""
    return Officer.objects.count(), ChangeLog.objects.count(), OutboxEvent.objects.count()


def test_a_retry_with_the_same_key_gets_the_first_answer_and_writes_nothing(world: SmallWorld, writer: str) -> None:
    # given a mutation sent once with a key
    before = footprint()
    first = create(writer, world, key='"create-aibek-1"')
    assert first.status_code == 200
    created = first.json()["data"]["createOfficer"]
    after_first = footprint()
    assert after_first == (before[0] + 1, before[1] + 1, before[2] + 1)

    # when the client, not having seen the answer, sends it again twice
    retries = [create(writer, world, key='"create-aibek-1"') for _ in range(2)]

    # then both get the first answer, marked as replayed, and nothing more is written
    for retry in retries:
        assert retry.status_code == 200
        assert retry.json()["data"]["createOfficer"] == created
        assert retry["Idempotent-Replayed"] == "true"
    assert footprint() == after_first
    assert Officer.objects.filter(name_latin="Aibek Sydykov").count() == 1


def test_the_same_body_spelled_differently_is_the_same_request(world: SmallWorld, writer: str) -> None:
    first = create(writer, world, key='"spacing"')
    # JSON with other spacing and key order is the same request
    body = json.dumps(
        {"variables": {"name": "Aibek Sydykov", "agency": str(world.kg_police.uuid)}, "query": CREATE_OFFICER}
    )
    again = Client().post(
        "/graphql",
        data=body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {writer}",
        HTTP_IDEMPOTENCY_KEY='"spacing"',
    )
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"


def test_a_key_reused_for_another_request_is_refused_with_422(world: SmallWorld, writer: str) -> None:
    create(writer, world, key='"one-key"')
    before = footprint()

    refused = create(writer, world, name="Someone Else", key='"one-key"')

    assert refused.status_code == 422
    (error,) = refused.json()["errors"]
    assert error["extensions"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert "used for a different request" in error["message"] and "new key" in error["message"]
    assert footprint() == before


def test_a_retry_while_the_first_attempt_runs_is_refused_with_409(world: SmallWorld, writer: str) -> None:
    # given a first attempt that holds the key and has not finished (its lease still runs)
    first = create(writer, world, key='"probe"')  # learn the caller's fingerprint the honest way
    IdempotentRequest.objects.filter(key="probe").update(completed_at=None, response_status=None, response_body="")
    before = footprint()

    # when the retry arrives
    refused = create(writer, world, key='"probe"')

    # then it is told to wait, and nothing is written
    assert first.status_code == 200
    assert refused.status_code == 409
    assert refused["Retry-After"] == "1"
    (error,) = refused.json()["errors"]
    assert error["extensions"]["code"] == "IDEMPOTENCY_KEY_IN_USE" and "still running" in error["message"]
    assert footprint() == before


def test_a_retry_after_an_attempt_that_died_before_committing_runs_the_write_once(
    world: SmallWorld, writer: str
) -> None:
    # given a key claimed by an attempt whose process died before it committed anything (its lease ran out)
    create(writer, world, key='"warm-up"')
    row = IdempotentRequest.objects.get(key="warm-up")
    fingerprint = row.fingerprint
    IdempotentRequest.objects.all().delete()
    Officer.objects.filter(name_latin="Aibek Sydykov").delete()
    decision = claim_key(user=row.user, caller=row.caller, key="died", fingerprint=fingerprint)
    assert decision.verdict is Verdict.RUN
    IdempotentRequest.objects.filter(key="died").update(lease_until=timezone.now() - datetime.timedelta(seconds=1))

    # when the client retries
    answer = create(writer, world, key='"died"')

    # then the write runs now, once, and its answer is kept
    assert answer.status_code == 200 and "uuid" in answer.json()["data"]["createOfficer"]
    assert Officer.objects.filter(name_latin="Aibek Sydykov").count() == 1
    assert IdempotentRequest.objects.get(key="died").completed_at is not None


def test_keys_belong_to_their_caller(world: SmallWorld, writer: str) -> None:
    integration = User.objects.get(username="integration")
    other = issue_api_token(user=integration, name="other", scopes=["read", "write"])[1]

    create(writer, world, key='"shared-name"')
    second = create(other, world, key='"shared-name"')

    # another token's key of the same name is its own: it runs, and is not given the first token's answer
    assert second.status_code == 200 and not second.has_header("Idempotent-Replayed")
    assert Officer.objects.filter(name_latin="Aibek Sydykov").count() == 2


def test_a_refused_write_is_answered_the_same_way_on_retry(world: SmallWorld, writer: str) -> None:
    first = create(writer, world, name="", key='"blank"')
    again = create(writer, world, name="", key='"blank"')
    messages = first.json()["data"]["createOfficer"]["messages"]
    assert messages and messages[0]["field"] in {"name_native", "nameNative", "name_latin", "nameLatin"}
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"


def test_a_query_with_a_key_is_answered_as_usual_and_nothing_is_kept(world: SmallWorld, writer: str) -> None:
    answer = post(writer, ME, key='"a-query"')
    assert answer.status_code == 200 and answer.json() == {"data": {"me": None}}
    assert not IdempotentRequest.objects.exists()


@pytest.mark.parametrize(
    ("header", "what"),
    [
        ("unquoted-key", "not in double quotes"),
        ('""', "holds a key of 0 characters"),
        ('"' + "k" * 256 + '"', "holds a key of 256 characters"),
        ('"' + "k" * 100_000 + '"', "characters long"),
        ('"tab\there"', "not a quoted string"),
        ('"bell\x07"', "not a quoted string"),
        ('"ключ"', "not a quoted string"),
        ('"café"', "not a quoted string"),
        ('"a", "b"', "not a quoted string"),
        ('"unterminated', "not a quoted string"),
    ],
)
def test_a_malformed_key_is_refused_naming_the_header_and_nothing_is_written(
    world: SmallWorld, writer: str, header: str, what: str
) -> None:
    before = footprint()

    refused = create(writer, world, key=header)

    assert refused.status_code == 400
    (error,) = refused.json()["errors"]
    assert error["extensions"] == {
        "code": "INVALID_INPUT",
        "field": "Idempotency-Key",
        "reason": "malformed_idempotency_key",
    }
    assert what in error["message"] and 'Idempotency-Key: "' in error["message"]
    assert footprint() == before
    assert not IdempotentRequest.objects.exists()


def test_a_key_may_carry_parameters_and_escaped_quotes(world: SmallWorld, writer: str) -> None:
    first = create(writer, world, key=r'"quote\"and\\slash";client=1')
    again = create(writer, world, key=r'"quote\"and\\slash"')
    assert first.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert IdempotentRequest.objects.get().key == 'quote"and\\slash'


@override_settings(LIAISON_GRAPHQL_RATE_LIMIT="2/m")
def test_retries_count_against_the_rate_limit_like_any_request(world: SmallWorld, writer: str) -> None:
    answers = [create(writer, world, key='"limited"') for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]


def test_kept_answers_are_forgotten_after_the_keeping_time(world: SmallWorld, writer: str) -> None:
    # given one answer past its keeping time and one within it
    create(writer, world, key='"old"')
    create(writer, world, name="Nurlan Abdrakhmanov", key='"new"')
    IdempotentRequest.objects.filter(key="old").update(expires_at=timezone.now() - datetime.timedelta(minutes=1))

    # when the worker's pruning job runs
    call_command("run_job", "idempotency_pruning")

    # then only the expired one is gone, and its key runs afresh
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["new"]
    assert not create(writer, world, name="Third Person", key='"old"').has_header("Idempotent-Replayed")


@override_settings(LIAISON_IDEMPOTENCY_KEEP_HOURS=0.5)
def test_the_keeping_time_is_a_setting(world: SmallWorld, writer: str) -> None:
    create(writer, world, key='"half-hour"')
    kept = IdempotentRequest.objects.get()
    assert datetime.timedelta(minutes=29) < kept.expires_at - timezone.now() <= datetime.timedelta(minutes=30)


def test_erasing_an_officer_forgets_kept_answers_that_name_them(world: SmallWorld, writer: str) -> None:
    created = create(writer, world, name="Жаныл Абдыкадырова", key='"cyrillic"').json()["data"]["createOfficer"]
    admin = User.objects.create_user("admin", password="a-long-test-password", role="admin")
    client = Client()
    client.force_login(admin)
    erase = "mutation($o: ID!) { eraseOfficer(officer: $o) { __typename } }"
    client.post(
        "/graphql",
        data=json.dumps({"query": erase, "variables": {"o": created["uuid"]}}),
        content_type="application/json",
    )
    assert not Officer.objects.filter(uuid=created["uuid"]).exists()
    assert not IdempotentRequest.objects.filter(key="cyrillic").exists()
