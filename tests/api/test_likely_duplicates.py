"""likelyDuplicates: the duplicate finder's pairs for integrations and people, by the same rules as the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from directory.demo import DEMO_ADMIN, DEMO_OFFICER, DEMO_STAFF, DEMO_STEWARD, DemoSummary
from directory.models import User
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
