"""Filters on every record list: what each keeps, on top of what the viewer may see, and how bad values are refused."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from directory.models import Event, Organisation, Programme
from directory.services import events, geography, institutions
from tests.factories import SmallWorld

pytestmark = pytest.mark.django_db


@dataclass
class Programme2017:
    """A second workshop (Almaty, on darknet markets, organised by ICMEC, of a programme) beside the Tashkent one."""

    almaty: Event
    icmec: Organisation
    programme: Programme


@pytest.fixture
def programme(world: SmallWorld) -> Programme2017:
    almaty = geography.create_city(country_code="KZ", name_en="Almaty", name_ru="Алматы")
    icmec = institutions.create_organisation(name_en="ICMEC", kind="ngo", acronym="ICMEC")
    programme = events.create_programme(name="Cybercrime and darknet", started_in=2017)
    workshop = events.create_event(
        title="Darknet markets",
        short_title="Darknet",
        city=almaty,
        starts_on=datetime.date(2017, 10, 16),
        ends_on=datetime.date(2017, 10, 20),
        programme=programme,
        topics=[world.darknet],
        organisers=[icmec],
    )
    events.record_participation(world.dilnoza, workshop, role="trainer", rating="very_good")
    events.record_participation(world.bakyt, workshop, rating="good")
    events.record_coverage(organisation=icmec, country_code="KG", topic=world.cybercrime)
    return Programme2017(workshop, icmec, programme)


def names(answer: dict, key: str, field: str) -> list[str]:
    assert "errors" not in answer, answer["errors"]
    return [edge["node"][field] for edge in answer["data"][key]["edges"]]


EVENTS = "query($f: EventFilter) { events(filters: $f, first: 20) { edges { node { shortTitle } } } }"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["Darknet", "Crypto"]),
        ({"country": "kz"}, ["Darknet"]),
        ({"topic": "cybercrime"}, ["Darknet", "Crypto"]),  # a topic includes its sub-topics
        ({"topic": "crypto-laundering"}, ["Crypto"]),
        ({"onOrAfter": "2017-11-01"}, ["Crypto"]),
        ({"onOrBefore": "2017-10-16"}, ["Darknet"]),  # its first day is in the range
        ({"onOrAfter": "2017-10-20", "onOrBefore": "2017-11-27"}, ["Darknet", "Crypto"]),
        ({"onOrAfter": "2017-10-21", "onOrBefore": "2017-11-26"}, []),
        ({"OR": {"country": "KZ"}, "country": "UZ"}, ["Darknet", "Crypto"]),
        ({"NOT": {"country": "KZ"}}, ["Crypto"]),
    ],
)
def test_events_by_country_topic_and_days(as_token, world, programme, filters, expected) -> None:
    answer = as_token("read")(EVENTS, {"f": filters})

    assert names(answer, "events", "shortTitle") == expected


def test_events_by_city_organiser_trainer_and_programme(as_token, world: SmallWorld, programme: Programme2017) -> None:
    call = as_token("read")
    tashkent = world.workshop.city.uuid
    for filters, expected in [
        ({"city": str(tashkent)}, ["Crypto"]),
        ({"organiser": str(programme.icmec.uuid)}, ["Darknet"]),
        ({"trainer": str(world.partner.uuid)}, ["Crypto"]),
        ({"programme": str(programme.programme.uuid)}, ["Darknet"]),
        ({"organiser": "00000000-0000-4000-8000-000000000000"}, []),
    ]:
        assert names(call(EVENTS, {"f": filters}), "events", "shortTitle") == expected, filters


def test_events_ordered_by_first_day(as_token, world: SmallWorld, programme: Programme2017) -> None:
    query = "query($o: [EventOrder!]!) { events(ordering: $o, first: 5) { edges { node { shortTitle } } } }"

    latest_first = as_token("read")(query, {"o": [{"startsOn": "DESC"}]})
    earliest_first = as_token("read")(query, {"o": [{"startsOn": "ASC"}]})

    assert names(latest_first, "events", "shortTitle") == ["Crypto", "Darknet"]
    assert names(earliest_first, "events", "shortTitle") == ["Darknet", "Crypto"]


ORGANISATIONS = """query($f: OrganisationFilter) { organisations(filters: $f, first: 20, ordering: [{nameEn: ASC}]) {
  edges { node { nameEn kind } } } }"""


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"kind": "NGO"}, ["ICMEC"]),
        ({"kind": "LAW_ENFORCEMENT", "country": "IT"}, ["Central Counter-Narcotics Directorate"]),
        ({"acronym": "icmec"}, ["ICMEC"]),
        ({"topic": "cybercrime"}, ["Central Counter-Narcotics Directorate", "ICMEC"]),  # darknet-drugs is under it
        ({"topic": "darknet-drugs"}, ["Central Counter-Narcotics Directorate"]),
        ({"topic": "crypto-laundering"}, []),
    ],
)
def test_organisations_by_kind_country_acronym_and_topic_covered(as_token, programme, filters, expected) -> None:
    answer = as_token("read")(ORGANISATIONS, {"f": filters})

    assert names(answer, "organisations", "nameEn") == expected


def test_agencies_by_country_and_kind(as_token, world: SmallWorld) -> None:
    query = """query($f: AgencyFilter) { agencies(filters: $f, first: 20) {
      edges { node { nameEn country { code } } } } }"""
    call = as_token("read")

    interior = call(query, {"f": {"kind": "INTERIOR"}})["data"]["agencies"]["edges"]
    in_uzbekistan = names(call(query, {"f": {"country": "UZ"}}), "agencies", "nameEn")

    assert sorted(edge["node"]["country"]["code"] for edge in interior) == ["KG", "KZ"]
    assert in_uzbekistan == ["General Prosecutor's Office"]


def test_coverage_by_organisation_country_and_topic(as_token, world: SmallWorld, programme: Programme2017) -> None:
    query = """query($f: CoverageFilter) { coverage(filters: $f, first: 20) {
      edges { node { organisation { nameEn } country { code } topic { slug } } } } }"""
    call = as_token("read")

    def cells(filters: dict) -> list[tuple[str, str, str]]:
        answer = call(query, {"f": filters})
        assert "errors" not in answer, answer
        found = [edge["node"] for edge in answer["data"]["coverage"]["edges"]]
        return sorted((n["organisation"]["nameEn"], n["country"]["code"], n["topic"]["slug"]) for n in found)

    assert cells({"organisation": str(programme.icmec.uuid)}) == [("ICMEC", "KG", "cybercrime")]
    assert cells({"country": "UZ"}) == [("Central Counter-Narcotics Directorate", "UZ", "darknet-drugs")]
    assert cells({"topic": "cybercrime"}) == [
        ("Central Counter-Narcotics Directorate", "UZ", "darknet-drugs"),
        ("ICMEC", "KG", "cybercrime"),
    ]


PARTICIPATIONS = """query($f: ParticipationFilter) { participations(filters: $f, first: 20) {
  totalCount edges { node { role rating officer { nameLatin } event { shortTitle } } } } }"""


def test_participations_by_event_officer_role_and_rating(as_user, world: SmallWorld, programme: Programme2017) -> None:
    call = as_user("staff")

    def rows(filters: dict) -> list[tuple]:
        answer = call(PARTICIPATIONS, {"f": filters})
        assert "errors" not in answer, answer
        found = [edge["node"] for edge in answer["data"]["participations"]["edges"]]
        return [(n["event"]["shortTitle"], n["officer"]["nameLatin"], n["role"], n["rating"]) for n in found]

    assert rows({"event": str(programme.almaty.uuid)}) == [
        ("Darknet", "Dilnoza Karimova", "TRAINER", "VERY_GOOD"),
        ("Darknet", "Bakyt Tokayev", "PARTICIPANT", "GOOD"),
    ]
    assert rows({"officer": str(world.bakyt.uuid)}) == [
        ("Darknet", "Bakyt Tokayev", "PARTICIPANT", "GOOD"),
        ("Crypto", "Bakyt Tokayev", "PARTICIPANT", "EXCELLENT"),
    ]
    assert rows({"role": "TRAINER"}) == [("Darknet", "Dilnoza Karimova", "TRAINER", "VERY_GOOD")]
    assert [row[1] for row in rows({"rating": "EXCELLENT"})] == ["Asel Toktogulova", "Bakyt Tokayev"]


def test_each_rating_is_for_those_who_may_read_it(as_user, as_token, world, programme) -> None:
    # an integration reads who attended, not how each participant rated it, and may not filter by it
    listed = as_token("read")(PARTICIPATIONS, {"f": {"event": str(programme.almaty.uuid)}})
    refused = as_token("read")(PARTICIPATIONS, {"f": {"rating": "GOOD"}})

    assert [edge["node"]["rating"] for edge in listed["data"]["participations"]["edges"]] == [None, None]
    assert refused["data"] is None and refused["errors"][0]["extensions"] == {"code": "PERMISSION_DENIED"}
    assert "filters.rating" in refused["errors"][0]["message"]


def test_filters_never_show_what_the_viewer_may_not_see(as_user, world: SmallWorld, programme) -> None:
    # given Dilnoza, not yet verified: she sees only her own entry, so only her own participation
    answer = as_user("unverified")(PARTICIPATIONS, {"f": {"event": str(programme.almaty.uuid)}})

    assert [edge["node"]["officer"]["nameLatin"] for edge in answer["data"]["participations"]["edges"]] == [
        "Dilnoza Karimova"
    ]
    assert answer["data"]["participations"]["totalCount"] == 1


@pytest.mark.parametrize(
    ("query", "filters", "field", "reason"),
    [
        (EVENTS, {"country": "XX"}, "filters.country", "unknown_country"),
        (EVENTS, {"topic": "no-such-topic"}, "filters.topic", "unknown_topic"),
        (EVENTS, {"onOrAfter": "2017-12-01", "onOrBefore": "2017-11-01"}, "filters.onOrBefore", "range_reversed"),
        (EVENTS, {"city": "Tashkent"}, "filters.city", "malformed_id"),
        (EVENTS, {"NOT": {"country": "XX"}}, "filters.country", "unknown_country"),
        (ORGANISATIONS, {"acronym": "A" * 201}, "filters.acronym", "too_long"),
        (ORGANISATIONS, {"topic": "x" * 500}, "filters.topic", "too_long"),
        (PARTICIPATIONS, {"officer": "not-a-uuid"}, "filters.officer", "malformed_id"),
    ],
)
def test_a_bad_filter_is_a_typed_error_naming_it(as_user, world, query, filters, field, reason) -> None:
    answer = as_user("staff")(query, {"f": filters})

    assert answer["data"] is None
    (error,) = answer["errors"]
    assert error["extensions"] == {"code": "INVALID_INPUT", "field": field, "reason": reason}
    assert "Unexpected" not in error["message"]
