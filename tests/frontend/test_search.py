"""The search box: names in any script and spelling; hostile text finds nothing and breaks nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from directory.demo import DEMO_OFFICER, DemoSummary
from directory.models import ChangeLog, Officer, OutboxEvent
from graph.check import find_drift

pytestmark = pytest.mark.neo4j  # names are found through the graph's full-text index


def _kazakh_officer() -> Officer:
    return Officer.objects.filter(agency__country__code="KZ").order_by("id").first()


@pytest.mark.parametrize("script", ["latin", "native"])
def test_a_surname_finds_the_officer_in_either_script(
    script: str, sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    officer = _kazakh_officer()
    surname = (officer.name_latin if script == "latin" else officer.name_native).split()[-1]
    response = sign_in(DEMO_OFFICER).get("/search/", {"q": surname})
    assert response.status_code == 200
    assert f"/officers/{officer.uuid}/" in response.content.decode()


def test_places_and_partners_link_to_their_pages(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    html = sign_in(DEMO_OFFICER).get("/search/", {"q": "Tajikistan"}).content.decode()
    assert 'href="/countries/TJ/"' in html


@pytest.mark.parametrize(
    "text",
    ['"""', "'; DROP TABLE directory_officer; --", "}) MATCH (n) DETACH DELETE n //", '" OR 1=1 OR "', "*:*", "~"],
)
def test_hostile_text_is_read_as_plain_words_and_changes_nothing(
    text: str, sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    before = (Officer.objects.count(), OutboxEvent.objects.count(), ChangeLog.objects.count())
    response = sign_in(DEMO_OFFICER).get("/search/", {"q": text})
    assert response.status_code == 200
    if not any(character.isalpha() for character in text):
        assert response.context["matches"] == []
        assert "Nothing is named like" in response.content.decode()
    # Words in it are searched as words ("officer" finds offices, stemmed): only what is named like them.
    assert all(match["kind"] for match, _ in response.context["matches"])
    assert (Officer.objects.count(), OutboxEvent.objects.count(), ChangeLog.objects.count()) == before
    assert find_drift() == []


def test_search_needs_sign_in(client: Client, demo: DemoSummary) -> None:
    assert client.get("/search/", {"q": "Tokayev"}).status_code == 302
