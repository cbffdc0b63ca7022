"""Acquaintances, and stewards' writes that touch records of two countries: every record touched is checked."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from directory.models import Acquaintance, ChangeLog, Country, Officer, OutboxEvent, Participation, User
from directory.services import officers
from graph.driver import get_driver
from tests.api.conftest import GraphQL, call
from tests.factories import SmallWorld

pytestmark = pytest.mark.django_db

RESULT = """{ __typename ... on Officer { uuid } ... on OperationInfo { messages { kind field message } } }"""
RECORD = "mutation($o: ID!, $p: ID!) { recordAcquaintance(officer: $o, other: $p) " + RESULT + " }"
REMOVE = "mutation($o: ID!, $p: ID!) { removeAcquaintance(officer: $o, other: $p) " + RESULT + " }"
MOVE = "mutation($o: ID!, $a: ID!) { updateOfficer(officer: $o, changes: {agency: $a}) " + RESULT + " }"
MERGE = "mutation($k: ID!, $d: ID!) { mergeOfficers(keep: $k, duplicate: $d) " + RESULT + " }"
ATTEND = "mutation($o: ID!, $e: ID!) { recordParticipation(officer: $o, event: $e) { __typename } }"


def acquainted(first: Officer, second: Officer) -> bool:
    low, high = sorted([first.pk, second.pk])
    return Acquaintance.objects.filter(officer_a_id=low, officer_b_id=high).exists()


def writes() -> tuple[int, int]:
    return OutboxEvent.objects.count(), ChangeLog.objects.count()


def knows_in_graph(first: Officer, second: Officer) -> int:
    records, _, _ = get_driver().execute_query(
        "MATCH (:Officer {uuid: $a})-[k:KNOWS]-(:Officer {uuid: $b}) RETURN count(k) AS links",
        a=str(first.uuid),
        b=str(second.uuid),
        database_=settings.NEO4J_DATABASE,
    )
    return records[0]["links"]


@pytest.fixture
def as_steward_kg(world: SmallWorld) -> GraphQL:
    """A GraphQL caller signed in as Kyrgyzstan's steward."""
    steward = User.objects.create_user(
        "steward-kg", password="a-long-test-password", role="steward", country=Country.objects.get(code="KG")
    )
    client = Client()
    client.force_login(steward)
    return lambda query, variables=None: call(client, query, variables)


@pytest.fixture
def second_kz_officer(world: SmallWorld) -> Officer:
    return officers.create_officer(name_native="Ерлан Сапаров", name_latin="Yerlan Saparov", agency=world.kz_police)


def refusal(answer: dict, name: str) -> dict:
    result = answer["data"][name]
    assert result["__typename"] == "OperationInfo", result
    return result["messages"][0]


@pytest.mark.parametrize("who", ["steward_kz", "steward_uz"])
def test_no_steward_links_officers_across_a_border(as_user, people, world: SmallWorld, who: str) -> None:
    # given a Kazakh and an Uzbek officer, and the stewards of both countries
    caller = as_user(who)
    before = writes()
    # when either steward links them
    message = refusal(caller(RECORD, {"o": str(world.bakyt.uuid), "p": str(world.dilnoza.uuid)}), "recordAcquaintance")
    # then the link is refused, saying why, and nothing is written
    assert message["kind"] == "PERMISSION" and "own country" in message["message"]
    assert not acquainted(world.bakyt, world.dilnoza) and writes() == before


def test_a_kyrgyz_steward_cannot_change_the_kazakh_record_by_a_link(as_steward_kg, world: SmallWorld) -> None:
    # given a Kyrgyz officer not yet linked to the Kazakh officer's colleague
    colleague = officers.create_officer(name_native="Ерлан", name_latin="Yerlan", agency=world.kz_police)
    before_version = Officer.objects.get(pk=colleague.pk).version
    # when the Kyrgyz steward links their own officer to the Kazakh one, in either order
    for first, second in ((world.asel, colleague), (colleague, world.asel)):
        answer = as_steward_kg(RECORD, {"o": str(first.uuid), "p": str(second.uuid)})
        assert refusal(answer, "recordAcquaintance")["kind"] == "PERMISSION"
    # then the Kazakh record is untouched
    assert not acquainted(world.asel, colleague)
    assert Officer.objects.get(pk=colleague.pk).version == before_version


def test_a_steward_links_two_officers_of_their_own_country(as_user, people, world, second_kz_officer) -> None:
    answer = as_user("steward_kz")(RECORD, {"o": str(world.bakyt.uuid), "p": str(second_kz_officer.uuid)})
    assert answer["data"]["recordAcquaintance"] == {"__typename": "Officer", "uuid": str(world.bakyt.uuid)}
    assert acquainted(world.bakyt, second_kz_officer)


