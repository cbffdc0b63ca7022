"""Lookups by the keys an integrator holds: uuid, country code, topic slug; null for hidden and absent alike."""

from __future__ import annotations

import pytest

from directory.models import ContactAccessLog
from tests.factories import SmallWorld

pytestmark = pytest.mark.django_db

NOBODY = "00000000-0000-4000-8000-000000000000"
OFFICER = "query($u: ID!) { officer(uuid: $u) { uuid nameLatin agency { nameEn } } }"


def test_each_record_is_found_by_its_uuid_code_or_slug(as_token, world: SmallWorld) -> None:
    # given an integration's read token
    call = as_token("read")
    query = """query($o: ID!, $e: ID!, $a: ID!, $p: ID!) {
      officer(uuid: $o) { nameLatin }
      event(uuid: $e) { shortTitle city { nameEn } }
      agency(uuid: $a) { nameEn kind country { code } }
      organisation(uuid: $p) { nameEn kind }
      country(code: "kz") { code nameEn }
      topic(slug: "darknet-drugs") { nameEn broader { slug } }
    }"""
    variables = {
        "o": str(world.bakyt.uuid),
        "e": str(world.workshop.uuid),
        "a": str(world.uz_prosecutor.uuid),
        "p": str(world.partner.uuid),
    }

    # when
    answer = call(query, variables)

    # then
    assert "errors" not in answer, answer
    assert answer["data"] == {
        "officer": {"nameLatin": "Bakyt Tokayev"},
        "event": {"shortTitle": "Crypto", "city": {"nameEn": "Tashkent"}},
        "agency": {"nameEn": "General Prosecutor's Office", "kind": "PROSECUTOR", "country": {"code": "UZ"}},
        "organisation": {"nameEn": "Central Counter-Narcotics Directorate", "kind": "LAW_ENFORCEMENT"},
        "country": {"code": "KZ", "nameEn": "Kazakhstan"},
        "topic": {"nameEn": "Darknet drug trafficking", "broader": [{"slug": "cybercrime"}]},
    }


def test_a_hidden_officer_and_a_missing_one_answer_alike(as_user, world: SmallWorld) -> None:
    # given an officer not yet verified, who sees only their own entry (Dilnoza)
    call = as_user("unverified")

    # when they look up someone else, someone who does not exist, and themselves
    hidden = call(OFFICER, {"u": str(world.bakyt.uuid)})
    missing = call(OFFICER, {"u": NOBODY})
    own = call(OFFICER, {"u": str(world.dilnoza.uuid)})

    # then the hidden and the missing are the same null: nobody learns who is in the directory by asking
    assert hidden == missing == {"data": {"officer": None}}
    assert own["data"]["officer"]["nameLatin"] == "Dilnoza Karimova"


def test_unknown_records_of_every_kind_are_null(as_user, world: SmallWorld) -> None:
    query = """query($u: ID!) { event(uuid: $u) { uuid } agency(uuid: $u) { uuid } organisation(uuid: $u) { uuid }
      country(code: "XX") { code } topic(slug: "no-such-topic") { slug } }"""

    answer = as_user("verified")(query, {"u": NOBODY})

    assert answer == {"data": {"event": None, "agency": None, "organisation": None, "country": None, "topic": None}}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ('{ officer(uuid: "not-a-uuid") { uuid } }', "uuid"),
        ('{ event(uuid: "12345") { uuid } }', "uuid"),
        ('{ agency(uuid: "") { uuid } }', "uuid"),
        ('{ country(code: "KAZ") { code } }', "code"),
        ('{ country(code: "K1") { code } }', "code"),
        ('{ topic(slug: "Darknet Drugs") { slug } }', "slug"),
    ],
)
def test_a_malformed_key_is_a_typed_error_naming_the_argument(as_user, world: SmallWorld, query, field) -> None:
    answer = as_user("verified")(query)

    (error,) = answer["errors"]
    assert error["extensions"]["code"] == "INVALID_INPUT"
    assert error["extensions"]["field"] == field
    assert error["extensions"]["reason"] in ("malformed_id", "malformed_code")
    assert "Unexpected" not in error["message"]


def test_a_lookup_logs_the_contact_values_it_shows_as_the_list_does(as_user, world: SmallWorld) -> None:
    # given a verified officer, who sees Bakyt's e-mail and mobile
    query = """query LookUpBakyt($u: ID!) { officer(uuid: $u) { contacts { kind visibility value } } }"""

    # when
    answer = as_user("verified")(query, {"u": str(world.bakyt.uuid)})

    # then the values shown are those the list shows, and the view is logged with its operation
    contacts = answer["data"]["officer"]["contacts"]
    assert {(c["kind"], c["visibility"]) for c in contacts if c["value"]} == {
        ("EMAIL", "SIGNED_IN"),
        ("MOBILE", "VERIFIED"),
    }
    entry = ContactAccessLog.objects.get(officer_uuid=world.bakyt.uuid)
    assert (entry.viewer_username, entry.channel_count, entry.operation) == (
        "verified-officer",
        2,
        "graphql:LookUpBakyt",
    )


def test_signed_out_nothing_is_looked_up(as_user, world: SmallWorld) -> None:
    answer = as_user(None)('{ country(code: "KZ") { code } }')

    assert answer["data"] is None
    assert answer["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
