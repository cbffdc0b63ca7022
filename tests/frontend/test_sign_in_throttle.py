"""Sign-in throttling: repeated failures lock an account or an address out for a while, say so, and are audited."""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.db.models import F
from django.test import Client

from tests.shell import run_manage

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
# Measured: it does not grow with the failures before it, and a locked-out attempt hashes no password.
QUERIES_PER_REFUSAL = 5


@pytest.fixture
def accounts(django_user_model: type) -> None:
    for username in ("someone", "another"):
        django_user_model.objects.create_user(username, password=PASSWORD, role="officer")


def sign_in(client: Client, username: str, password: str, address: str = "127.0.0.1") -> object:
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client: Client) -> bool:
    return client.get("/countries/").status_code == 200


def move_failures_back(minutes: int) -> None:
    """Make the recorded failures older, as if that much time had passed."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=minutes))


def test_five_wrong_passwords_lock_the_account_and_the_right_one_is_then_refused(
    client: Client, accounts: None
) -> None:
    # given four wrong passwords, each answered with the usual message
    for _ in range(4):
        response = sign_in(client, "someone", "wrong")
        assert response.status_code == 200
        assert "That username and password do not match an account" in response.content.decode()
    # when the fifth is wrong too
    response = sign_in(client, "someone", "wrong")
    # then sign-in is paused, the page says until when, and even the right password is refused
    html = response.content.decode()
    last_failure = AccessAttempt.objects.get(username="someone").attempt_time
    until = (last_failure + datetime.timedelta(minutes=15)).strftime("%H:%M")
    assert response.status_code == 429
    assert "Too many failed sign-ins for this account or from this address" in html
    assert f"Try again in 15 minutes, after {until} UTC" in html
    assert '<label for="id_username">' in html
    refused = sign_in(client, "someone", PASSWORD)
    assert refused.status_code == 429 and "Too many failed sign-ins" in refused.content.decode()
    assert not signed_in(client)


def test_each_failure_and_the_lock_out_are_in_the_audit(client: Client, accounts: None) -> None:
    for _ in range(5):
        sign_in(client, "someone", "wrong", address="203.0.113.7")
    failures = AccessFailureLog.objects.filter(username="someone", ip_address="203.0.113.7").order_by("attempt_time")
    assert [failure.locked_out for failure in failures] == [False, False, False, False, True]
    # the password tried is never kept
    assert "wrong" not in AccessAttempt.objects.get(username="someone").post_data


def test_failures_from_one_address_lock_that_address_for_every_account(client: Client, accounts: None) -> None:
    for number in range(5):
        sign_in(client, f"guess-{number}", "wrong", address="198.51.100.4")
    assert sign_in(client, "another", PASSWORD, address="198.51.100.4").status_code == 429
    # another address is not affected
    assert sign_in(client, "another", PASSWORD, address="198.51.100.5").status_code == 302


def test_failures_for_one_account_from_many_addresses_lock_that_account(client: Client, accounts: None) -> None:
    for number in range(5):
        sign_in(client, "someone", "wrong", address=f"192.0.2.{number + 1}")
    assert sign_in(client, "someone", PASSWORD, address="192.0.2.99").status_code == 429
    assert sign_in(client, "another", PASSWORD, address="192.0.2.99").status_code == 302


def test_the_lock_out_ends_after_the_cool_off_and_failures_meanwhile_do_not_extend_it(
    client: Client, accounts: None
) -> None:
    for _ in range(5):
        sign_in(client, "someone", "wrong")
    move_failures_back(minutes=14)
    # an attacker keeps trying during the lock-out
    assert sign_in(client, "someone", "wrong").status_code == 429
    move_failures_back(minutes=2)
    # 16 minutes after the fifth failure the owner signs in
    response = sign_in(client, "someone", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in(client)


def test_the_lock_out_message_is_in_russian(accounts: None) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    for _ in range(5):
        response = sign_in(client, "someone", "wrong")
    html = response.content.decode()
    assert response.status_code == 429
    assert "Слишком много неудачных попыток входа" in html and "15 минут" in html


def test_the_limit_and_the_cool_off_come_from_the_environment() -> None:
    show = (
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME)",
    )
    unset = ("LIAISON_SIGNIN_FAILURE_LIMIT", "LIAISON_SIGNIN_COOLOFF_MINUTES")
    assert run_manage(*show, unset=unset).stdout.split() == ["5", "0:15:00"]
    changed = run_manage(*show, LIAISON_SIGNIN_FAILURE_LIMIT="3", LIAISON_SIGNIN_COOLOFF_MINUTES="60")
    assert changed.stdout.split() == ["3", "1:00:00"]


def test_a_refused_sign_in_costs_the_same_few_queries_however_many_came_before(
    client: Client, accounts: None, django_assert_max_num_queries: object
) -> None:
    for _ in range(5):
        sign_in(client, "someone", "wrong")
    with django_assert_max_num_queries(QUERIES_PER_REFUSAL):
        assert sign_in(client, "someone", PASSWORD).status_code == 429
    for _ in range(20):
        sign_in(client, "someone", "wrong")
    with django_assert_max_num_queries(QUERIES_PER_REFUSAL):
        assert sign_in(client, "someone", PASSWORD).status_code == 429
