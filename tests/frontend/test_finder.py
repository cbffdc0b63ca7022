"""The counterpart finder: signed-in only, ranked results with their reasons, bad questions named."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from directory.demo import DEMO_OFFICER, DEMO_STAFF, DemoSummary
from directory.models import Country, Event, Participation, User

pytestmark = pytest.mark.neo4j  # the finder's answers come from the graph


def test_the_finder_asks_to_sign_in_first(client: Client, demo: DemoSummary) -> None:
    response = client.get("/?topic=cryptocurrency-laundering")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_counterparts_in_neighbouring_countries_come_with_their_reasons(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    me = User.objects.get(username=DEMO_OFFICER).officer
    response = sign_in(DEMO_OFFICER).get("/", {"topic": "cryptocurrency-laundering", "scope": "neighbours"})
    assert response.status_code == 200
    results = response.context["results"]
    assert results, "Kyrgyzstan's neighbours have officers trained on cryptocurrency"
    neighbours = set(Country.objects.get(code="KG").neighbours.values_list("code", flat=True))
    assert {found.officer.agency.country.code for found in results} <= neighbours
    tashkent = Event.objects.get(city__name_en="Tashkent")
    attended_together = [
        found
        for found in results
        if Participation.objects.filter(officer=found.officer, event=tashkent).exists()
        and Participation.objects.filter(officer=me, event=tashkent).exists()
    ]
    assert attended_together
    html = response.content.decode()
    assert "both attended Crypto &amp; MTS, Tashkent, November 2017" in html
    assert "Searching from" in html


def test_htmx_gets_only_the_results(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    response = sign_in(DEMO_OFFICER).get(
        "/", {"topic": "cryptocurrency-laundering", "scope": "all"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html and "counterparts found" in html


def test_a_search_of_one_country_must_name_it(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    question = {"topic": "cryptocurrency-laundering", "scope": "country"}
    # while the question is being filled in (htmx asks on each change), no error shows
    unfinished = sign_in(DEMO_OFFICER).get("/", question, HTTP_HX_REQUEST="true").content.decode()
    assert "Please correct the question" not in unfinished and "Finish the question, then press Find." in unfinished
    # once submitted, the missing country is named
    response = sign_in(DEMO_OFFICER).get("/", {**question, "find": "1"})
    assert response.status_code == 200
    assert response.context["form"].errors["country"] == [
        "Choose the country to search, or search neighbouring countries."
    ]
    assert response.context["results"] == []


def test_an_unknown_topic_is_named_beside_its_field(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    response = sign_in(DEMO_OFFICER).get("/", {"topic": "' OR 1=1 --", "scope": "all", "find": "1"})
    assert "topic" in response.context["form"].errors
    assert response.context["results"] == []


def test_trusted_entries_rank_first_at_equal_fit_and_the_others_are_marked(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    response = sign_in(DEMO_OFFICER).get("/", {"topic": "cybercrime", "scope": "all", "find": "1"})
    results = response.context["results"]
    assert len(results) > 5
    trusted = [found.officer.verified_at is not None and not found.stale for found in results]
    assert any(trusted) and not all(trusted), "the demo has verified and unverified entries for this question"

    def fit(found: object) -> float:
        """The points of everything but trust: what the two must share to be compared."""
        return sum(r.points for r in found.reasons if r.kind not in ("unverified", "stale"))

    for index, found in enumerate(results):
        for before in results[:index]:
            if fit(before) == fit(found):
                assert trusted[results.index(before)] or not trusted[index], (before.officer, found.officer)
    # the marks a user sees: one "not verified" per unverified entry, and the score said in a sentence
    html = response.content.decode()
    unverified = sum(1 for found in results if found.officer.verified_at is None)
    assert html.count('class="trust-mark mark-unverified"') == unverified
    assert "score " not in html and " points: expertise +" in html
    assert "Not verified:</span> no steward has verified this entry yet" in html


def test_programme_staff_search_every_country_or_one_without_an_error(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    staff = sign_in(DEMO_STAFF)
    home = staff.get("/")
    assert home.context["form"]["scope"].value() == "all", "staff have no home country to count neighbours from"
    every = staff.get("/", {"topic": "cybercrime", "scope": "all", "find": "1"})
    assert not every.context["form"].errors and every.context["results"]
    one = staff.get("/", {"topic": "cybercrime", "scope": "country", "country": "UZ", "find": "1"})
    assert not one.context["form"].errors
    assert {found.officer.agency.country.code for found in one.context["results"]} == {"UZ"}
