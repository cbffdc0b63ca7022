"""N+1-free: the number of SQL queries does not grow with the page, and each graph field is one Cypher round trip."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from directory.models import User
from directory.services import officers
from graph.driver import get_driver
from tests.factories import SmallWorld, build_small_world

PAGE = """query Page($n: Int!) { officers(first: $n) { totalCount edges { node {
  uuid nameLatin agency { nameEn country { code nameEn } } languages { code }
  expertise { level topic { slug nameEn } } } } } }"""


def sql_queries(client: Client, query: str, variables: dict) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            "/graphql", data=json.dumps({"query": query, "variables": variables}), content_type="application/json"
        )
    return len(captured.captured_queries), response.json()


@pytest.mark.django_db
def test_a_page_of_10_and_of_100_officers_take_the_same_number_of_queries() -> None:
    # given 103 officers with agencies, countries, languages and expertise
    world = build_small_world()
    for number in range(100):
        officers.create_officer(
            name_native=f"Офицер {number}",
            name_latin=f"Officer {number:03}",
            agency=world.kz_police,
            languages=["ru", "en"],
            expertise={world.crypto: 1 + number % 3, world.darknet: 1},
        )
    client = Client()
    client.force_login(User.objects.create_user("counter", password="a-long-test-password", role="staff"))
    client.get("/graphql")  # a session's first request records its activity (the idle timeout); count later ones
    # when
    ten, small = sql_queries(client, PAGE, {"n": 10})
    hundred, large = sql_queries(client, PAGE, {"n": 100})
    # then
    assert "errors" not in small and "errors" not in large, large.get("errors")
    assert len(small["data"]["officers"]["edges"]) == 10 and len(large["data"]["officers"]["edges"]) == 100
    assert large["data"]["officers"]["totalCount"] == 103
    assert ten == hundred
    assert hundred <= 8, f"{hundred} queries for a page of officers"


@pytest.fixture
def cypher_round_trips(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every query the driver sends, recorded while still sent to the real server."""
    sent: list[str] = []
    driver_type = type(get_driver())
    original = driver_type.execute_query

    def recording(self, query, *args, **kwargs):  # type: ignore[no-untyped-def]
        sent.append(str(getattr(query, "text", query)))
        return original(self, query, *args, **kwargs)

    monkeypatch.setattr(driver_type, "execute_query", recording)
    yield sent


GRAPH_FIELDS = {
    "counterparts": "query Q($topic: ID!, $officer: ID!) { counterparts(topic: $topic, officer: $officer) "
    "{ score officer { uuid agency { nameEn } } } }",
    "introductionPaths": "query Q($officer: ID!, $other: ID!) { introductionPaths(fromOfficer: $officer, "
    "toOfficer: $other) { hops { reason { kind } } } }",
    "coverageGaps": "query Q { coverageGaps { country { code } partners { nameEn } trainedOfficers } }",
    "neighbourhood": "query Q($officer: ID!) { neighbourhood(kind: OFFICER, uuid: $officer) "
    "{ nodes { id } links { type } } }",
    "searchNames": 'query Q { searchNames(text: "Tokayev") { uuid kind } }',
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("field", sorted(GRAPH_FIELDS))
def test_each_graph_field_is_one_cypher_round_trip(cypher_round_trips: list[str], field: str) -> None:
    world: SmallWorld = build_small_world()
    client = Client()
    client.force_login(User.objects.create_user("graph", password="a-long-test-password", role="staff"))
    query = GRAPH_FIELDS[field]
    candidates = {"topic": str(world.cybercrime.uuid), "officer": str(world.asel.uuid), "other": str(world.bakyt.uuid)}
    variables = {name: value for name, value in candidates.items() if f"${name}" in query}
    cypher_round_trips.clear()
    response = client.post(
        "/graphql", data=json.dumps({"query": query, "variables": variables}), content_type="application/json"
    )
    answer = response.json()
    assert "errors" not in answer, answer
    assert answer["data"][field] not in (None, [])
    assert len(cypher_round_trips) == 1, cypher_round_trips
