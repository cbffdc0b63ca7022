"""Two-factor sign-in: enrolling an app, signing in with its code or a recovery code, and the roles that must."""

from __future__ import annotations

import base64
import re
import time

import pytest
from axes.models import AccessFailureLog
from django.test import Client, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from directory.models import User
from directory.services.two_factor import enrol_authenticator, new_authenticator_key

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
STEP = 30


def code_for(key: bytes, steps_ahead: int = 0) -> str:
    """The code an authenticator app holding this key shows now (or that many 30-second steps later)."""
    totp = TOTP(key)
    totp.time = time.time() + steps_ahead * STEP
    return f"{totp.token():06d}"


def wrong_code_for(key: bytes) -> str:
    """A six-digit code that no step within the accepted window gives."""
    accepted = {code_for(key, steps) for steps in (-1, 0, 1)}
    return next(code for code in (f"{n:06d}" for n in range(10)) if code not in accepted)


@pytest.fixture
def officer(django_user_model: type) -> User:
    return django_user_model.objects.create_user("someone", password=PASSWORD, role="officer")


@pytest.fixture
def enrolled(officer: User) -> tuple[bytes, list[str]]:
    """The officer with an authenticator app (its key) and recovery codes."""
    key = new_authenticator_key()
    codes = enrol_authenticator(officer, key, code_for(bytes.fromhex(key)))
    return bytes.fromhex(key), codes


def password_step(client: Client, username: str = "someone", next_page: str = "") -> object:
    data = {"username": username, "password": PASSWORD}
    return client.post(f"/login/?next={next_page}" if next_page else "/login/", {**data, "next": next_page})


def signed_in(client: Client) -> bool:
    return client.get("/countries/").status_code == 200


