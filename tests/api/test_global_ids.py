"""Global ids carry the record's uuid: opaque, free of row numbers, and the same after a restore."""

from __future__ import annotations

import base64

import pytest
from strawberry import relay

from directory.models import Organisation, Topic
from directory.services import institutions
from tests.factories import SmallWorld

pytestmark = pytest.mark.django_db

NODE = "query($i: ID!) { node(id: $i) { id __typename ... on Organisation { uuid nameEn } ... on Topic { slug } } }"
ORGANISATION = "query($u: ID!) { organisation(uuid: $u) { id uuid } }"


def test_a_global_id_holds_the_uuid_and_no_row_number(as_user, world: SmallWorld) -> None:
    # when
    answer = as_user("verified")(ORGANISATION, {"u": str(world.partner.uuid)})

    # then
    global_id = answer["data"]["organisation"]["id"]
    kind, key = base64.b64decode(global_id).decode().split(":", 1)
    # The key is the uuid, not the row number (a uuid may well begin with the row number's digits).
    assert (kind, key) == ("Organisation", str(world.partner.uuid))
    assert key != str(world.partner.pk)
    found = as_user("verified")(NODE, {"i": global_id})["data"]["node"]
    assert found == {
        "id": global_id,
        "__typename": "Organisation",
        "uuid": str(world.partner.uuid),
        "nameEn": "Central Counter-Narcotics Directorate",
    }


def test_an_id_taken_before_a_restore_still_finds_the_record(as_user, world: SmallWorld) -> None:
    # given the id an integration stored, and the record put back under another row number (as a restore into a
    # fresh database, or a rebuild, may do); the record keeps its uuid
    call = as_user("verified")
    stored = call(ORGANISATION, {"u": str(world.partner.uuid)})["data"]["organisation"]["id"]
    kept_uuid, old_row = world.partner.uuid, world.partner.pk
    Organisation.objects.filter(pk=old_row).delete()
    again = institutions.create_organisation(name_en="Central Counter-Narcotics Directorate", kind="law_enforcement")
    Organisation.objects.filter(pk=again.pk).update(uuid=kept_uuid)
    assert again.pk != old_row

    # when
    found = call(NODE, {"i": stored})["data"]["node"]

    # then
    assert found["uuid"] == str(kept_uuid) and found["id"] == stored


def test_an_old_row_number_id_is_refused_naming_id(as_user, world: SmallWorld) -> None:
    old = relay.to_base64("Topic", world.cybercrime.pk)

    answer = as_user("verified")(NODE, {"i": old})

    (error,) = answer["errors"]
    assert error["extensions"] == {"code": "INVALID_INPUT", "field": "id"}
    assert "row number" in error["message"] and "uuid" in error["message"]


def test_a_mutation_takes_a_global_id_where_it_takes_a_uuid(as_user, world: SmallWorld) -> None:
    # given the global id of an event, as read from the API
    call = as_user("admin")
    event_id = call("query($u: ID!) { event(uuid: $u) { id } }", {"u": str(world.workshop.uuid)})["data"]["event"]["id"]
    mutation = """mutation($e: ID!) { updateEvent(event: $e, titleRu: "Криптовалюты") { __typename
      ... on Event { uuid titleRu } ... on OperationInfo { messages { field message } } } }"""

    # when
    answer = call(mutation, {"e": event_id})["data"]["updateEvent"]

    # then
    assert answer == {"__typename": "Event", "uuid": str(world.workshop.uuid), "titleRu": "Криптовалюты"}


def test_a_global_id_of_another_type_is_refused_by_a_mutation(as_user, world: SmallWorld) -> None:
    topic_id = relay.to_base64("Topic", world.cybercrime.uuid)
    mutation = """mutation($e: ID!) { updateEvent(event: $e, titleRu: "x") {
      ... on OperationInfo { messages { field code } } } }"""

    answer = as_user("admin")(mutation, {"e": topic_id})["data"]["updateEvent"]

    assert answer["messages"] == [{"field": "event", "code": "malformed_id"}]
    assert Topic.objects.filter(uuid=world.cybercrime.uuid).exists()


def test_webhook_records_are_not_found_through_node_by_anyone_but_an_administrator(as_user, world) -> None:
    # given an endpoint, known to an officer by its global id (it leaked, or was guessed from its uuid)
    from directory.models import WebhookEndpoint

    endpoint = WebhookEndpoint.objects.create(name="case system", url="https://example.org/hook", secret_encrypted="x")
    global_id = relay.to_base64("WebhookEndpoint", endpoint.uuid)
    query = "query($i: ID!) { node(id: $i) { ... on WebhookEndpoint { name url } } }"

    # then only an administrator reads it
    assert as_user("verified")(query, {"i": global_id}) == {"data": {"node": None}}
    assert as_user("admin")(query, {"i": global_id})["data"]["node"] == {
        "name": "case system",
        "url": "https://example.org/hook",
    }


def test_a_list_argument_takes_a_global_id_where_it_takes_a_uuid(as_user, world: SmallWorld) -> None:
    query = "query($a: ID) { officers(agency: $a) { edges { node { nameLatin } } } }"
    call = as_user("verified")

    by_uuid = call(query, {"a": str(world.kz_police.uuid)})
    by_global_id = call(query, {"a": relay.to_base64("Agency", world.kz_police.uuid)})

    assert by_uuid == by_global_id == {"data": {"officers": {"edges": [{"node": {"nameLatin": "Bakyt Tokayev"}}]}}}
