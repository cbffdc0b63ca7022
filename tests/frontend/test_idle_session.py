"""A signed-in session ends after LIAISON_SESSION_IDLE_MINUTES without a request, and not before."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from directory.middleware import LAST_ACTIVITY_KEY
from directory.models import User

pytestmark = pytest.mark.django_db

PAGE = "/countries/"


@pytest.fixture
def client_signed_in() -> Client:
    """A client signed in as programme staff, having made one request."""
    client = Client()
    client.force_login(User.objects.create_user("idle-staff", password="a-long-test-password", role="staff"))
    assert client.get(PAGE).status_code == 200
    return client


def idle_for(client: Client, seconds: int) -> None:
    """Move the session's last request `seconds` into the past."""
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - seconds
    session.save()


def test_the_default_limit_is_thirty_minutes() -> None:
    assert settings.LIAISON_SESSION_IDLE_MINUTES == 30


def test_a_session_idle_past_the_limit_must_sign_in_again(client_signed_in: Client) -> None:
    # given
    old_key = client_signed_in.session.session_key
    idle_for(client_signed_in, 30 * 60 + 5)
    # when
    response = client_signed_in.get(PAGE)
    # then: sent to sign in, and the old session is gone from the server
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={PAGE}"
    assert not Session.objects.filter(session_key=old_key).exists()
    assert client_signed_in.get(PAGE).status_code == 302


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "You were signed out after 30 minutes without activity. Sign in again to go on."),
        ("ru", "Сеанс завершён после 30 минут бездействия. Войдите снова, чтобы продолжить."),
    ],
)
def test_the_sign_in_page_says_why_the_session_ended(language: str, said: str) -> None:
    # given
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(User.objects.create_user("idle-reader", password="a-long-test-password", role="staff"))
    client.get(PAGE)
    idle_for(client, 31 * 60)
    # when
    response = client.get(PAGE, follow=True)
    # then
    assert response.redirect_chain[-1][0] == f"/login/?next={PAGE}"
    assert said in response.content.decode()


def test_a_session_used_within_the_limit_stays_signed_in_and_starts_again(client_signed_in: Client) -> None:
    # given
    idle_for(client_signed_in, 29 * 60)
    # when
    response = client_signed_in.get(PAGE)
    # then: still signed in, and the idle time counts from this request
    assert response.status_code == 200
    assert client_signed_in.session[LAST_ACTIVITY_KEY] >= int(time.time()) - 5
    idle_for(client_signed_in, 29 * 60)
    assert client_signed_in.get(PAGE).status_code == 200


def test_the_limit_follows_the_setting(client_signed_in: Client, settings: object) -> None:
    # given
    settings.LIAISON_SESSION_IDLE_MINUTES = 5
    idle_for(client_signed_in, 4 * 60)
    assert client_signed_in.get(PAGE).status_code == 200
    idle_for(client_signed_in, 6 * 60)
    # when
    response = client_signed_in.get(PAGE)
    # then
    assert response.status_code == 302


def test_requests_within_a_minute_write_no_session(client_signed_in: Client) -> None:
    # when: a second page right after the first
    with CaptureQueriesContext(connection) as queries:
        assert client_signed_in.get(PAGE).status_code == 200
    # then: the session is read, never written
    session_writes = [
        query["sql"]
        for query in queries.captured_queries
        if "django_session" in query["sql"] and not query["sql"].lstrip().upper().startswith("SELECT")
    ]
    assert session_writes == []


def test_a_request_after_a_minute_records_the_activity(client_signed_in: Client) -> None:
    # given
    idle_for(client_signed_in, 90)
    # when
    client_signed_in.get(PAGE)
    # then
    assert client_signed_in.session[LAST_ACTIVITY_KEY] >= int(time.time()) - 5


def test_signed_out_visitors_and_api_calls_start_no_session(client: Client) -> None:
    # when
    client.get("/login/")
    client.post("/graphql", "{}", content_type="application/json")
    # then
    assert Session.objects.count() == 0