def test_enrolling_shows_a_qr_code_and_the_key_and_a_code_from_the_app_turns_it_on(
    client: Client, officer: User
) -> None:
    # given an officer signed in with the password alone
    client.post("/login/", {"username": "someone", "password": PASSWORD})
    page = client.get("/account/two-factor/")
    html = page.content.decode()
    assert page.status_code == 200 and html.count("<h1>") == 1
    assert '<svg role="img"' in html and "<title>QR code to scan with an authenticator app</title>" in html
    assert '<label for="id_code">' in html
    # when they type the shown key into an app and enter the code it shows
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', html).group(1).replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    wrong = client.post("/account/two-factor/", {"code": wrong_code_for(key)})
    assert "That code does not match" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=officer).exists()
    response = client.post("/account/two-factor/", {"code": code_for(key)})
    # then it is on, and ten recovery codes are shown this once
    html = response.content.decode()
    assert response.status_code == 200 and "Your recovery codes" in html
    shown = re.findall(r"<li><code>([a-z2-7]+)</code></li>", html)
    assert len(shown) == 10
    assert sorted(shown) == sorted(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    again = client.get("/account/two-factor/").content.decode()
    assert "10 unused recovery codes left" in again and not any(code in again for code in shown)


def test_sign_in_asks_for_the_code_after_the_password(enrolled: tuple[bytes, list[str]]) -> None:
    key, _ = enrolled
    client = Client()
    response = password_step(client, next_page="/countries/")
    assert response.status_code == 302 and response["Location"] == "/login/code/?next=%2Fcountries%2F"
    # the password alone signs no one in
    assert not signed_in(client)
    page = client.get(response["Location"]).content.decode()
    assert '<label for="id_code">' in page and "The password for someone is right" in page
    # the enrolment used this step's code, so the app's next one signs in
    done = client.post("/login/code/", {"code": code_for(key, steps_ahead=1), "next": "/countries/"})
    assert done.status_code == 302 and done["Location"] == "/countries/"
    assert signed_in(client)


def test_a_wrong_code_is_refused_and_counted(enrolled: tuple[bytes, list[str]]) -> None:
    key, _ = enrolled
    client = Client()
    password_step(client)
    response = client.post("/login/code/", {"code": wrong_code_for(key)})
    assert response.status_code == 200
    assert "That code is not right, or was used already" in response.content.decode(), re.findall(
        r"role=\"alert\">.*", response.content.decode()
    )
    assert not signed_in(client)
    assert AccessFailureLog.objects.filter(username="someone").count() == 1


def test_a_recovery_code_signs_in_once(enrolled: tuple[bytes, list[str]]) -> None:
    _, codes = enrolled
    client = Client()
    password_step(client)
    assert client.post("/login/code/", {"code": codes[0].upper()}).status_code == 302
    assert signed_in(client)
    client.post("/logout/")
    password_step(client)
    refused = client.post("/login/code/", {"code": codes[0]})
    assert "That code is not right, or was used already" in refused.content.decode()
    assert not signed_in(client)


def test_new_recovery_codes_replace_the_old_and_a_code_turns_two_factor_off(
    enrolled: tuple[bytes, list[str]], officer: User
) -> None:
    key, old_codes = enrolled
    client = Client()
    password_step(client)
    client.post("/login/code/", {"code": old_codes[0]})
    page = client.post("/account/two-factor/recovery-codes/").content.decode()
    new_codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", page)
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    refused = client.post("/account/two-factor/remove/", {"code": old_codes[1]})
    assert refused.status_code == 400 and TOTPDevice.objects.filter(user=officer).exists()
    # (the app's code: django-otp makes the recovery codes wait a moment after a wrong one)
    removed = client.post("/account/two-factor/remove/", {"code": code_for(key, steps_ahead=1)})
    assert removed.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    # sign-in asks for the password only again
    client.post("/logout/")
    assert password_step(client)["Location"] == "/"


@override_settings(LIAISON_REQUIRE_2FA_ROLES=("steward", "admin"))
def test_a_steward_reaches_no_page_before_enrolling(django_user_model: type) -> None:
    django_user_model.objects.create_user("steward", password=PASSWORD, role="steward", is_staff=True)
    client = Client()
    assert password_step(client, username="steward")["Location"] == "/"
    for address in ["/", "/countries/", "/steward/", "/admin/", "/search/?q=x"]:
        response = client.get(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith("/account/two-factor/?next="), address
    assert client.post("/graphql", {"query": "{ __typename }"}).status_code == 302
    # enrolling opens the pages
    html = client.get("/account/two-factor/").content.decode()
    assert "Your role signs in with a second factor" in html
    key = bytes.fromhex(client.session["liaison_enrol_key"])
    assert client.post("/account/two-factor/", {"code": code_for(key)}).status_code == 200
    assert signed_in(client)


@override_settings(LIAISON_REQUIRE_2FA_ROLES=("steward", "admin"))
def test_the_admin_needs_the_second_factor_of_an_enrolled_admin(django_user_model: type) -> None:
    admin = django_user_model.objects.create_user("chief", password=PASSWORD, role="admin", is_staff=True)
    key = new_authenticator_key()
    enrol_authenticator(admin, key, code_for(bytes.fromhex(key)))
    # the admin's own sign-in form is replaced by the site's two steps
    assert Client().get("/admin/login/?next=/admin/")["Location"] == "/login/?next=/admin/"
    # a session signed in by password alone (here, forced) is sent to the code step
    client = Client()
    client.force_login(admin)
    assert client.get("/admin/")["Location"] == "/login/code/?next=%2Fadmin%2F"
    done = client.post("/login/code/", {"code": code_for(bytes.fromhex(key), steps_ahead=1), "next": "/admin/"})
    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_two_factor_pages_are_in_russian(enrolled: tuple[bytes, list[str]], officer: User) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    password_step(client)
    code_page = client.get("/login/code/").content.decode()
    assert '<html lang="ru">' in code_page and "Введите код для входа" in code_page
    client.post("/login/code/", {"code": enrolled[1][0]})
    manage_page = client.get("/account/two-factor/").content.decode()
    assert "Двухфакторный вход" in manage_page and "Сделать новые коды восстановления" in manage_page
    other = Client(HTTP_ACCEPT_LANGUAGE="ru")
    other.force_login(User.objects.create_user("newcomer", password=PASSWORD))
    enrol_page = other.get("/account/two-factor/").content.decode()
    assert "Включить двухфакторный вход" in enrol_page


def test_the_two_factor_page_needs_sign_in(client: Client) -> None:
    assert client.get("/account/two-factor/")["Location"] == "/login/?next=/account/two-factor/"
    assert client.get("/login/code/")["Location"] == "/login/?next=%2F"


def test_guessing_codes_locks_sign_in_like_wrong_passwords(enrolled: tuple[bytes, list[str]]) -> None:
    key, _ = enrolled
    client = Client()
    password_step(client)
    responses = [client.post("/login/code/", {"code": wrong_code_for(key)}) for _ in range(5)]
    assert [response.status_code for response in responses] == [200, 200, 200, 200, 429]
    assert "Too many failed sign-ins" in responses[-1].content.decode()
    refused = client.post("/login/code/", {"code": code_for(key, steps_ahead=1)})
    assert refused.status_code == 429 and not signed_in(client)


def test_a_password_step_left_too_long_must_be_done_again(enrolled: tuple[bytes, list[str]]) -> None:
    key, _ = enrolled
    client = Client()
    password_step(client)
    session = client.session
    session["liaison_pending_since"] -= 301
    session.save()
    response = client.post("/login/code/", {"code": code_for(key, steps_ahead=1)})
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")
    assert not signed_in(client)
