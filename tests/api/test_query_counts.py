"""N+1-free: the number of SQL queries does not grow with the page, and each graph field is one Cypher round trip."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import graph.reads
from directory.models import User
from directory.services import events, institutions, officers
from graph.queries import questions as cypher
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
    original = graph.reads.read_records

    def recording(driver, query, *args, **kwargs):  # type: ignore[no-untyped-def]
        sent.append(str(getattr(query, "text", query)))
        return original(driver, query, *args, **kwargs)

    monkeypatch.setattr(graph.reads, "read_records", recording)
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
    # Besides the question, the counterparts read the graph's size (which plan to run) from Neo4j's count store, at
    # most once a minute in a process: whether this request is the one that reads it depends on the tests before it.
    questions = [sent for sent in cypher_round_trips if sent != cypher.EXPERTISE_LINKS]
    assert len(questions) == 1, cypher_round_trips
    assert len(cypher_round_trips) - len(questions) <= (1 if field == "counterparts" else 0), cypher_round_trips


@pytest.fixture
def many_records() -> SmallWorld:
    """The small world and 30 more of each listed record, linked as the filters below ask."""
    world = build_small_world()
    for number in range(30):
        organisation = institutions.create_organisation(name_en=f"Partner {number:02}", kind="ngo", country_code="IT")
        institutions.create_agency(country_code="KZ", name_en=f"Agency {number:02}", kind="interior")
        event = events.create_event(
            title=f"Workshop {number:02}",
            city=world.workshop.city,
            starts_on=datetime.date(2017, 1 + number % 12, 1),
            ends_on=datetime.date(2017, 1 + number % 12, 3),
            topics=[world.crypto, world.darknet],
            organisers=[organisation, world.partner],
            trainers=[world.partner],
        )
        events.record_coverage(organisation=organisation, country_code="KZ", topic=world.darknet)
        officer = officers.create_officer(
            name_native=f"Офицер {number}", name_latin=f"Officer {number:03}", agency=world.kz_police
        )
        events.record_participation(officer, event, rating="good")
    return world


FILTERED_LISTS = {
    "events": """query Page($n: Int!) { events(first: $n, filters: {country: "UZ", topic: "cybercrime",
      trainer: "%(partner)s", onOrAfter: "2016-01-01"}, ordering: [{startsOn: DESC}]) { totalCount edges { node {
      id uuid title city { nameEn country { code } } topics { slug } organisers { nameEn } trainers { nameEn }
      programme { name } } } } }""",
    "organisations": """query Page($n: Int!) { organisations(first: $n, filters: {kind: NGO, country: "IT",
      topic: "cybercrime"}, ordering: [{nameEn: ASC}]) { totalCount edges { node { id uuid nameEn kind
      country { code } } } } }""",
    "agencies": """query Page($n: Int!) { agencies(first: $n, filters: {country: "KZ", kind: INTERIOR})
      { totalCount edges { node { id uuid nameEn kind country { code } city { nameEn } } } } }""",
    "coverage": """query Page($n: Int!) { coverage(first: $n, filters: {country: "KZ", topic: "cybercrime"})
      { totalCount edges { node { id uuid organisation { nameEn kind } country { code } topic { slug } } } } }""",
    "participations": """query Page($n: Int!) { participations(first: $n, filters: {role: PARTICIPANT,
      rating: GOOD}) { totalCount edges { node { role rating officer { id nameLatin agency { nameEn } }
      event { id title city { nameEn } } } } } }""",
}


@pytest.mark.django_db
@pytest.mark.parametrize("field", sorted(FILTERED_LISTS))
def test_a_filtered_page_of_3_and_of_30_take_the_same_number_of_queries(many_records: SmallWorld, field) -> None:
    # given a programme officer's session and 30 matching records of each list
    client = Client()
    client.force_login(User.objects.create_user("counter", password="a-long-test-password", role="staff"))
    client.get("/graphql")
    query = FILTERED_LISTS[field] % {"partner": many_records.partner.uuid}
    # when
    few, small = sql_queries(client, query, {"n": 3})
    many, large = sql_queries(client, query, {"n": 30})
    # then
    assert "errors" not in small and "errors" not in large, large.get("errors")
    assert len(small["data"][field]["edges"]) == 3 and len(large["data"][field]["edges"]) == 30
    assert large["data"][field]["totalCount"] >= 30
    assert few == many, f"{field}: {few} queries for 3, {many} for 30"
    assert many <= FILTERED_LIST_QUERIES[field], f"{many} queries for a filtered page of {field}"


# The counts measured when the filters came, pinned: the session and its user, each filter's own lookup (a country
# by code, the topic tree), the page with its total, and one query per relation selected, whatever the page size.
FILTERED_LIST_QUERIES = {"events": 11, "organisations": 7, "agencies": 5, "coverage": 9, "participations": 7}


ONE_OFFICER = """query One($uuid: ID!) { officer(uuid: $uuid) { uuid nameLatin agency { nameEn country { code nameEn } }
  expertise { level topic { uuid nameEn } } participations { role event { uuid title startsOn } } } }"""


@pytest.mark.django_db
def test_one_officer_with_agency_country_expertise_and_events_takes_the_same_few_queries_however_many() -> None:
    # given an officer with one topic and one event, and another with three of each
    world = build_small_world()
    topics = [world.crypto, world.darknet, world.cybercrime]
    workshops = [
        events.create_event(
            title=f"Workshop {number}",
            city=world.workshop.city,
            starts_on=datetime.date(2017, 3, 1 + number),
            ends_on=datetime.date(2017, 3, 2 + number),
            topics=[world.crypto],
        )
        for number in range(3)
    ]
    few = officers.create_officer(
        name_native="Офицер", name_latin="Officer Few", agency=world.kz_police, expertise={world.crypto: 2}
    )
    many = officers.create_officer(
        name_native="Офицер", name_latin="Officer Many", agency=world.kz_police, expertise=dict.fromkeys(topics, 3)
    )
    events.record_participation(few, workshops[0], rating="good")
    for workshop in workshops:
        events.record_participation(many, workshop, rating="good")
    client = Client()
    client.force_login(User.objects.create_user("counter", password="a-long-test-password", role="staff"))
    client.get("/graphql")
    # when
    for_few, small = sql_queries(client, ONE_OFFICER, {"uuid": str(few.uuid)})
    for_many, large = sql_queries(client, ONE_OFFICER, {"uuid": str(many.uuid)})
    # then
    assert "errors" not in small and "errors" not in large, large.get("errors")
    assert large["data"]["officer"]["agency"]["country"]["code"] == "KZ"
    assert len(large["data"]["officer"]["expertise"]) == 3 and len(large["data"]["officer"]["participations"]) == 3
    assert {item["topic"]["nameEn"] for item in large["data"]["officer"]["expertise"]} == {t.name_en for t in topics}
    assert for_few == for_many
    # The session and its user, the officer with agency and country, the expertise with topics, the events attended
    # with their events: places, topics and events are joined, not loaded one query each (8 before).
    assert for_many <= 5, f"{for_many} queries for one officer"
