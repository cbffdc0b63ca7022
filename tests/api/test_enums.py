"""One vocabulary: what the API answers is what it takes, as enums built from the models' choices."""

from __future__ import annotations

import pytest
from graphql import build_schema

from api.management.commands.graphql_schema import SCHEMA_FILE
from directory import models as m
from graph.schema import ensure_schema
from tests.factories import SmallWorld

CHOICES = {
    "AgencyKind": m.Agency.Kind,
    "OrganisationKind": m.Organisation.Kind,
    "ParticipationRole": m.Participation.Role,
    "ParticipationRating": m.Participation.Rating,
    "ContactKind": m.ContactChannel.Kind,
    "ContactVisibility": m.ContactChannel.Visibility,
}
ANSWERS_AND_ARGUMENTS = {
    ("Agency", "kind"): "AgencyKind!",
    ("Organisation", "kind"): "OrganisationKind!",
    ("Participation", "role"): "ParticipationRole!",
    ("Participation", "rating"): "ParticipationRating",
    ("ContactChannel", "kind"): "ContactKind!",
    ("ContactChannel", "visibility"): "ContactVisibility!",
    ("NameMatch", "kind"): "SearchKind!",
}


def test_every_choice_of_the_models_is_a_value_of_its_enum() -> None:
    committed = build_schema(SCHEMA_FILE.read_text(encoding="utf-8"))

    for name, choices in CHOICES.items():
        assert set(committed.type_map[name].values) == {value.upper() for value in choices.values}, name


def test_answers_are_enums_not_free_strings() -> None:
    committed = build_schema(SCHEMA_FILE.read_text(encoding="utf-8"))

    for (type_name, field), expected in ANSWERS_AND_ARGUMENTS.items():
        assert str(committed.type_map[type_name].fields[field].type) == expected, (type_name, field)
    mutations = committed.type_map["Mutation"].fields
    assert str(mutations["createAgency"].args["kind"].type) == "AgencyKind!"
    assert str(mutations["createOrganisation"].args["kind"].type) == "OrganisationKind!"
    assert str(mutations["recordParticipation"].args["role"].type) == "ParticipationRole!"
    assert str(mutations["recordParticipation"].args["rating"].type) == "ParticipationRating"


@pytest.mark.django_db(transaction=True)
def test_name_search_answers_the_kind_its_kinds_argument_takes(as_user, world: SmallWorld) -> None:
    # given the graph's full-text index caught up with the small world
    ensure_schema(force=True)
    query = "query($t: String!, $k: [SearchKind!]) { searchNames(text: $t, kinds: $k) { uuid kind } }"

    # when
    officers = as_user("verified")(query, {"t": "Tokayev", "k": ["OFFICER"]})["data"]["searchNames"]
    topics = as_user("verified")(query, {"t": "cryptocurrency", "k": ["TOPIC"]})["data"]["searchNames"]

    # then each match's kind can be given back as `kinds`
    assert officers[0] == {"uuid": str(world.bakyt.uuid), "kind": "OFFICER"}
    assert topics == [{"uuid": str(world.crypto.uuid), "kind": "TOPIC"}]


@pytest.mark.django_db
def test_a_participation_is_recorded_and_answered_in_the_same_words(as_user, world: SmallWorld) -> None:
    mutation = """mutation($o: ID!, $e: ID!) { recordParticipation(officer: $o, event: $e, role: TRAINER,
      rating: VERY_GOOD) { ... on Participation { role rating } } }"""

    answer = as_user("admin")(mutation, {"o": str(world.dilnoza.uuid), "e": str(world.workshop.uuid)})

    assert answer["data"]["recordParticipation"] == {"role": "TRAINER", "rating": "VERY_GOOD"}
    assert m.Participation.objects.get(officer=world.dilnoza).rating == "very_good"
