"""likelyDuplicates: the duplicate finder's pairs for integrations and people, by the same rules as the pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from directory.demo import DEMO_ADMIN, DEMO_OFFICER, DEMO_STAFF, DEMO_STEWARD, DemoSummary
from directory.models import Agency, User
from directory.services import officers
from directory.services.access import issue_api_token
from tests.api.conftest import call

pytestmark = pytest.mark.django_db

PAIRS = """
query Pairs($country: String, $limit: Int! = 50) {
  likelyDuplicates(country: $country, limit: $limit) {
    confidence nameScore evidence
    first { uuid nameLatin agency { nameEn } }
    second { uuid nameLatin }
  }
}
"""


def _signed_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_an_integration_reads_the_pairs_of_a_country(client: Client, demo: DemoSummary) -> None:
    _, token = issue_api_token(user=User.objects.get(username="demo-integration"), name="sync", scopes=["read"])
    answer = call(client, PAIRS, {"country": "uz"}, token=token)
    pairs = answer["data"]["likelyDuplicates"]
    usmonov = next(pair for pair in pairs if pair["first"]["nameLatin"] == "Sherzod Usmonov")
    assert usmonov["second"]["nameLatin"] == "Sherzod Usmonov"
    assert usmonov["nameScore"] == 100 and usmonov["evidence"] == ["SAME_AGENCY"]
    assert usmonov["confidence"] == max(pair["confidence"] for pair in pairs)


def test_a_steward_gets_their_own_country_and_no_other(demo: DemoSummary) -> None:
    steward = _signed_in(DEMO_STEWARD)
    own = call(steward, PAIRS)["data"]["likelyDuplicates"]
    assert {pair["first"]["nameLatin"] for pair in own} >= {"Nurbek Turdubaev"}
    refused = call(steward, PAIRS, {"country": "UZ"})
    assert refused["data"] is None
    assert refused["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert "own country" in refused["errors"][0]["message"]


def test_staff_and_administrators_name_any_country_one_at_a_time(demo: DemoSummary) -> None:
    for username in (DEMO_STAFF, DEMO_ADMIN):
        client = _signed_in(username)
        for country, name in (("KG", "Nurbek Turdubaev"), ("UZ", "Sherzod Usmonov")):
            pairs = call(client, PAIRS, {"country": country})["data"]["likelyDuplicates"]
            assert name in {pair["first"]["nameLatin"] for pair in pairs}, (username, country)
        unnamed = call(client, PAIRS)["errors"][0]
        assert unnamed["extensions"]["field"] == "country" and unnamed["extensions"]["reason"] == "required"
        assert "ISO code such as KZ" in unnamed["message"]


def test_officers_and_strangers_get_nothing(client: Client, demo: DemoSummary) -> None:
    refused = call(_signed_in(DEMO_OFFICER), PAIRS)
    assert refused["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    stranger = call(client, PAIRS)
    assert stranger["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    ("variables", "field", "reason"),
    [
        ({"country": "ZZ"}, "country", "unknown_country"),
        ({"country": "' OR 1=1 --"}, "country", "unknown_country"),
        ({"limit": -1}, "limit", "invalid_argument"),
        ({"limit": 100000}, "limit", "invalid_argument"),
    ],
)
def test_bad_arguments_name_the_field(demo: DemoSummary, variables: dict, field: str, reason: str) -> None:
    answer = call(_signed_in(DEMO_ADMIN), PAIRS, variables)
    error = answer["errors"][0]
    assert error["extensions"]["code"] == "INVALID_INPUT"
    assert error["extensions"]["field"] == field
    assert error["extensions"].get("reason", reason) == reason  # the page-size limit refuses before the finder


RICH_PAIRS = """
query Pairs($country: String, $limit: Int!) {
  likelyDuplicates(country: $country, limit: $limit) { first { ...Entry } second { ...Entry } }
}
fragment Entry on Officer {
  uuid agency { city { nameEn } } languages { code } expertise { level topic { nameEn } }
  participations { role event { title city { nameEn } } } contacts { kind value }
}
"""
ONE = "query One($uuid: ID!) { officer(uuid: $uuid) { ...Entry } }" + RICH_PAIRS.split("}\n", 2)[-1]


def test_pairs_with_their_officers_relations_take_the_same_queries_for_one_pair_and_for_all(
    client: Client, demo: DemoSummary
) -> None:
    # given four more pairs in Uzbekistan, and an integration that reads the pairs with each officer's relations
    agency = Agency.objects.filter(country__code="UZ").first()
    for name in ("Akmal Rahimov", "Bobur Yusupov", "Dilshod Nazarov", "Farrukh Saidov"):
        for native in ("Акмал", "Бобур"):
            officers.create_officer(name_native=native, name_latin=name, agency=agency, languages=["ru", "uz"])
    _, token = issue_api_token(user=User.objects.get(username="demo-integration"), name="sync", scopes=["read"])
    call(client, ONE, {"uuid": "00000000-0000-0000-0000-000000000000"}, token=token)  # the token's use is recorded
    # when it asks for one pair, then for all of them
    with CaptureQueriesContext(connection) as one:
        single = call(client, RICH_PAIRS, {"country": "UZ", "limit": 1}, token=token)["data"]["likelyDuplicates"]
    with CaptureQueriesContext(connection) as every:
        pairs = call(client, RICH_PAIRS, {"country": "UZ", "limit": 50}, token=token)["data"]["likelyDuplicates"]
    # then the queries do not grow with the pairs, and each officer reads as the officer field gives it
    reads = [[q for q in captured.captured_queries if q["sql"].startswith("SELECT")] for captured in (one, every)]
    assert len(single) == 1 and len(pairs) > 1
    assert len(reads[0]) == len(reads[1]), [q["sql"][:120] for q in reads[1]]
    for officer in (pairs[-1]["first"], pairs[-1]["second"]):
        assert officer == call(client, ONE, {"uuid": officer["uuid"]}, token=token)["data"]["officer"]
