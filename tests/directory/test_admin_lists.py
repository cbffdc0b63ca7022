"""The admin's lists take the same queries for a few rows and for a page of them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from directory.models import Country, User
from directory.services import institutions
from tests.factories import SmallWorld, build_small_world

pytestmark = pytest.mark.django_db


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
