"""The records inside a graph answer: their relations in one query each, read exactly as the records' own fields."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from strawberry_django.optimizer import optimize

from api import answer_records
from directory.kept import Kept
from directory.models import Officer, User
from directory.services import events, institutions, officers
from directory.services.access import issue_api_token
from tests.factories import SmallWorld

pytestmark = pytest.mark.django_db(transaction=True)  # the graph is projected only after a real commit

# Everything an officer card may ask of an officer's relations, through fragments as client code writes them.
CARD = """fragment Card on Officer { uuid nameLatin agency { nameEn country { code } } languages { code }
  expertise { level topic { nameEn } } participations { role event { title } } contacts { kind value } }"""
COUNTERPARTS = (
    """query Find($topic: ID!, $officer: ID!, $limit: Int!) {
  counterparts(topic: $topic, officer: $officer, scope: ALL, limit: $limit) { score ...Found } }
fragment Found on Counterpart { officer { ...Card } }"""
    + CARD
)
INTRODUCTIONS = """query Paths($from: ID!, $to: ID!) { introductionPaths(fromOfficer: $from, toOfficer: $to) {
  officers { uuid languages { code } } hops { fromOfficer { uuid languages { code } }
  ... on IntroductionHop { toOfficer { uuid expertise { level topic { nameEn } } } } } } }"""
COVERAGE = """query Gaps($countries: [String!]) { coverageGaps(countries: $countries) { country { code nameEn }
  topic { slug broader { slug } } partners { nameEn country { code } } coveredSubtopics { slug broader { slug } }
  coverage { organisation { nameEn country { code } } events { title city { nameEn } } subtopics { slug } } } }"""
ONE_OFFICER = """query One($uuid: ID!) { officer(uuid: $uuid) { ...Card } }""" + CARD


def read_with(token: str, query: str, variables: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """The SQL reads an operation made, and its answer (each contact view shown is written apart, by the audit)."""
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            "/graphql", data=json.dumps({"query": query, "variables": variables}), content_type="application/json"
        )
    answer = response.json()
    assert "errors" not in answer, answer["errors"]
    return [query["sql"] for query in captured.captured_queries if query["sql"].startswith("SELECT")], answer["data"]


def asked(token: str, query: str, variables: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """How many SQL reads an operation took, and its answer."""
    reads, data = read_with(token, query, variables)
    return len(reads), data


@pytest.fixture
def crypto_experts(world: SmallWorld) -> list[Officer]:
    """Twelve more experts on cryptocurrency laundering, each with languages, a contact and the workshop."""
    experts = []
    for number in range(12):
        expert = officers.create_officer(
            name_native=f"Эксперт {number}",
            name_latin=f"Expert {number:02}",
            agency=world.uz_prosecutor,
            languages=["ru", "en"],
            expertise={world.crypto: 1 + number % 3, world.darknet: 1},
        )
        officers.add_contact_channel(
            expert,
            kind="email",
            value=f"expert{number}@demo.liaison.invalid",
            visibility=("signed_in", "staff")[number % 2],
        )
        events.record_participation(expert, world.workshop, rating="good")
        experts.append(expert)
    return experts


def test_counterparts_of_3_and_of_12_take_the_same_queries_whatever_their_officers_relations(
    world: SmallWorld, crypto_experts: list[Officer], tokens: dict[str, str]
) -> None:
    question = {"topic": str(world.crypto.uuid), "officer": str(world.asel.uuid)}
    asked(tokens["read"], COUNTERPARTS, {**question, "limit": 3})  # the ranking's figures are counted once
    # when
    few, small = asked(tokens["read"], COUNTERPARTS, {**question, "limit": 3})
    many, large = asked(tokens["read"], COUNTERPARTS, {**question, "limit": 12})
    # then
    assert len(small["counterparts"]) == 3 and len(large["counterparts"]) == 12
    assert all(c["officer"]["languages"] and c["officer"]["participations"] for c in large["counterparts"])
    assert few == many, f"{few} queries for 3 counterparts, {many} for 12"


def test_a_counterparts_officer_reads_as_the_officer_field_with_hidden_contacts_hidden(
    world: SmallWorld, crypto_experts: list[Officer], tokens: dict[str, str]
) -> None:
    # given an integration, which sees signed-in contacts but not the staff's
    question = {"topic": str(world.crypto.uuid), "officer": str(world.asel.uuid), "limit": 20}
    # when
    _, answer = asked(tokens["read"], COUNTERPARTS, question)
    # then each officer of the answer is the officer the officer field gives, relation by relation
    found = [c["officer"] for c in answer["counterparts"]]
    assert len(found) == 13  # Bakyt and the twelve experts
    for officer in found:
        assert officer == asked(tokens["read"], ONE_OFFICER, {"uuid": officer["uuid"]})[1]["officer"]
    values = {c["value"] for officer in found for c in officer["contacts"]}
    assert "expert0@demo.liaison.invalid" in values and "expert1@demo.liaison.invalid" not in values
    assert "+7 700 111 1111" not in values  # Bakyt's hotline is for staff
    bakyt = next(officer for officer in found if officer["uuid"] == str(world.bakyt.uuid))
    # In order of kind, on any database and whatever loaded them.
    assert [c["kind"] for c in bakyt["contacts"]] == ["EMAIL", "HOTLINE_24_7", "MOBILE", "PHONE"]


def test_introduction_paths_of_one_and_of_two_hops_take_the_same_queries(
    world: SmallWorld, tokens: dict[str, str]
) -> None:
    # given Bakyt knows Dilnoza, and Asel knows Bakyt
    officers.record_acquaintance(world.bakyt, world.dilnoza, source="declared")
    asel, bakyt, dilnoza = (str(officer.uuid) for officer in (world.asel, world.bakyt, world.dilnoza))
    # when
    one_hop, direct = asked(tokens["read"], INTRODUCTIONS, {"from": asel, "to": bakyt})
    two_hops, through = asked(tokens["read"], INTRODUCTIONS, {"from": asel, "to": dilnoza})
    # then the longer chain has more officers but costs no more queries, and reads as the officer field
    assert [[officer["uuid"] for officer in path["officers"]] for path in direct["introductionPaths"]] == [
        [asel, bakyt]
    ]
    [chain] = through["introductionPaths"]
    assert [officer["uuid"] for officer in chain["officers"]] == [asel, bakyt, dilnoza]
    assert [officer["languages"] for officer in chain["officers"]] == [
        [{"code": "ky"}, {"code": "ru"}],
        [{"code": "ru"}],
        [{"code": "en"}, {"code": "ru"}],
    ]
    expertise = asked(tokens["read"], ONE_OFFICER, {"uuid": dilnoza})[1]["officer"]["expertise"]
    assert chain["hops"][1]["toOfficer"] == {"uuid": dilnoza, "expertise": expertise}
    assert chain["hops"][1]["fromOfficer"] == {"uuid": bakyt, "languages": [{"code": "ru"}]}
    assert one_hop == two_hops, f"{one_hop} queries for one hop, {two_hops} for two"


def test_coverage_of_two_partners_and_of_ten_with_their_events_takes_the_same_queries(
    world: SmallWorld, tokens: dict[str, str]
) -> None:
    # given ten partners that trained Bakyt (Kazakhstan) at a workshop each, the first Dilnoza (Uzbekistan) too
    for number in range(10):
        partner = institutions.create_organisation(name_en=f"Partner {number:02}", kind="ngo", country_code="IT")
        workshop = events.create_event(
            title=f"Workshop {number:02}",
            city=world.workshop.city,
            starts_on=world.workshop.starts_on,
            ends_on=world.workshop.ends_on,
            topics=[world.darknet],
            trainers=[partner],
        )
        events.record_participation(world.bakyt, workshop, rating="good")
        if number == 0:
            events.record_participation(world.dilnoza, workshop, rating="good")
    # when
    few, uzbekistan = asked(tokens["read"], COVERAGE, {"countries": ["UZ"]})
    many, kazakhstan = asked(tokens["read"], COVERAGE, {"countries": ["KZ"]})
    # then
    trained = next(cell for cell in kazakhstan["coverageGaps"] if cell["topic"]["slug"] == "darknet-drugs")
    assert len(trained["partners"]) == 10 and all(p["country"] == {"code": "IT"} for p in trained["partners"])
    assert [len(entry["events"]) for entry in trained["coverage"]] == [1] * 10
    assert {e["city"]["nameEn"] for entry in trained["coverage"] for e in entry["events"]} == {"Tashkent"}
    assert trained["topic"]["broader"] == [{"slug": "cybercrime"}]
    stated = next(cell for cell in uzbekistan["coverageGaps"] if cell["topic"]["slug"] == "darknet-drugs")
    assert [p["nameEn"] for p in stated["partners"]] == ["Central Counter-Narcotics Directorate", "Partner 00"]
    assert few == many, f"{few} queries for two partners, {many} for ten"


# Only the uuids of the officers and the reasons' sentences: the answer's code reads the names of acquaintances in
# common, and who may see contact details, of officers whose other columns are left unloaded.
UUIDS_AND_REASONS = """query Find($topic: ID!, $officer: ID!, $limit: Int!) {
  counterparts(topic: $topic, officer: $officer, scope: ALL, limit: $limit) {
    officer { uuid } reasons { kind text } } }"""
UUIDS_AND_CONTACTS = """query Find($topic: ID!, $officer: ID!, $limit: Int!) {
  counterparts(topic: $topic, officer: $officer, scope: ALL, limit: $limit) { officer { uuid contacts { value } } } }"""


def test_counterparts_selecting_only_uuids_name_each_acquaintance_in_common_in_the_same_queries(
    world: SmallWorld, crypto_experts: list[Officer], tokens: dict[str, str]
) -> None:
    # given each expert knows someone Asel knows too, someone different for each
    for number, expert in enumerate(crypto_experts):
        friend = officers.create_officer(
            name_native=f"Друг {number}", name_latin=f"Friend {number:02}", agency=world.kg_police
        )
        officers.record_acquaintance(world.asel, friend, source="declared")
        officers.record_acquaintance(expert, friend, source="declared")
    question = {"topic": str(world.crypto.uuid), "officer": str(world.asel.uuid)}
    asked(tokens["read"], UUIDS_AND_REASONS, {**question, "limit": 3})  # the ranking's figures are counted once
    # when
    few, small = asked(tokens["read"], UUIDS_AND_REASONS, {**question, "limit": 3})
    many, large = asked(tokens["read"], UUIDS_AND_REASONS, {**question, "limit": 13})
    # then every expert's reasons name their own friend, and naming twelve costs no more queries than naming two
    friends = {
        found["officer"]["uuid"]: [r["text"] for r in found["reasons"] if r["kind"] == "MUTUAL_ACQUAINTANCE"]
        for found in large["counterparts"]
    }
    assert len(small["counterparts"]) == 3
    for number, expert in enumerate(crypto_experts):
        assert friends[str(expert.uuid)] == [f"knows Friend {number:02}, one of your acquaintances"]
    assert few == many, f"{few} queries for 3 counterparts, {many} for 13"


def test_a_steward_sees_every_contact_of_their_countrys_counterparts_when_selecting_only_uuids_and_contacts(
    world: SmallWorld, crypto_experts: list[Officer], people: dict[str, User]
) -> None:
    # given the steward of Kazakhstan asks through a token of their own
    _, token = issue_api_token(user=people["steward_kz"], name="steward", scopes=["read"])
    question = {"topic": str(world.crypto.uuid), "officer": str(world.asel.uuid)}
    asked(token, UUIDS_AND_CONTACTS, {**question, "limit": 3})  # the ranking's figures are counted once
    # when
    few, small = asked(token, UUIDS_AND_CONTACTS, {**question, "limit": 3})
    many, large = asked(token, UUIDS_AND_CONTACTS, {**question, "limit": 13})
    # then Bakyt (Kazakhstan) shows the phone for stewards only, the Uzbek experts only what staff may see
    contacts = {
        found["officer"]["uuid"]: {c["value"] for c in found["officer"]["contacts"]} for found in large["counterparts"]
    }
    assert "+7 700 222 2222" in contacts[str(world.bakyt.uuid)]
    assert contacts[str(crypto_experts[0].uuid)] == {"expert0@demo.liaison.invalid"}
    assert contacts[str(crypto_experts[1].uuid)] == {"expert1@demo.liaison.invalid"}
    assert len(small["counterparts"]) == 3
    assert few == many, f"{few} queries for 3 counterparts, {many} for 13"


PLAIN_OFFICERS = """query Plain($topic: ID!, $officer: ID!, $limit: Int!) {
  counterparts(topic: $topic, officer: $officer, scope: ALL, limit: $limit) {
    officer { uuid nameLatin agency { nameEn country { code } } } } }"""
AGENCY_IF_ASKED = """query Plain($topic: ID!, $officer: ID!, $limit: Int!, $agency: Boolean!) {
  counterparts(topic: $topic, officer: $officer, scope: ALL, limit: $limit) {
    officer { uuid nameLatin agency @include(if: $agency) { nameEn country { code } } } } }"""


def officer_reads(token: str, query: str, variables: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """The statements that read officers for an operation, and its answer."""
    reads, data = read_with(token, query, variables)
    return [sql for sql in reads if sql.startswith('SELECT "directory_officer"')], data


def test_an_answer_asked_again_reads_its_officers_as_the_optimizer_said_the_first_time(
    world: SmallWorld, crypto_experts: list[Officer], tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # given strawberry-django's optimizer, counted, and no refinement kept yet
    runs = []
    monkeypatch.setattr(answer_records, "_REFINEMENTS", Kept(answer_records.KEPT_REFINEMENTS))
    monkeypatch.setattr(answer_records, "optimize", lambda *args, **kwargs: runs.append(1) or optimize(*args, **kwargs))
    question = {"topic": str(world.crypto.uuid), "officer": str(world.asel.uuid), "limit": 12}

    # when the same question is asked three times
    asked_three_times = [officer_reads(tokens["read"], PLAIN_OFFICERS, question) for _ in range(3)]
    # and once more with the optimizer run for every answer
    monkeypatch.setattr(answer_records, "_kept_refinement", lambda nodes, fragments, reading, optimized: optimized)
    every_time = officer_reads(tokens["read"], PLAIN_OFFICERS, question)

    # then the optimizer worked out the first answer only, and every answer read its officers with agencies and
    # countries in one statement, the same each time, and said the same
    assert len(runs) == 1 + 1
    statements, answer = every_time
    assert len(statements) == 1 and '"directory_country"' in statements[0]
    assert all(kept == every_time for kept in asked_three_times)
    assert len(answer["counterparts"]) == 12
    assert "UZ" in {c["officer"]["agency"]["country"]["code"] for c in answer["counterparts"]}


def test_a_selection_with_a_directive_is_refined_for_each_answer_as_its_variables_say(
    world: SmallWorld, crypto_experts: list[Officer], tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(answer_records, "_REFINEMENTS", Kept(answer_records.KEPT_REFINEMENTS))
    question = {"topic": str(world.crypto.uuid), "officer": str(world.asel.uuid), "limit": 12}
    # when the agencies are left out of the first answer and asked in the next
    without, left_out = asked(tokens["read"], AGENCY_IF_ASKED, {**question, "agency": False})
    with_agencies, included = asked(tokens["read"], AGENCY_IF_ASKED, {**question, "agency": True})
    monkeypatch.setattr(answer_records, "_REFINEMENTS", Kept(answer_records.KEPT_REFINEMENTS))
    alone, _ = asked(tokens["read"], AGENCY_IF_ASKED, {**question, "agency": True})
    # then the first has no agencies, the next has each one, read with its officer as if it were asked first
    assert all("agency" not in c["officer"] for c in left_out["counterparts"])
    assert all(c["officer"]["agency"]["nameEn"] for c in included["counterparts"])
    assert with_agencies == alone == without


def test_contacts_shown_in_an_answer_follow_each_viewer_when_viewers_take_turns(
    world: SmallWorld, crypto_experts: list[Officer], tokens: dict[str, str], people: dict[str, User]
) -> None:
    # given an integration and the steward of Kazakhstan ask the same question in turn
    _, steward = issue_api_token(user=people["steward_kz"], name="steward", scopes=["read"])
    question = {"topic": str(world.crypto.uuid), "officer": str(world.asel.uuid), "limit": 13}

    def bakyts_contacts(token: str) -> set[str]:
        _, answer = asked(token, UUIDS_AND_CONTACTS, question)
        [bakyt] = [c["officer"] for c in answer["counterparts"] if c["officer"]["uuid"] == str(world.bakyt.uuid)]
        return {contact["value"] for contact in bakyt["contacts"]}

    # then each sees the contacts their role shows, whoever asked before
    turns = [bakyts_contacts(token) for token in (tokens["read"], steward, tokens["read"], steward)]
    assert "+7 700 222 2222" not in turns[0] and turns[0] == turns[2]
    assert "+7 700 222 2222" in turns[1] and turns[1] == turns[3]
