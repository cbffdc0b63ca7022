"""Every answer is in the language the visitor chose, else the one their browser asks for, and says which."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.test import Client

from directory.demo import DEMO_INTEGRATION, DemoSummary
from directory.models import User
from directory.services.access import issue_api_token

pytestmark = pytest.mark.django_db

QUERY = json.dumps({"query": "{ countries(first: 1) { totalCount } }"})


def test_no_address_carries_a_language() -> None:
    # directory.middleware.LanguageMiddleware never looks for a language in the path: it relies on this.
    assert is_language_prefix_patterns_used(settings.ROOT_URLCONF) == (False, False)


@pytest.mark.parametrize(("asked", "spoken"), [("ru", "ru"), ("kk-KZ,kk;q=0.9", "kk"), ("fr", "en"), ("", "en")])
def test_a_page_speaks_the_browsers_language(client: Client, asked: str, spoken: str) -> None:
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE=asked)
    assert f'lang="{spoken}"' in response.content.decode()
    assert response["Content-Language"] == spoken
    assert "Accept-Language" in response["Vary"]


def test_the_visitors_choice_wins_over_the_browsers(client: Client) -> None:
    client.post("/i18n/setlang/", {"language": "uz", "next": "/login/"})
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="ru")
    assert 'lang="uz"' in response.content.decode()
    assert response["Content-Language"] == "uz"


def test_graphql_answers_say_their_language(demo: DemoSummary) -> None:
    # The reasons' sentences of a graph answer come in this language (tests/api/test_graph_reasons.py).
    _, token = issue_api_token(
        user=User.objects.get(username=DEMO_INTEGRATION), name="language", scopes=["read"], expires_in_days=1
    )
    for language in ("en", "ru", "uz"):
        response = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE=language).post(
            "/graphql", data=QUERY, content_type="application/json"
        )
        assert response.status_code == 200 and "errors" not in response.json()
        assert response["Content-Language"] == language
        assert "Accept-Language" in response["Vary"]
