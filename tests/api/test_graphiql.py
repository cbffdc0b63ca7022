"""GraphiQL in development: served from vendored assets only, and talking to /graphql through the CSRF check."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.test import Client, RequestFactory

from api.schema import schema
from api.views import LiaisonGraphQLView
from directory.models import User

VENDORED = Path(settings.BASE_DIR) / "api" / "static" / "api" / "graphiql"
# Each vendored file with a size well below its real one: a truncated download or an error page fails.
ASSETS = {
    "graphiql.min.js": 1_000_000,
    "graphiql.min.css": 100_000,
    "react.production.min.js": 5_000,
    "react-dom.production.min.js": 100_000,
}
LICENSES = ("LICENSE.graphiql", "LICENSE.react", "LICENSE.react-dom")


def _development_view() -> Any:
    """The view as routed where introspection is on (the URL conf decides at import, so build it here)."""
    return LiaisonGraphQLView.as_view(schema=schema, graphql_ide="graphiql")


def _as(user: User, request: HttpRequest) -> HttpRequest:
    request.user = user
    return request


def _open_graphiql(user: User) -> HttpResponse:
    """GET the page as a browser would, through the CSRF middleware that sets the cookie."""
    request = _as(user, RequestFactory().get("/graphql", HTTP_ACCEPT="text/html"))
    return CsrfViewMiddleware(_development_view())(request)


@pytest.mark.django_db
def test_graphiql_loads_only_the_vendored_assets(people: dict[str, User]) -> None:
    # when
    response = _open_graphiql(people["admin"])
    # then
    assert response.status_code == 200
    html = response.content.decode()
    referenced = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert sorted(referenced) == sorted(f"/static/api/graphiql/{name}" for name in ASSETS)
    assert "http://" not in html
    assert "https://" not in html


@pytest.mark.django_db
def test_graphiql_sets_the_csrf_cookie_its_queries_echo(people: dict[str, User]) -> None:
    # given
    token = _open_graphiql(people["admin"]).cookies[settings.CSRF_COOKIE_NAME].value
    body = json.dumps({"query": "{ countries(first: 1) { totalCount } }"})

    def post(**headers: str) -> HttpResponse:
        request = RequestFactory().post("/graphql", data=body, content_type="application/json", **headers)
        request.COOKIES[settings.CSRF_COOKIE_NAME] = token
        return _development_view()(_as(people["admin"], request))

    # when
    with_header = post(HTTP_X_CSRFTOKEN=token)
    without_header = post()
    # then
    assert with_header.status_code == 200
    assert json.loads(with_header.content)["data"]["countries"]["totalCount"] == 4
    assert without_header.status_code == 403


@pytest.mark.parametrize(("name", "minimum_bytes"), ASSETS.items())
def test_each_vendored_asset_is_there_and_served_as_static(name: str, minimum_bytes: int) -> None:
    assert (VENDORED / name).stat().st_size > minimum_bytes
    assert finders.find(f"api/graphiql/{name}") == str(VENDORED / name)


@pytest.mark.parametrize("name", LICENSES)
def test_each_vendored_package_keeps_its_licence(name: str) -> None:
    assert "Permission is hereby granted" in (VENDORED / name).read_text()


@pytest.mark.skipif(settings.LIAISON_GRAPHQL_INTROSPECTION, reason="GraphiQL is routed where introspection is on")
def test_the_routed_view_offers_no_graphiql_and_refuses_get() -> None:
    # when
    response = Client().get("/graphql", HTTP_ACCEPT="text/html")
    # then
    assert response.status_code == 405
    assert response.json() == {
        "errors": [{"message": "Send GraphQL operations with POST; queries over GET are not accepted."}]
    }