def test_an_administrator_links_officers_across_a_border(as_user, people, world: SmallWorld) -> None:
    answer = as_user("admin")(RECORD, {"o": str(world.bakyt.uuid), "p": str(world.dilnoza.uuid)})
    assert answer["data"]["recordAcquaintance"]["__typename"] == "Officer"
    assert acquainted(world.bakyt, world.dilnoza)


@pytest.mark.django_db(transaction=True)
def test_removing_an_acquaintance_drops_the_link_from_the_graph_and_logs_both_entries(
    as_user, people, world: SmallWorld
) -> None:
    # given Asel (Kyrgyzstan) and Bakyt (Kazakhstan), who met at the Tashkent workshop, as the graph shows
    assert knows_in_graph(world.asel, world.bakyt) == 1
    logged = ChangeLog.objects.count()
    # when an administrator removes the link
    answer = as_user("admin")(REMOVE, {"o": str(world.asel.uuid), "p": str(world.bakyt.uuid)})
    # then both entries lose it, in the directory and in the graph, and the change log names who did it
    assert answer["data"]["removeAcquaintance"] == {"__typename": "Officer", "uuid": str(world.asel.uuid)}
    assert not acquainted(world.asel, world.bakyt)
    assert knows_in_graph(world.asel, world.bakyt) == 0
    entries = ChangeLog.objects.order_by("id")[logged:]
    assert {entry.record_uuid for entry in entries} == {world.asel.uuid, world.bakyt.uuid}
    assert {entry.actor_username for entry in entries} == {"admin"}


def test_an_officer_may_remove_their_own_acquaintance(as_user, people, world: SmallWorld) -> None:
    # Asel is the verified officer; the link to Bakyt is half hers.
    answer = as_user("verified")(REMOVE, {"o": str(world.bakyt.uuid), "p": str(world.asel.uuid)})
    assert answer["data"]["removeAcquaintance"]["__typename"] == "Officer"
    assert not acquainted(world.asel, world.bakyt)


@pytest.mark.parametrize("who", ["steward_kz", "steward_uz", "staff"])
def test_stewards_of_one_side_and_other_roles_cannot_remove_a_cross_border_link(
    as_user, people, world: SmallWorld, who: str
) -> None:
    before = writes()
    message = refusal(
        as_user(who)(REMOVE, {"o": str(world.bakyt.uuid), "p": str(world.asel.uuid)}), "removeAcquaintance"
    )
    assert message["kind"] == "PERMISSION"
    assert acquainted(world.asel, world.bakyt) and writes() == before


def test_removing_a_link_that_does_not_exist_names_the_field(as_user, people, world: SmallWorld) -> None:
    before = writes()
    message = refusal(
        as_user("admin")(REMOVE, {"o": str(world.bakyt.uuid), "p": str(world.dilnoza.uuid)}), "removeAcquaintance"
    )
    assert message["kind"] == "VALIDATION" and message["field"] == "other"
    assert "not recorded as acquaintances" in message["message"]
    assert writes() == before


def test_removing_a_link_to_an_unknown_officer_names_the_field(as_user, people, world: SmallWorld) -> None:
    answer = as_user("admin")(REMOVE, {"o": str(world.bakyt.uuid), "p": "not-a-uuid"})
    message = refusal(answer, "removeAcquaintance")
    assert message["field"] == "other" and "not a uuid" in message["message"]


def test_a_steward_cannot_move_an_officer_into_another_countrys_agency(as_user, people, world: SmallWorld) -> None:
    message = refusal(
        as_user("steward_kz")(MOVE, {"o": str(world.bakyt.uuid), "a": str(world.kg_police.uuid)}), "updateOfficer"
    )
    assert message["kind"] == "PERMISSION"
    assert Officer.objects.get(pk=world.bakyt.pk).agency_id == world.kz_police.pk


def test_a_steward_cannot_merge_another_countrys_entry_into_their_own(as_user, people, world: SmallWorld) -> None:
    message = refusal(
        as_user("steward_kz")(MERGE, {"k": str(world.bakyt.uuid), "d": str(world.asel.uuid)}), "mergeOfficers"
    )
    assert message["kind"] == "PERMISSION"
    assert Officer.objects.filter(pk=world.asel.pk).exists()


@pytest.mark.parametrize(("who", "allowed"), [("steward_kz", False), ("steward_uz", True)])
def test_a_steward_records_participation_only_for_their_own_countrys_officers(
    as_user, people, world: SmallWorld, who: str, allowed: bool
) -> None:
    # The Tashkent workshop is Uzbek; attending it changes the attendee's entry, so Dilnoza's (Uzbek) steward decides.
    answer = as_user(who)(ATTEND, {"o": str(world.dilnoza.uuid), "e": str(world.workshop.uuid)})
    assert (answer["data"]["recordParticipation"]["__typename"] == "Participation") is allowed
    assert Participation.objects.filter(officer=world.dilnoza, event=world.workshop).exists() is allowed
