"""`mySubscriptions`: what the caller follows, and nobody else's subscriptions."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Country, User
from directory.services.subscriptions import subscribe
from tests.factories import SmallWorld

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


def test_following_many_things_takes_no_more_queries_than_following_one(
    as_user, people: dict[str, User], world: SmallWorld
) -> None:
    # given the staff member follows one country, and the admin eight things of every kind
    subscribe(people["staff"], Country.objects.get(code="KZ"), frequency="daily", language="ru")
    followed = [*Country.objects.filter(code__in=["KZ", "UZ", "KG"]), world.crypto, world.darknet]
    for target in [*followed, world.kz_police, world.uz_prosecutor, world.partner]:
        subscribe(people["admin"], target, frequency="weekly", language="en")
    staff, admin = as_user("staff"), as_user("admin")
    staff(QUERY), admin(QUERY)  # each session's first request records its activity
    # when each asks
    with CaptureQueriesContext(connection) as one:
        mine = staff(QUERY)["data"]["mySubscriptions"]
    with CaptureQueriesContext(connection) as eight:
        theirs = admin(QUERY)["data"]["mySubscriptions"]
    # then each sees what they follow by name, in as many queries
    assert [s["following"] for s in mine] == ["Kazakhstan"]
    assert {s["following"] for s in theirs} >= {"Uzbekistan", "Cryptocurrency laundering", world.partner.name_en}
    assert len(theirs) == 8 and len(one.captured_queries) == len(eight.captured_queries)
