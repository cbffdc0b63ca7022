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


def kyrgyz_steward_in_the_admin() -> Client:
    """A Kyrgyz steward given the admin and every directory model permission: the country rule still holds."""
    from django.contrib.auth.models import Permission

    from directory.models import Country

    user = User.objects.create_user(
        "steward-kg",
        password="a-long-test-password",
        role="steward",
        is_staff=True,
        country=Country.objects.get(code="KG"),
    )
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="directory"))
    client = Client()
    client.force_login(user)
    return client


def _agency_form(agency: Agency, name_ru: str) -> dict:
    return {
        "name_en": agency.name_en,
        "name_ru": name_ru,
        "name_local": "",
        "kind": agency.kind,
        "country": agency.country_id,
        "city": "",
    }


def test_a_steward_in_the_admin_changes_only_their_own_countrys_records() -> None:
    world = build_small_world()
    client = kyrgyz_steward_in_the_admin()
    # the Kazakh ministry is refused, and unchanged
    refused = client.post(
        f"/admin/directory/agency/{world.kz_police.pk}/change/", _agency_form(world.kz_police, "МВД РК")
    )
    assert refused.status_code == 403
    assert Agency.objects.get(pk=world.kz_police.pk).name_ru == ""
    # the Kyrgyz one is theirs
    done = client.post(f"/admin/directory/agency/{world.kg_police.pk}/change/", _agency_form(world.kg_police, "МВД КР"))
    assert done.status_code == 302
    assert Agency.objects.get(pk=world.kg_police.pk).name_ru == "МВД КР"
    # and an agency added for Kazakhstan is refused, and not created
    added = client.post("/admin/directory/agency/add/", {**_agency_form(world.kz_police, ""), "name_en": "Customs"})
    assert added.status_code == 403
    assert not Agency.objects.filter(name_en="Customs").exists()
