"""Over real HTTP: pages, /graphql and the admin carry the policy headers and are never stored; static files may be."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils.cache import add_never_cache_headers

from directory.demo import DEMO_ADMIN, DEMO_INTEGRATION, DEMO_OFFICER, DEMO_PASSWORD, DemoSummary
from directory.middleware import NoStoreMiddleware
from directory.models import Officer, User
from directory.services.access import issue_api_token
from tests.frontend.test_every_page import every_page

pytestmark = pytest.mark.django_db(transaction=True)

QUERY = json.dumps({"query": "{ countries(first: 1) { totalCount } }"})


def directives(response: HttpResponse) -> dict[str, str]:
    """The Content-Security-Policy as directive name to its sources."""
    parts = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts if part[0]}


def assert_protected(response: HttpResponse, name: str) -> None:
    """The response tells the browser to run only Liaison's own files, use no device, and keep no copy."""
    policy = directives(response)
    assert policy["script-src"].split()[0] == "'self'", name
    assert "'unsafe-inline'" not in response["Content-Security-Policy"], name
    assert "'unsafe-eval'" not in response["Content-Security-Policy"], name
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'", name
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"], name
    assert "no-store" in response["Cache-Control"], name
    assert "public" not in response["Cache-Control"], name


def test_every_page_is_protected_and_never_stored(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    # given
    client = sign_in(DEMO_ADMIN)
    officer = Officer.objects.filter(contacts__isnull=False).order_by("id").first()
    pages = {
        **every_page(),
        "finder answer (htmx)": "/?topic=darknet-drug-trafficking&scope=neighbours",
        "missing page": "/no/such/page/",
        "admin": "/admin/",
        "admin officers": "/admin/directory/officer/",
        "admin officer": f"/admin/directory/officer/{officer.pk}/change/",
        "admin contact log": "/admin/directory/contactaccesslog/",
    }
    for name, address in pages.items():
        # when
        headers = {"HX-Request": "true"} if "htmx" in name else {}
        response = client.get(address, headers=headers)
        # then
        assert response.status_code == (404 if name == "missing page" else 200), name
        assert_protected(response, name)


def test_the_profile_with_contact_details_is_never_stored(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    # given
    officer = Officer.objects.filter(contacts__visibility="signed_in").order_by("id").first()
    # when
    response = sign_in(DEMO_OFFICER).get(f"/officers/{officer.uuid}/")
    # then
    assert officer.contacts.filter(visibility="signed_in").first().value in response.content.decode()
    assert_protected(response, "profile")
    assert response["Expires"]  # for HTTP/1.0 caches: already expired


def test_signed_out_pages_are_protected_too(client: Client, demo: DemoSummary) -> None:
    for address in ["/login/", "/", "/admin/login/", "/healthz", "/metrics"]:
        assert_protected(client.get(address), address)


def test_graphql_answers_are_never_stored(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    # given: a browser session, and an integration's token
    _, token = issue_api_token(user=User.objects.get(username=DEMO_INTEGRATION), name="headers", scopes=["read"])
    # when
    by_session = sign_in(DEMO_OFFICER).post("/graphql", QUERY, content_type="application/json")
    by_token = Client().post(
        "/graphql", QUERY, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )
    refused = Client().get("/graphql")
    # then
    assert by_session.json()["data"]["countries"]["totalCount"] == demo.countries
    assert by_token.json()["data"]["countries"]["totalCount"] == demo.countries
    for name, response in {"session": by_session, "token": by_token, "GET": refused}.items():
        assert_protected(response, name)
    assert settings.SESSION_COOKIE_NAME not in by_token.cookies  # a token call starts no session


def test_static_files_may_be_cached(settings: object) -> None:
    # given: WhiteNoise serving straight from the apps' static folders, as collectstatic would lay them out
    settings.WHITENOISE_USE_FINDERS = True
    client = Client()
    for address in ["/static/frontend/site.css", "/static/django_htmx/htmx-2.min.js", "/static/admin/css/base.css"]:
        # when
        response = client.get(address)
        # then
        assert response.status_code == 200, address
        assert "max-age=" in response["Cache-Control"] and "no-store" not in response["Cache-Control"], address
        response.close()


def test_the_session_cookie_is_http_only_and_same_site(demo: DemoSummary) -> None:
    # when: a person signs in through the form
    client = Client()
    response = client.post("/login/", {"username": DEMO_OFFICER, "password": DEMO_PASSWORD})
    # then
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert_protected(response, "sign-in redirect")


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize(
    "own",
    [{}, {"Cache-Control": "max-age=3600, public"}, {"Expires": "Thu, 01 Jan 2099 00:00:00 GMT"}],
    ids=["none", "cache-control", "expires"],
)
def test_no_response_is_stored_as_djangos_own_never_cache_would_say(own: dict[str, str]) -> None:
    # given a response as a view left it, with none, or some, of the caching headers
    def view_answer() -> HttpResponse:
        response = HttpResponse("{}")
        for name, value in own.items():
            response[name] = value
        return response

    expected = view_answer()
    add_never_cache_headers(expected)
    # when it leaves through the middleware
    answered = NoStoreMiddleware(lambda request: view_answer())(RequestFactory().get("/graphql"))
    # then it says what Django's helper says, word for word (the date may move on by a second)
    assert answered["Cache-Control"] == expected["Cache-Control"]
    assert "no-store" in answered["Cache-Control"] and "public" not in answered["Cache-Control"].split(", ")
    assert answered["Expires"][:-12] == expected["Expires"][:-12] and answered["Expires"].endswith(" GMT")
