"""The search page and the API's searchNames: each result names its kind, agency and country, so two officers named
alike are told apart; the Russian interface shows Russian titles."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils.html import escape

from directory.demo import DEMO_OFFICER, DemoSummary
from directory.models import User
from directory.services import officers
from graph.schema import ensure_schema
from tests.factories import SmallWorld, build_small_world

pytestmark = pytest.mark.neo4j  # names are found through the graph's full-text indexes


@pytest.mark.django_db(transaction=True)
def test_two_officers_named_alike_are_told_apart_by_agency_and_country(sign_in: Callable[..., Client]) -> None:
    # given: a second "Bakyt Tokayev", at an agency in another country
    world: SmallWorld = build_small_world()
    namesake = officers.create_officer(
        name_native=world.bakyt.name_native, name_latin=world.bakyt.name_latin, agency=world.uz_prosecutor
    )
    ensure_schema(force=True)  # waits until the full-text indexes hold the new name
    User.objects.create_user("staff", password="a-long-test-password", role="staff")
    # when
    html = sign_in("staff").get("/search/", {"q": world.bakyt.name_latin}).content.decode()
    # then: both are listed, each with its own agency and country
    for officer in (world.bakyt, namesake):
        item = html[html.index(f"/officers/{officer.uuid}/") :].split("</li>")[0]
        assert "officer" in item
        assert escape(officer.agency.name_en) in item
        assert escape(officer.agency.country.name_en) in item


def test_a_partner_is_found_by_its_acronym_and_shown_with_it(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    html = sign_in(DEMO_OFFICER).get("/search/", {"q": "ICMEC"}).content.decode()
    assert "International Centre for Missing &amp; Exploited Children" in html
    assert "<abbr>ICMEC</abbr>" in html
    assert "partner organisation" in html and "United States" in html


def test_the_russian_interface_shows_event_titles_in_russian(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    client = sign_in(DEMO_OFFICER, language="ru")
    html = client.get("/search/", {"q": "криптовалюта"}).content.decode()
    assert "Криптовалюты и системы денежных переводов" in html
    assert "Узбекистан" in html
    events = client.get("/events/").content.decode()
    assert "Расследование отмывания денег с использованием криптовалют" in events
    english = sign_in(DEMO_OFFICER).get("/events/").content.decode()
    assert "Investigation of Money Laundering with Cryptocurrencies" in english


def test_the_api_names_kind_agency_and_country(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    query = (
        "query($t: String!) { searchNames(text: $t, limit: 3) "
        "{ kind name nameRu acronym agency agencyRu country countryRu countryCode } }"
    )
    answer = sign_in("demo-staff").post("/graphql", {"query": query, "variables": {"t": "DCSA"}}, "application/json")
    first = answer.json()["data"]["searchNames"][0]
    assert first == {
        "kind": "ORGANISATION",
        "name": "Italian Central Counter-Narcotics Directorate",
        "nameRu": "Центральная дирекция по борьбе с наркотиками Италии",
        "acronym": "DCSA",
        "agency": None,
        "agencyRu": None,
        "country": "Italy",
        "countryRu": "Италия",
        "countryCode": "IT",
    }


@pytest.mark.django_db(transaction=True)
def test_an_acronym_and_russian_title_written_through_the_api_are_searchable(sign_in: Callable[..., Client]) -> None:
    # given: an administrator adds a partner with its acronym, and renames a workshop in Russian
    world: SmallWorld = build_small_world()
    User.objects.create_user("admin", password="a-long-test-password", role="admin")
    client = sign_in("admin")
    mutation = (
        'mutation { createOrganisation(nameEn: "Organisation for Security and Co-operation in Europe", '
        'kind: OTHER, acronym: "OSCE", otherNames: "ОБСЕ") { ... on Organisation { acronym } } }'
    )
    created = client.post("/graphql", {"query": mutation}, "application/json").json()
    assert created["data"]["createOrganisation"] == {"acronym": "OSCE"}
    rename = 'mutation($e: ID!) { updateEvent(event: $e, titleRu: "Семинар по даркнету") { ... on Event { titleRu } } }'
    renamed = client.post(
        "/graphql", {"query": rename, "variables": {"e": str(world.workshop.uuid)}}, "application/json"
    )
    assert renamed.json()["data"]["updateEvent"] == {"titleRu": "Семинар по даркнету"}
    ensure_schema(force=True)  # waits until the full-text indexes hold the new names
    # when
    query = "query($t: String!) { searchNames(text: $t, limit: 1) { kind name acronym nameRu } }"
    found = {
        text: client.post("/graphql", {"query": query, "variables": {"t": text}}, "application/json").json()
        for text in ("OSCE", "ОБСЕ", "о семинаре")
    }
    # then
    assert found["OSCE"]["data"]["searchNames"][0]["acronym"] == "OSCE"
    assert found["ОБСЕ"]["data"]["searchNames"][0]["acronym"] == "OSCE"
    assert found["о семинаре"]["data"]["searchNames"][0]["kind"] == "EVENT"
