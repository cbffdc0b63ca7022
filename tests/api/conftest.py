"""Fixtures for the API: a small directory, users of every role, tokens, and a GraphQL caller."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from directory.models import ApiToken, Country, User
from directory.services import officers
from directory.services.access import issue_api_token, revoke_api_token
from tests.factories import SmallWorld, build_small_world

GraphQL = Callable[..., dict[str, Any]]


@pytest.fixture
def world() -> SmallWorld:
    world = build_small_world()
    officers.add_contact_channel(world.bakyt, kind="email", value="bakyt@demo.liaison.invalid", visibility="signed_in")
    officers.add_contact_channel(world.bakyt, kind="mobile", value="+7 700 000 0000", visibility="verified")
    officers.add_contact_channel(world.bakyt, kind="hotline_24_7", value="+7 700 111 1111", visibility="staff")
    officers.add_contact_channel(world.bakyt, kind="phone", value="+7 700 222 2222", visibility="stewards")
    return world


def _user(username: str, role: str, **extra: Any) -> User:
    return User.objects.create_user(username, password="a-long-test-password", role=role, **extra)


@pytest.fixture
def people(world: SmallWorld) -> dict[str, User]:
    """One user per kind of viewer in the permission matrix."""
    steward = _user("steward-kz", "steward", country=Country.objects.get(code="KZ"))
    verified = _user("verified-officer", "officer", officer=world.asel)
    officers.verify_officer(world.asel, by=steward)
    return {
        "unverified": _user("unverified-officer", "officer", officer=world.dilnoza),
        "verified": verified,
        "staff": _user("staff", "staff"),
        "steward_kz": steward,
        "steward_uz": _user("steward-uz", "steward", country=Country.objects.get(code="UZ")),
        "admin": _user("admin", "admin"),
        "integration": _user("integration", "integration"),
    }


@pytest.fixture
def tokens(people: dict[str, User]) -> dict[str, str]:
    """API tokens of the integration user: read-only, read-write, expired and revoked."""
    integration = people["integration"]
    _, read = issue_api_token(user=integration, name="read", scopes=["read"])
    _, write = issue_api_token(user=integration, name="write", scopes=["read", "write"])
    expired_token, expired = issue_api_token(user=integration, name="expired", scopes=["read"])
    ApiToken.objects.filter(pk=expired_token.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    revoked_token, revoked = issue_api_token(user=integration, name="revoked", scopes=["read", "write"])
    revoke_api_token(revoked_token)
    return {"read": read, "write": write, "expired": expired, "revoked": revoked}


def call(
    client: Client, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None, status: int = 200
) -> dict[str, Any]:
    """POST an operation to /graphql as JSON and return the decoded answer."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    response = client.post(
        "/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == status, response.content.decode()[:2000]
    return response.json()


@pytest.fixture
def as_user(people: dict[str, User]) -> Callable[[str | None], GraphQL]:
    """A GraphQL caller signed in as one of `people` (None: anonymous)."""

    def caller_for(who: str | None) -> GraphQL:
        client = Client()
        if who is not None:
            client.force_login(people[who])
        return lambda query, variables=None, **kw: call(client, query, variables, **kw)

    return caller_for


@pytest.fixture
def as_token(tokens: dict[str, str]) -> Callable[[str], GraphQL]:
    """A GraphQL caller presenting one of `tokens`."""

    def caller_for(which: str) -> GraphQL:
        client = Client()
        return lambda query, variables=None, **kw: call(client, query, variables, token=tokens[which], **kw)

    return caller_for


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    """Every test starts with no requests or failed tokens counted (the counters live in the cache)."""
    cache.clear()
