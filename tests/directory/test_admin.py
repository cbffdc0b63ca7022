"""A steward's edit in the admin goes through the services: outbox event written, graph updated."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from directory.models import Agency, OutboxEvent, User
from graph.check import find_drift
from graph.driver import get_driver
from tests.factories import build_small_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def admin_client() -> Client:
    user = User.objects.create_superuser("steward-admin", password="a-long-test-password", role="admin")
    client = Client()
    client.force_login(user)
    return client


def test_an_agency_renamed_in_the_admin_is_renamed_in_the_graph(admin_client: Client) -> None:
    world = build_small_world()
    agency = world.kg_police
    events_before = OutboxEvent.objects.filter(aggregate_uuid=agency.uuid).count()
    response = admin_client.post(
        f"/admin/directory/agency/{agency.pk}/change/",
        {
            "name_en": "Ministry of Internal Affairs of the Kyrgyz Republic",
            "name_ru": "МВД КР",
            "name_local": "",
            "kind": "interior",
            "country": agency.country_id,
            "city": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    agency.refresh_from_db()
    assert agency.version == 2
    assert OutboxEvent.objects.filter(aggregate_uuid=agency.uuid).count() == events_before + 1
    records, _, _ = get_driver().execute_query(
        "MATCH (a:Agency {uuid: $uuid}) RETURN a.name_en AS name",
        uuid=str(agency.uuid),
        database_=settings.NEO4J_DATABASE,
    )
    assert records[0]["name"] == "Ministry of Internal Affairs of the Kyrgyz Republic"
    assert find_drift() == []


def test_a_bad_value_in_the_admin_is_shown_and_nothing_is_saved(admin_client: Client) -> None:
    world = build_small_world()
    response = admin_client.post(
        f"/admin/directory/event/{world.workshop.pk}/change/",
        {
            "title": "Crypto",
            "city": world.workshop.city_id,
            "starts_on": "2017-12-01",
            "ends_on": "2017-11-27",
            "participations-TOTAL_FORMS": "0",
            "participations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "before it starts" in response.content.decode()
    world.workshop.refresh_from_db()
    assert world.workshop.starts_on.isoformat() == "2017-11-27"


def test_deleting_an_officer_in_the_admin_erases_them_from_the_graph(admin_client: Client) -> None:
    world = build_small_world()
    response = admin_client.post(f"/admin/directory/officer/{world.bakyt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    records, _, _ = get_driver().execute_query(
        "MATCH (o:Officer {uuid: $uuid}) RETURN count(o) AS n",
        uuid=str(world.bakyt.uuid),
        database_=settings.NEO4J_DATABASE,
    )
    assert records[0]["n"] == 0
    assert Agency.objects.filter(pk=world.kz_police.pk).exists()
    assert find_drift() == []
