"""Rate limits: requests per user or token, failed token checks per address, each a 429 that says when to retry."""

from __future__ import annotations

import json

import pytest
from django.http import HttpResponse
from django.test import Client, override_settings

from directory.models import User
from directory.services.access import issue_api_token
from tests.shell import run_manage

pytestmark = pytest.mark.django_db

ME = json.dumps({"query": "{ me { uuid } }"})
UNKNOWN_TOKEN = "lsn_" + "A" * 40  # well-formed, so checking it takes a database lookup


def ask(client: Client, token: str | None = None, address: str = "198.51.100.7") -> HttpResponse:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post("/graphql", data=ME, content_type="application/json", REMOTE_ADDR=address, **headers)


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.create_user(username, password="a-long-test-password", role="staff"))
    return client


def assert_rate_limited(response: HttpResponse, rate: str, words: str) -> None:
    assert response.status_code == 429
    retry_after = int(response["Retry-After"])
    assert 1 <= retry_after <= 60
    (error,) = response.json()["errors"]
    assert error["extensions"] == {"code": "RATE_LIMITED", "limit": rate, "retryAfter": retry_after}
    assert words in error["message"] and f"Wait {retry_after} s (the Retry-After header)" in error["message"]


@override_settings(LIAISON_GRAPHQL_RATE_LIMIT="3/m")
def test_a_user_over_the_request_rate_gets_a_429_with_retry_after() -> None:
    # given a signed-in user allowed three requests a minute
    alice, bob = signed_in("alice"), signed_in("bob")
    # when they send four
    answers = [ask(alice) for _ in range(4)]
    # then three are answered and the fourth is refused, saying the limit and when to retry
    assert [response.status_code for response in answers] == [200, 200, 200, 429]
    assert all("errors" not in response.json() for response in answers[:3])
    assert_rate_limited(answers[3], "3/m", "Too many GraphQL requests from this user (the limit is 3 a minute)")
    # and another user is not held back by them
    assert ask(bob).status_code == 200


@override_settings(LIAISON_GRAPHQL_RATE_LIMIT="2/m")
def test_each_api_token_has_its_own_request_rate() -> None:
    integration = User.objects.create_user("integration", password="a-long-test-password", role="integration")
    _, first = issue_api_token(user=integration, name="first", scopes=["read"])
    _, second = issue_api_token(user=integration, name="second", scopes=["read"])
    client = Client()
    assert [ask(client, first).status_code for _ in range(3)] == [200, 200, 429]
    assert_rate_limited(ask(client, first), "2/m", "Too many GraphQL requests from this token")
    assert ask(client, second).status_code == 200


@override_settings(LIAISON_TOKEN_FAILURE_LIMIT="3/m")
def test_an_address_that_keeps_failing_token_checks_is_refused_before_any_lookup(django_assert_num_queries) -> None:
    integration = User.objects.create_user("integration", password="a-long-test-password", role="integration")
    _, valid = issue_api_token(user=integration, name="valid", scopes=["read"])
    client = Client()
    # given three failed token checks from one address, each a lookup answered UNAUTHENTICATED
    for _ in range(3):
        with django_assert_num_queries(1):
            response = ask(client, UNKNOWN_TOKEN)
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    # when that address presents a token again, even a valid one
    with django_assert_num_queries(0):
        refused = ask(client, valid)
    # then it is refused without any lookup, saying when to retry
    assert_rate_limited(refused, "3/m", "Too many failed API token checks from this address (the limit is 3 a minute)")
    # and another address with the valid token is served
    assert ask(client, valid, address="203.0.113.9").status_code == 200


@override_settings(LIAISON_TOKEN_FAILURE_LIMIT="2/m", LIAISON_CLIENT_ADDRESS_HEADER="HTTP_X_FORWARDED_FOR")
def test_behind_a_proxy_failed_tokens_count_per_client_address_and_ipv6_per_64() -> None:
    client = Client()

    def fail(forwarded: str) -> int:
        return client.post(
            "/graphql",
            data=ME,
            content_type="application/json",
            REMOTE_ADDR="10.0.0.1",  # the proxy, the same for every client
            HTTP_X_FORWARDED_FOR=forwarded,
            HTTP_AUTHORIZATION=f"Bearer {UNKNOWN_TOKEN}",
        ).status_code

    # given one client (a spoofed first entry changes nothing: the proxy appends the address it saw)
    assert [fail("192.0.2.1"), fail("6.6.6.6, 192.0.2.1"), fail("192.0.2.1")] == [200, 200, 429]
    # then another client behind the same proxy is not held back
    assert fail("192.0.2.2") == 200
    # and the addresses of one IPv6 /64 count together
    assert [fail("2001:db8:1:2::1"), fail("2001:db8:1:2::ffff"), fail("2001:db8:1:2:aaaa::9")] == [200, 200, 429]
    assert fail("2001:db8:1:3::1") == 200


def test_the_default_limits_are_generous() -> None:
    client = signed_in("busy")
    assert all(ask(client).status_code == 200 for _ in range(50))


def test_a_malformed_rate_in_the_environment_stops_the_server_naming_the_variable() -> None:
    result = run_manage("check", LIAISON_GRAPHQL_RATE_LIMIT="lots")
    assert result.returncode != 0
    assert "LIAISON_GRAPHQL_RATE_LIMIT is 'lots'; give a count per period such as 600/m" in result.stderr
