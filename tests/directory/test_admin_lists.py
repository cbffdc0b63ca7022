"""The admin's lists take the same queries for a few rows and for a page of them."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from directory.models import Country, User
from directory.services import events, institutions, officers, topics
from tests.admin_forms import event_change_data
from tests.factories import SmallWorld, build_small_world

pytestmark = pytest.mark.django_db


def steady_queries_for(client: Client, path: str) -> tuple[int, str]:
    """As queries_for, once the page has been loaded (a first change page reads what Django then keeps)."""
    queries_for(client, path)
    return queries_for(client, path)


def queries_for(client: Client, path: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


@pytest.fixture
def world() -> SmallWorld:
    return build_small_world()


@pytest.fixture
def admin_client() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("lists-admin", password="a-long-test-password", role="admin"))
    client.get("/admin/")  # the session's first page records its activity
    return client


def test_the_partners_list_of_one_and_of_eleven_takes_the_same_queries(admin_client: Client, world: SmallWorld) -> None:
    one, _ = queries_for(admin_client, "/admin/directory/organisation/")
    for number, code in enumerate(["KZ", "UZ", "KG", "IT", "KZ"] * 2):
        institutions.create_organisation(name_en=f"Partner {number}", kind="ngo", country_code=code)
    eleven, page = queries_for(admin_client, "/admin/directory/organisation/")
    assert "Partner 9" in page and "Kyrgyzstan" in page
    assert one == eleven


def test_the_users_list_of_two_and_of_nine_takes_the_same_queries(admin_client: Client, world: SmallWorld) -> None:
    User.objects.create_user("steward-kz", role="steward", country=Country.objects.get(code="KZ"))
    two, _ = queries_for(admin_client, "/admin/directory/user/")
    for number, officer in enumerate([world.asel, world.bakyt, world.dilnoza]):
        User.objects.create_user(f"officer-{number}", role="officer", officer=officer)
    for code in ["KZ", "UZ", "KG", "IT"]:
        User.objects.create_user(f"staff-{code}", role="staff", country=Country.objects.get(code=code))
    nine, page = queries_for(admin_client, "/admin/directory/user/")
    assert "staff-IT" in page and "Bakyt Tokayev" in page
    assert two == nine


def test_an_events_page_of_two_and_of_fourteen_attendees_takes_the_same_queries(
    admin_client: Client, world: SmallWorld
) -> None:
    # given the workshop's page with its two attendees
    path = f"/admin/directory/event/{world.workshop.pk}/change/"
    two, page = steady_queries_for(admin_client, path)
    assert f'<option value="{world.bakyt.pk}" selected>Bakyt Tokayev</option>' in page
    # when twelve more officers attend it
    added = [
        officers.create_officer(name_native=f"Участник {number}", name_latin=f"Attendee {number}", agency=agency)
        for number, agency in enumerate([world.kg_police, world.kz_police, world.uz_prosecutor] * 4)
    ]
    for officer in added:
        events.record_participation(officer, world.workshop)
    fourteen, page = queries_for(admin_client, path)
    # then every row still shows its attendee chosen, by name, and the page takes no query more
    for officer in [world.asel, world.bakyt, *added]:
        assert f'<option value="{officer.pk}" selected>{officer.name_latin}</option>' in page
    assert two == fourteen


def test_an_events_page_sent_back_with_an_error_shows_the_attendee_a_row_was_changed_to(
    admin_client: Client, world: SmallWorld
) -> None:
    # given the workshop's rows, the first changed from Asel to Dilnoza, and dates the wrong way round
    event = world.workshop
    rows = list(event.participations.order_by("pk"))
    data = event_change_data(event, rows) | {"starts_on": "2017-12-01", "ends_on": "2017-11-27"}
    data["participations-0-officer"] = str(world.dilnoza.pk)
    # when the admin saves
    response = admin_client.post(f"/admin/directory/event/{event.pk}/change/", data)
    # then the form comes back with the error, each row showing the attendee it was sent with, and nothing changed
    assert response.status_code == 200
    page = response.content.decode()
    assert "before it starts" in page
    first, second = re.findall(r'<select name="participations-\d+-officer".*?</select>', page, re.DOTALL)
    assert f'<option value="{world.dilnoza.pk}" selected>Dilnoza Karimova</option>' in first
    assert f'<option value="{rows[1].officer_id}" selected>{rows[1].officer.name_latin}</option>' in second
    assert [row.officer_id for row in event.participations.order_by("pk")] == [row.officer_id for row in rows]


def test_an_officers_page_of_two_and_of_six_topics_takes_the_same_queries(
    admin_client: Client, world: SmallWorld
) -> None:
    # given Bakyt's page, with his two topics
    path = f"/admin/directory/officer/{world.bakyt.pk}/change/"
    two, _ = steady_queries_for(admin_client, path)
    # when he has four topics more
    more = [topics.create_topic(slug=f"topic-{n}", name_en=f"Topic {n}", name_ru=f"Тема {n}") for n in range(3)]
    officers.set_expertise(
        world.bakyt, {world.crypto: 3, world.darknet: 1, world.cybercrime: 2, **dict.fromkeys(more, 1)}
    )
    six, page = queries_for(admin_client, path)
    # then each row offers every topic, his own chosen, and the page takes no query more
    rows = re.findall(r'<select name="expertise-\d+-topic".*?</select>', page, re.DOTALL)
    assert len(rows) == 6
    for topic in [world.crypto, world.darknet, world.cybercrime, *more]:
        assert sum(f'<option value="{topic.pk}" selected>' in row for row in rows) == 1
        assert all(f'<option value="{topic.pk}"' in row for row in rows)
    assert two == six
