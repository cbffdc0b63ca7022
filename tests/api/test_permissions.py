"""The permission matrix: each kind of viewer against each sensitive field and each mutation."""

from __future__ import annotations

import pytest

from directory.models import ContactAccessLog, Officer
from tests.factories import SmallWorld

pytestmark = pytest.mark.django_db
# Tests that ask the graph need the projection, which runs only after a real commit.
graph_test = pytest.mark.django_db(transaction=True)

OFFICERS = "query { officers(first: 10) { totalCount edges { node { uuid nameLatin } } } }"
CONTACTS = """query Contacts($name: String) { officers(first: 10, name: $name) { edges { node {
  uuid contacts { kind visibility value } } } } }"""
COUNTERPARTS = """query Find($topic: ID!, $officer: ID) { counterparts(topic: $topic, officer: $officer) {
  officer { uuid } score reasons { kind text } } }"""
EVENT_ATTENDEES = "query { events(first: 5) { edges { node { participations { officer { uuid } } } } } }"
UPDATE_OFFICER = """mutation Move($officer: ID!) {
  updateOfficer(officer: $officer, changes: {position: "Head of unit"}) { __typename
  ... on Officer { position } ... on OperationInfo { messages { kind field message } } } }"""


def visible_contact_kinds(answer: dict, officer_uuid: str) -> set[str]:
    nodes = [edge["node"] for edge in answer["data"]["officers"]["edges"]]
    mine = next(node for node in nodes if node["uuid"] == officer_uuid)
    return {contact["kind"] for contact in mine["contacts"] if contact["value"] is not None}


@graph_test
def test_anonymous_gets_nothing_about_anyone(as_user, world: SmallWorld) -> None:
    answer = as_user(None)(OFFICERS)
    assert answer["data"] is None
    assert "Authentication required" in answer["errors"][0]["message"]
    answer = as_user(None)(COUNTERPARTS, {"topic": str(world.cybercrime.uuid), "officer": str(world.asel.uuid)})
    assert answer["data"] is None


@pytest.mark.parametrize("which", ["expired", "revoked"])
def test_expired_and_revoked_tokens_get_nothing(as_token, which: str) -> None:
    answer = as_token(which)(OFFICERS)
    assert answer["data"] is None
    assert "Authentication required" in answer["errors"][0]["message"]


def test_a_malformed_authorization_header_is_refused(world: SmallWorld) -> None:
    from django.test import Client

    response = Client().post(
        "/graphql", data='{"query": "{ me { uuid } }"}', content_type="application/json", HTTP_AUTHORIZATION="Basic abc"
    )
    assert response.status_code == 401


@graph_test
def test_an_unverified_officer_sees_only_themselves(as_user, world: SmallWorld) -> None:
    answer = as_user("unverified")(OFFICERS)
    assert [edge["node"]["uuid"] for edge in answer["data"]["officers"]["edges"]] == [str(world.dilnoza.uuid)]
    found = as_user("unverified")(
        COUNTERPARTS, {"topic": str(world.cybercrime.uuid), "officer": str(world.dilnoza.uuid)}
    )
    assert found["data"]["counterparts"] == []  # the graph finds Asel and Bakyt, but they are not visible


@pytest.mark.parametrize(("who", "attendees"), [("unverified", set()), ("verified", {"asel", "bakyt"})])
def test_an_events_attendees_are_only_those_the_viewer_may_see(
    as_user, world: SmallWorld, who: str, attendees: set[str]
) -> None:
    # given the workshop that Asel and Bakyt attended, asked of by Dilnoza unverified and by Asel verified
    answer = as_user(who)(EVENT_ATTENDEES)
    # then each sees the attendees they may see: Dilnoza none (she sees only herself), Asel both
    (event,) = [edge["node"] for edge in answer["data"]["events"]["edges"]]
    shown = {participation["officer"]["uuid"] for participation in event["participations"]}
    assert shown == {str(getattr(world, name).uuid) for name in attendees}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("verified", {"EMAIL", "MOBILE"}),
        ("staff", {"EMAIL", "MOBILE", "HOTLINE_24_7"}),
        ("steward_uz", {"EMAIL", "MOBILE", "HOTLINE_24_7"}),
        ("steward_kz", {"EMAIL", "MOBILE", "HOTLINE_24_7", "PHONE"}),
        ("admin", {"EMAIL", "MOBILE", "HOTLINE_24_7", "PHONE"}),
    ],
)
def test_contact_values_follow_their_visibility(as_user, world: SmallWorld, who: str, expected: set[str]) -> None:
    answer = as_user(who)(CONTACTS, {"name": "Tokayev"})
    assert visible_contact_kinds(answer, str(world.bakyt.uuid)) == expected
    # every channel is listed; hidden values come back null
    nodes = answer["data"]["officers"]["edges"]
    assert len(nodes[0]["node"]["contacts"]) == 4


def test_a_read_token_sees_like_an_integration(as_token, world: SmallWorld) -> None:
    answer = as_token("read")(CONTACTS, {"name": "Tokayev"})
    assert visible_contact_kinds(answer, str(world.bakyt.uuid)) == {"EMAIL", "MOBILE"}


def test_every_read_of_contact_details_is_logged(as_user, people, world: SmallWorld) -> None:
    before = ContactAccessLog.objects.count()
    as_user("staff")(CONTACTS, {"name": "Tokayev"})
    log = ContactAccessLog.objects.order_by("-id").first()
    assert ContactAccessLog.objects.count() == before + 1
    assert log.viewer == people["staff"] and log.officer_uuid == world.bakyt.uuid
    assert log.channel_count == 3 and log.operation == "graphql:Contacts" and log.request_id


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("verified", False), ("staff", False), ("steward_uz", False), ("steward_kz", True), ("admin", True)],
)
def test_who_may_change_an_officer(as_user, world: SmallWorld, who: str, allowed: bool) -> None:
    answer = as_user(who)(UPDATE_OFFICER, {"officer": str(world.bakyt.uuid)})["data"]["updateOfficer"]
    position = Officer.objects.get(pk=world.bakyt.pk).position
    if allowed:
        assert answer == {"__typename": "Officer", "position": "Head of unit"} and position == "Head of unit"
    else:
        assert answer["__typename"] == "OperationInfo"
        assert answer["messages"][0]["kind"] == "PERMISSION"
        assert position == ""


@pytest.mark.parametrize(("which", "allowed"), [("read", False), ("write", True)])
def test_token_scopes_decide_writes(as_token, world: SmallWorld, which: str, allowed: bool) -> None:
    answer = as_token(which)(UPDATE_OFFICER, {"officer": str(world.bakyt.uuid)})["data"]["updateOfficer"]
    assert (answer["__typename"] == "Officer") is allowed
    if not allowed:
        assert "read-only" in answer["messages"][0]["message"]


def test_an_officer_may_confirm_their_own_entry_but_not_anothers(as_user, world: SmallWorld) -> None:
    mutation = """mutation C($officer: ID!) { confirmOfficerCurrent(officer: $officer) {
      __typename ... on OperationInfo { messages { kind } } } }"""
    own = as_user("verified")(mutation, {"officer": str(world.asel.uuid)})["data"]["confirmOfficerCurrent"]
    other = as_user("verified")(mutation, {"officer": str(world.bakyt.uuid)})["data"]["confirmOfficerCurrent"]
    assert own["__typename"] == "Officer"
    assert other["messages"][0]["kind"] == "PERMISSION"
