"""The admin's officer page shows every contact channel, so each showing is logged like a view of the profile."""

from __future__ import annotations

import pytest
from django.test import Client

from directory.admin import ADMIN_OFFICER_OPERATION
from directory.models import ContactAccessLog, User
from directory.services.officers import add_contact_channel
from tests.factories import SmallWorld, build_small_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world() -> SmallWorld:
    """The small directory, with two contact channels for Asel and none for Bakyt."""
    world = build_small_world()
    add_contact_channel(world.asel, kind="email", value="asel@mvd.example.kg", visibility="stewards")
    add_contact_channel(world.asel, kind="phone", value="+996 312 000 000", visibility="verified")
    return world


@pytest.fixture
def admin_client() -> Client:
    user = User.objects.create_superuser("audit-admin", password="a-long-test-password", role="admin")
    client = Client()
    client.force_login(user)
    return client


def test_opening_an_officer_in_the_admin_logs_who_saw_their_contacts(admin_client: Client, world: SmallWorld) -> None:
    # when
    response = admin_client.get(f"/admin/directory/officer/{world.asel.pk}/change/", headers={"X-Request-ID": "adm-1"})
    # then: the page shows the contacts, and the log says who saw how many, where and in which request
    assert response.status_code == 200
    assert "asel@mvd.example.kg" in response.content.decode()
    entry = ContactAccessLog.objects.get()
    assert (entry.viewer_username, entry.officer_uuid, entry.channel_count) == ("audit-admin", world.asel.uuid, 2)
    assert entry.operation == ADMIN_OFFICER_OPERATION == "admin:officer"
    assert entry.request_id == "adm-1"


def test_each_showing_is_logged_and_a_page_without_contacts_is_not(admin_client: Client, world: SmallWorld) -> None:
    # when
    admin_client.get(f"/admin/directory/officer/{world.asel.pk}/change/")
    admin_client.get(f"/admin/directory/officer/{world.asel.pk}/change/")
    admin_client.get(f"/admin/directory/officer/{world.bakyt.pk}/change/")
    admin_client.get("/admin/directory/officer/")
    # then
    assert list(ContactAccessLog.objects.values_list("officer_uuid", flat=True)) == [world.asel.uuid] * 2


def test_the_delete_confirmation_lists_the_contacts_and_is_logged(admin_client: Client, world: SmallWorld) -> None:
    # when
    response = admin_client.get(f"/admin/directory/officer/{world.asel.pk}/delete/")
    # then
    assert "asel@mvd.example.kg" in response.content.decode()
    assert ContactAccessLog.objects.get().operation == "admin:officer"


def test_a_saved_change_that_redirects_shows_no_contacts_and_logs_none(admin_client: Client, world: SmallWorld) -> None:
    # given: the form as the admin rendered it (that showing is logged once)
    page = admin_client.get(f"/admin/directory/officer/{world.asel.pk}/change/")
    # when
    response = admin_client.post(f"/admin/directory/officer/{world.asel.pk}/change/", _unchanged_form(page))
    # then
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ContactAccessLog.objects.count() == 1


def test_signed_out_visitors_reach_no_officer_page_and_leave_no_log(client: Client, world: SmallWorld) -> None:
    # when
    response = client.get(f"/admin/directory/officer/{world.asel.pk}/change/")
    # then
    assert response.status_code == 302
    assert ContactAccessLog.objects.count() == 0


def _fields(form: object) -> dict[str, object]:
    values = {form.add_prefix(name): form[name].value() for name in form.fields}
    return {name: "" if value is None else value for name, value in values.items() if value is not False}


def _unchanged_form(page: object) -> dict[str, object]:
    """The POST body a browser would send back unchanged: the officer's fields and each inline formset."""
    body = _fields(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        body.update(_fields(inline.formset.management_form))
        for form in inline.formset.forms:
            body.update(_fields(form))
    return body
