"""The programme's page: component, donor, implementer, its events, the countries and partners it reached, ratings."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

import pytest
from django.test import Client

from directory.demo import DEMO_OFFICER, DemoSummary
from directory.demo.programme import PROGRAMME_NAME
from directory.models import Event, Participation, Programme

pytestmark = pytest.mark.django_db

PARTICIPANT = Participation.Role.PARTICIPANT


def _text(html: str) -> str:
    """The page as a reader sees it: tags dropped, spaces folded."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split()).replace(" :", ":").replace(" ,", ",")


def _programme() -> Programme:
    return Programme.objects.get(name=PROGRAMME_NAME)


def test_the_page_names_its_component_donor_implementer_and_events(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    programme = _programme()
    response = sign_in(DEMO_OFFICER).get(f"/programmes/{programme.uuid}/")
    assert response.status_code == 200
    html = response.content.decode()
    text = _text(html)
    assert "UNODC Programme for Central Asia" in text
    assert "Combatting Cybercrime in Central Asia" in text
    assert "Government of Sweden" in text
    assert "Started 2017" in text
    # its three workshops, each linked, in the order they were held
    events = list(Event.objects.filter(programme=programme).order_by("starts_on"))
    assert [event.short_title for event in events] == ["Drugs@Online", "Crypto & MTS", "Crimes against children online"]
    positions = [html.index(f'href="/events/{event.uuid}/"') for event in events]
    assert positions == sorted(positions)


def test_the_page_counts_the_countries_and_names_the_partners_it_reached(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    text = _text(sign_in(DEMO_OFFICER).get(f"/programmes/{_programme().uuid}/").content.decode())
    # the programme text: 80 officers of Kazakhstan, Kyrgyzstan, Tajikistan and Uzbekistan attended
    assert "80 officers took part as trainees." in text
    trainees = Participation.objects.filter(event__programme=_programme(), role=PARTICIPANT)
    for country in ("Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan"):
        officers = trainees.filter(officer__agency__country__name_en=country).values("officer").distinct().count()
        assert officers > 0
        assert f"{country}: {officers} officers" in text
    for partner, role in [
        ("International Centre for Missing & Exploited Children", "taught"),
        ("Federal Bureau of Investigation", "taught"),
        ("Italian Central Counter-Narcotics Directorate", "organised"),
        ("UNODC Programme for Central Asia", "organised"),
    ]:
        assert re.search(re.escape(partner) + r"[^·]*· " + role + r"\b", text), partner


def test_the_page_shows_how_trainees_rated_it_and_how_many_asked_for_more(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    trainees = Participation.objects.filter(event__programme=_programme(), role=PARTICIPANT)
    excellent = trainees.filter(rating="excellent").count()
    very_good = trainees.filter(rating="very_good").count()
    wanting = trainees.filter(wants_more=True).values("officer").distinct().count()
    text = _text(sign_in(DEMO_OFFICER).get(f"/programmes/{_programme().uuid}/").content.decode())
    # the programme text: every participant rated the courses "excellent" or "very good"
    assert excellent + very_good == trainees.count()
    assert f"Excellent {excellent} {round(100 * excellent / trainees.count())}%" in text
    assert f"Very good {very_good} {round(100 * very_good / trainees.count())}%" in text
    for other in ("Good", "Fair", "Poor", "Not rated"):
        assert f"{other} " not in text.split("How trainees rated it", 1)[1].split("asked for more")[0]
    assert 0 < wanting < 80
    assert f"{wanting} of 80 trainees asked for more activities of this kind." in text


def test_each_event_links_to_its_programme(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    client = sign_in(DEMO_OFFICER)
    programme = _programme()
    for event in Event.objects.filter(programme=programme):
        html = client.get(f"/events/{event.uuid}/").content.decode()
        assert f'href="/programmes/{programme.uuid}/"' in html


def test_the_page_is_in_russian_for_a_russian_reader(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    text = _text(sign_in(DEMO_OFFICER, language="ru").get(f"/programmes/{_programme().uuid}/").content.decode())
    assert "Программа УНП ООН для Центральной Азии" in text
    assert "Страны-участницы" in text
    assert "Как слушатели оценили программу" in text


def test_the_page_needs_sign_in_and_an_unknown_programme_is_a_404(
    client: Client, sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    address = f"/programmes/{_programme().uuid}/"
    assert client.get(address).status_code == 302
    assert client.get(address)["Location"].startswith("/login/?next=")
    assert sign_in(DEMO_OFFICER).get("/programmes/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert sign_in(DEMO_OFFICER).post(address).status_code == 405
