"""`mySubscriptions`: what the caller follows, and nobody else's subscriptions."""

from __future__ import annotations

import pytest

from directory.models import Country, User
from directory.services.subscriptions import subscribe

pytestmark = pytest.mark.django_db

QUERY = "{ mySubscriptions { kind frequency language following } }"


def test_a_user_reads_only_their_own_subscriptions(as_user, people: dict[str, User]) -> None:
    # given the staff member follows Kazakhstan daily, and the admin follows Uzbekistan
    subscribe(people["staff"], Country.objects.get(code="KZ"), frequency="daily", language="ru")
    subscribe(people["admin"], Country.objects.get(code="UZ"), frequency="weekly", language="en")

    # when each asks
    staff = as_user("staff")(QUERY)
    anonymous = as_user(None)(QUERY)

    # then each sees only their own, and nobody signed out sees anything
    assert staff["data"]["mySubscriptions"] == [
        {"kind": "country", "frequency": "daily", "language": "ru", "following": "Kazakhstan"}
    ]
    assert anonymous["data"] is None and anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_an_integration_token_has_none(as_token) -> None:
    assert as_token("read")(QUERY)["data"]["mySubscriptions"] == []
