"""Across every page: sign-in required, a translated 404 for unknown records, and the accessibility basics."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from directory.demo import DEMO_ADMIN, DemoSummary
from directory.models import Agency, Event, Officer, Organisation, Programme, Topic
from tests.frontend.browser import accessibility_problems, log_in

# Each test only reads the demo, so it runs in a transaction rolled back (the live server's commit anyway).
pytestmark = [pytest.mark.django_db, pytest.mark.neo4j]  # the pages include the graph's answers


def every_page() -> dict[str, str]:
    """One address of each kind of page, on the demo data."""
    officer = Officer.objects.filter(agency__country__code="KZ").order_by("id").first()
    agency = Agency.objects.filter(country__code="KG").order_by("id").first()
    organisation = Organisation.objects.get(name_en="Italian Central Counter-Narcotics Directorate")
    event = Event.objects.get(short_title="Drugs@Online")
    topic = Topic.objects.get(slug="darknet-drug-trafficking")
    twins = list(Officer.objects.filter(name_latin="Nurbek Turdubaev").order_by("id"))
    return {
        "finder": "/?topic=darknet-drug-trafficking&scope=neighbours",
        "search": "/search/?q=Tokayev",
        "profile": f"/officers/{officer.uuid}/",
        "edit": f"/officers/{officer.uuid}/edit/",
        "merge": f"/officers/{officer.uuid}/merge/",
        "stewardship": "/steward/",
        "duplicates": "/steward/duplicates/",
        "duplicate comparison": f"/steward/duplicates/{twins[0].uuid}/{twins[1].uuid}/",
        "export": "/exports/officers/",
        "countries": "/countries/",
        "country": "/countries/KZ/",
        "agency": f"/agencies/{agency.uuid}/",
        "organisations": "/organisations/",
        "organisation": f"/organisations/{organisation.uuid}/",
        "topics": "/topics/",
        "topic": f"/topics/{topic.slug}/",
        "events": "/events/",
        "event": f"/events/{event.uuid}/",
        "programme": f"/programmes/{Programme.objects.get().uuid}/",
        "contact channels": f"/officers/{officer.uuid}/contacts/",
        "contact channel": f"/officers/{officer.uuid}/contacts/{officer.contacts.order_by('pk').first().pk}/",
        "events attended": f"/officers/{officer.uuid}/events/",
        "coverage": "/coverage/",
        "coverage map": f"/coverage/map/?topic={topic.slug}",
        "network": f"/network/officer/{officer.uuid}/",
        "two-factor": "/account/two-factor/",
        "roster import": "/intake/",
        "proposed changes": "/steward/proposals/",
        "subscriptions": "/account/subscriptions/",
    }


def test_every_page_sends_a_signed_out_visitor_to_sign_in(client: Client, demo: DemoSummary) -> None:
    for name, address in every_page().items():
        response = client.get(address)
        assert response.status_code == 302, name
        assert response["Location"].startswith("/login/?next="), name


def test_unknown_records_are_a_404_in_the_readers_language(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    missing = "00000000-0000-0000-0000-000000000000"
    client = sign_in(DEMO_ADMIN, language="ru")
    for address in [
        f"/officers/{missing}/",
        f"/officers/{missing}/edit/",
        f"/agencies/{missing}/",
        f"/organisations/{missing}/",
        f"/events/{missing}/",
        f"/programmes/{missing}/",
        f"/officers/{missing}/contacts/",
        f"/officers/{missing}/events/",
        "/countries/ZZ/",
        "/topics/no-such-topic/",
        f"/network/officer/{missing}/",
        f"/network/planet/{missing}/",
        f"/intake/{missing}/",
        "/intake/imports/999999/",
        "/no/such/page/",
    ]:
        response = client.get(address)
        assert response.status_code == 404, address
        assert "Не найдено" in response.content.decode(), address


def test_every_page_labels_its_controls_and_describes_its_graphics(
    page: object, live_server: object, demo: DemoSummary, screenshot: Callable[..., object]
) -> None:
    log_in(page, live_server.url, DEMO_ADMIN)
    problems = {}
    for name, address in every_page().items():
        # "load": every page carries its data (the network's too), nothing is fetched after the load event.
        response = page.goto(f"{live_server.url}{address}", wait_until="load")
        assert response.status == 200, name
        found = accessibility_problems(page)
        if any(found.values()):
            problems[name] = found
        assert page.locator("h1").count() == 1, f"{name} has one main heading"
        screenshot(page, name.replace(" ", "-"))
    assert problems == {}
