"""Signing in and out, and the language switch."""

from __future__ import annotations

import pytest
from django.test import Client

from directory.demo import DEMO_OFFICER, DEMO_PASSWORD, DemoSummary

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_account(django_user_model: type) -> None:
    django_user_model.objects.create_user("someone", password="a-long-test-password", role="officer")


def test_signing_in_leads_to_the_finder(client: Client, officer_account: None) -> None:
    page = client.get("/login/")
    html = page.content.decode()
    assert '<label for="id_username">' in html and '<label for="id_password">' in html
    response = client.post("/login/", {"username": "someone", "password": "a-long-test-password"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_wrong_password_says_so_and_signs_no_one_in(client: Client, officer_account: None) -> None:
    response = client.post("/login/", {"username": "someone", "password": "wrong"})
    assert response.status_code == 200
    assert "That username and password do not match an account" in response.content.decode()
    assert client.get("/").status_code == 302


def test_signing_out_needs_a_post_and_ends_the_session(client: Client, officer_account: None) -> None:
    client.login(username="someone", password="a-long-test-password")
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert client.get("/").status_code == 302


def test_the_next_page_is_kept_through_sign_in(client: Client, officer_account: None) -> None:
    response = client.get("/coverage/")
    assert response["Location"] == "/login/?next=/coverage/"
    response = client.post(
        "/login/?next=/coverage/", {"username": "someone", "password": "a-long-test-password", "next": "/coverage/"}
    )
    assert response["Location"] == "/coverage/"


def test_the_language_switch_remembers_russian(client: Client, officer_account: None) -> None:
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/login/"})
    assert response.status_code == 302 and response["Location"] == "/login/"
    html = client.get("/login/").content.decode()
    assert '<html lang="ru">' in html and "Войти" in html


def test_the_demo_accounts_sign_in_with_the_demo_password(client: Client, demo: DemoSummary) -> None:
    assert client.login(username=DEMO_OFFICER, password=DEMO_PASSWORD)
