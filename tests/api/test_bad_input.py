"""Bad input through the API: a clear error or an empty answer, never a crash, and the data untouched."""

from __future__ import annotations

import pytest
from django.conf import settings

from directory.models import Agency, ChangeLog, Officer, OutboxEvent
from graph.driver import get_driver
from tests.factories import SmallWorld

pytestmark = pytest.mark.django_db(transaction=True)

HOSTILE = [
    "'",
    '"',
    "'; DROP TABLE directory_officer; --",
    "x' OR '1'='1",
    "}) MATCH (n) DETACH DELETE n //",
    "MATCH (n) DETACH DELETE n",
    "\\u0000",
    # a real NUL: PostgreSQL refuses text holding one, even only to compare it
    "KZ\x00",
    "*~?^:[]{}()",
]


def state() -> tuple[int, int, int, int]:
    """What a change would move: rows, outbox, change log and graph nodes."""
    records, _, _ = get_driver().execute_query("MATCH (n) RETURN count(n) AS n", database_=settings.NEO4J_DATABASE)
    return Officer.objects.count(), OutboxEvent.objects.count(), ChangeLog.objects.count(), records[0]["n"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_in_every_text_argument_changes_nothing(as_user, people, world: SmallWorld, text: str) -> None:
    call = as_user("admin")
    before = state()
    topic = str(world.cybercrime.uuid)
    answers = [
        call("query($t: String) { officers(first: 5, name: $t) { totalCount } }", {"t": text}),
        call("query($t: String) { officers(first: 5, country: $t) { totalCount } }", {"t": text}),
        call("query($t: String) { officers(first: 5, language: $t) { totalCount } }", {"t": text}),
        call("query($t: String) { officers(first: 5, topic: $t) { totalCount } }", {"t": text}),
        call(
            "query($topic: ID!, $t: String) { counterparts(topic: $topic, country: $t, language: $t, scope: ALL) "
            "{ score } }",
            {"topic": topic, "t": text},
        ),
        call('query($t: ID!) { counterparts(topic: $t, country: "KG") { score } }', {"t": text}),
        call("query($t: ID!) { neighbourhood(kind: OFFICER, uuid: $t) { nodes { id } } }", {"t": text}),
        call("query($t: [String!]) { coverageGaps(countries: $t) { trainedOfficers } }", {"t": [text]}),
        call("query($t: String) { events(first: 5, filters: {country: $t}) { totalCount } }", {"t": text}),
        call("query($t: String) { events(first: 5, filters: {topic: $t}) { totalCount } }", {"t": text}),
        call("query($t: ID) { events(first: 5, filters: {organiser: $t}) { totalCount } }", {"t": text}),
        call("query($t: String) { organisations(first: 5, filters: {acronym: $t}) { totalCount } }", {"t": text}),
        call("query($t: ID) { participations(first: 5, filters: {officer: $t}) { totalCount } }", {"t": text}),
        call("query($t: String!) { country(code: $t) { code } }", {"t": text}),
        call("query($t: String!) { topic(slug: $t) { slug } }", {"t": text}),
        call("query($t: ID!) { officer(uuid: $t) { uuid } }", {"t": text}),
    ]
    # Search reads the words in the text as words ("officer" finds offices, by stem): a list, never an error.
    searched = call("query($t: String!) { searchNames(text: $t) { uuid } }", {"t": text})
    assert "errors" not in searched and isinstance(searched["data"]["searchNames"], list)
    for answer in answers:
        assert "data" in answer
        for error in answer.get("errors", []):
            assert "Unexpected error" not in error["message"], answer
        # A lone quote may rightly match a name (transliterated soft signs are written as an apostrophe).
        if answer.get("data") and any(character.isalpha() for character in text):
            (value,) = answer["data"].values()
            assert value in ([], None) or value.get("totalCount", 0) == 0 or "nodes" in value
    assert state() == before


def test_malformed_and_unknown_ids_name_the_field(as_user, people, world: SmallWorld) -> None:
    call = as_user("admin")
    mutation = """mutation($o: ID!) { verifyOfficer(officer: $o) { __typename
      ... on OperationInfo { messages { kind field message code } } } }"""
    malformed = call(mutation, {"o": "not-a-uuid"})["data"]["verifyOfficer"]["messages"][0]
    assert malformed["field"] == "officer" and "is not a uuid" in malformed["message"]
    unknown = call(mutation, {"o": "00000000-0000-4000-8000-000000000000"})["data"]["verifyOfficer"]["messages"][0]
    assert unknown["field"] == "officer" and "No officer" in unknown["message"]
    unknown_node = call('{ node(id: "T2ZmaWNlcjowMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDA=") { id } }')
    assert unknown_node["data"] == {"node": None}  # Officer:00000000-0000-4000-8000-000000000000
    row_number = call('{ node(id: "T2ZmaWNlcjo5OTk5OTk=") { id } }')  # Officer:999999, as ids were before
    assert row_number["errors"][0]["extensions"] == {"code": "INVALID_INPUT", "field": "id"}
    assert "row number" in row_number["errors"][0]["message"]
    garbage = call('{ node(id: "garbage") { id } }')
    assert garbage["errors"] and "Unexpected" not in garbage["errors"][0]["message"]


def test_a_bad_value_is_a_typed_error_naming_the_field(as_user, people, world: SmallWorld) -> None:
    mutation = """mutation($c: String!) { createAgency(country: $c, nameEn: "Customs Committee", kind: CUSTOMS) {
      __typename ... on OperationInfo { messages { kind field message } } } }"""
    before = Agency.objects.count()
    answer = as_user("admin")(mutation, {"c": "XX"})["data"]["createAgency"]
    assert answer["__typename"] == "OperationInfo"
    assert answer["messages"][0] == {
        "kind": "VALIDATION",
        "field": "country",
        "message": "Unknown country code 'XX'; use an ISO 3166-1 alpha-2 code of a listed country, such as KZ.",
    }
    assert Agency.objects.count() == before
    hidden = as_user("admin")(mutation, {"c": "K\x00Z"})["data"]["createAgency"]
    assert hidden["messages"][0]["field"] == "country"
    assert hidden["messages"][0]["message"].startswith("Remove the hidden character U+0000 at position 2")
    assert Agency.objects.count() == before
    dates = """mutation($e: ID!) { updateEvent(event: $e, startsOn: "2017-12-09") {
      __typename ... on OperationInfo { messages { field message } } } }"""
    answer = as_user("admin")(dates, {"e": str(world.workshop.uuid)})["data"]["updateEvent"]
    assert answer["messages"][0]["field"] == "endsOn"


def test_oversized_strings_and_lists_are_refused(as_user, people, world: SmallWorld) -> None:
    call = as_user("admin")
    long_name = call("query($t: String) { officers(first: 5, name: $t) { totalCount } }", {"t": "Ы" * 500})
    assert long_name["data"] is None and "200 characters" in long_name["errors"][0]["message"]
    long_search = call("query($t: String!) { searchNames(text: $t) { uuid } }", {"t": "a" * 500})
    assert "200 characters" in long_search["errors"][0]["message"]
    many = call("query($c: [String!]) { coverageGaps(countries: $c) { trainedOfficers } }", {"c": ["KZ"] * 51})
    assert "at most 50" in many["errors"][0]["message"]
    mutation = """mutation($o: ID!, $l: [String!]) { updateOfficer(officer: $o, changes: {languages: $l}) {
      __typename ... on OperationInfo { messages { field message } } } }"""
    answer = call(mutation, {"o": str(world.asel.uuid), "l": ["ru"] * 51})["data"]["updateOfficer"]
    assert answer["messages"][0]["field"] == "languages"


def test_errors_carry_stable_codes(as_user, people, world: SmallWorld) -> None:
    call = as_user("admin")
    agency = """mutation { createAgency(country: "XX", nameEn: "Customs", kind: CUSTOMS) {
      ... on OperationInfo { messages { field code } } } }"""
    assert call(agency)["data"]["createAgency"]["messages"] == [{"field": "country", "code": "unknown_country"}]
    dates = """mutation($e: ID!) { updateEvent(event: $e, startsOn: "2017-12-09") {
      ... on OperationInfo { messages { field code } } } }"""
    answer = call(dates, {"e": str(world.workshop.uuid)})["data"]["updateEvent"]
    assert answer["messages"] == [{"field": "endsOn", "code": "dates_reversed"}]
    query = call('{ officers(first: 1, topic: "no-such-topic") { totalCount } }')
    assert query["errors"][0]["extensions"] == {"code": "INVALID_INPUT", "field": "topic", "reason": "unknown_topic"}


def test_bad_filters_and_lookups_are_typed_errors_that_change_nothing(as_user, people, world: SmallWorld) -> None:
    call = as_user("admin")
    before = state()
    refused = {
        "filters.country": call('{ agencies(filters: {country: "XX"}) { totalCount } }'),
        "filters.onOrBefore": call(
            '{ events(filters: {onOrAfter: "2017-12-01", onOrBefore: "2017-01-01"}) { totalCount } }'
        ),
        "filters.topic": call("query($t: String) { coverage(filters: {topic: $t}) { totalCount } }", {"t": "x" * 5000}),
        "filters.acronym": call(
            "query($t: String) { organisations(filters: {acronym: $t}) { totalCount } }", {"t": "Ы" * 500}
        ),
        "code": call('{ country(code: "KAZ") { code } }'),
        "uuid": call('{ event(uuid: "1 OR 1=1") { uuid } }'),
    }
    for field, answer in refused.items():
        # A list is null as a whole; a lookup is nullable, so its answer is a null beside the error.
        assert answer["data"] is None or set(answer["data"].values()) == {None}, answer
        assert answer["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
        assert answer["errors"][0]["extensions"]["field"] == field
    # a uuid that names nothing is an empty answer, not an error
    nothing = call('{ coverage(filters: {organisation: "00000000-0000-4000-8000-000000000000"}) { totalCount } }')
    assert nothing == {"data": {"coverage": {"totalCount": 0}}}
    assert state() == before
