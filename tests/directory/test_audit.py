"""The change log: every write names who made it, in which request, and what the record held before and after."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from django.core.exceptions import ValidationError
from django.test import AsyncClient, Client

from directory.audit import acting_as, current_actor, current_request_id
from directory.models import AppendOnlyError, ChangeLog, ContactAccessLog, User
from directory.services import events, institutions, officers, topics
from directory.services.access import log_contact_access
from tests.factories import SmallWorld, build_small_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> SmallWorld:
    return build_small_world()


@pytest.fixture
def steward() -> User:
    return User.objects.create_user("kg-steward", password="a-long-test-password", role="steward")


def history(record: object) -> list[ChangeLog]:
    """The record's change log, oldest first."""
    return list(ChangeLog.objects.filter(record_uuid=record.uuid).order_by("id"))  # type: ignore[attr-defined]


def test_an_update_is_logged_with_its_author_request_and_values(world: SmallWorld, steward: User) -> None:
    agency = world.kg_police
    with acting_as(steward, request_id="req-rename-1"):
        institutions.update_agency(agency, name_en="Ministry of Internal Affairs of the Kyrgyz Republic")
    entry = history(agency)[-1]
    assert entry.action == "update"
    assert entry.actor == steward and entry.actor_username == "kg-steward"
    assert entry.request_id == "req-rename-1"
    assert entry.before["name_en"] == "Ministry of Internal Affairs"
    assert entry.after["name_en"] == "Ministry of Internal Affairs of the Kyrgyz Republic"
    assert (entry.before["version"], entry.after["version"]) == (1, 2)
    # JSON-safe values: links as ids, UUIDs and times as ISO strings.
    assert entry.after["country"] == agency.country_id
    assert entry.after["uuid"] == str(agency.uuid)
    assert entry.after["created_at"] == agency.created_at.isoformat()


def test_a_creation_is_logged_once_without_a_before(steward: User) -> None:
    with acting_as(steward) as request_id:
        topic = topics.create_topic(slug="cybercrime", name_en="Cybercrime")
    [entry] = history(topic)
    assert entry.action == "create" and entry.before is None
    assert entry.after["slug"] == "cybercrime"
    assert entry.request_id == request_id and len(request_id) == 32


def test_an_officer_saved_before_publishing_is_logged_as_created(world: SmallWorld, steward: User) -> None:
    with acting_as(steward):
        officer = officers.create_officer(
            name_native="Нурлан Ахметов", name_latin="Nurlan Akhmetov", agency=world.kz_police
        )
    [entry] = history(officer)
    assert entry.action == "create" and entry.before is None
    assert entry.after["name_latin"] == "Nurlan Akhmetov" and entry.after["version"] == 1


def test_writes_in_one_request_share_its_id_and_another_request_gets_another(world: SmallWorld, steward: User) -> None:
    with acting_as(steward) as first_request:
        institutions.update_agency(world.kg_police, name_ru="МВД КР")
        institutions.update_agency(world.kz_police, name_ru="МВД РК")
    with acting_as(steward) as second_request:
        institutions.update_agency(world.kg_police, name_ru="МВД Кыргызстана")
    assert first_request != second_request
    assert history(world.kg_police)[-2].request_id == history(world.kz_police)[-1].request_id == first_request
    assert history(world.kg_police)[-1].request_id == second_request


def test_outside_a_request_the_change_has_no_author(world: SmallWorld) -> None:
    assert current_actor() is None and current_request_id() == ""
    institutions.update_agency(world.kg_police, name_ru="МВД КР")
    entry = history(world.kg_police)[-1]
    assert entry.actor is None and entry.actor_username == "" and entry.request_id == ""


def test_a_deletion_is_logged_with_what_was_deleted(world: SmallWorld, steward: User) -> None:
    coverage = world.partner.coverage.get()
    with acting_as(steward):
        events.remove_coverage(coverage)
    entry = history(coverage)[-1]
    assert entry.action == "delete" and entry.after is None
    assert entry.before["organisation"] == world.partner.pk and entry.before["topic"] == world.darknet.pk


def test_a_link_changed_elsewhere_logs_only_the_new_version(world: SmallWorld, steward: User) -> None:
    officer = world.dilnoza
    with acting_as(steward):
        events.record_participation(officer, world.workshop, rating="good")
    entry = history(officer)[-1]
    assert entry.action == "update"
    assert entry.before == {"version": officer.version - 1} and entry.after == {"version": officer.version}


def test_a_refused_write_leaves_no_log(world: SmallWorld, steward: User) -> None:
    logged = ChangeLog.objects.count()
    with acting_as(steward), pytest.raises(ValidationError):
        institutions.update_agency(world.kg_police, name_en="")
    assert ChangeLog.objects.count() == logged


def test_erasing_an_officer_logs_a_deletion(world: SmallWorld, steward: User) -> None:
    officer = world.asel
    with acting_as(steward, request_id="erase-asel"):
        officers.erase_officer(officer)
    deletion = ChangeLog.objects.get(record_uuid=officer.uuid, action="delete")
    assert deletion.request_id == "erase-asel" and deletion.actor == steward
    assert deletion.before["uuid"] == str(officer.uuid) and deletion.after is None
    # Her acquaintance's entry moved on too: its link to her is gone.
    assert history(world.bakyt)[-1].request_id == "erase-asel"


def test_log_rows_cannot_be_changed_or_deleted(world: SmallWorld, steward: User) -> None:
    with acting_as(steward):
        institutions.update_agency(world.kg_police, name_ru="МВД КР")
    entry = history(world.kg_police)[-1]
    entry.actor_username = "someone-else"
    with pytest.raises(AppendOnlyError, match="cannot be changed"):
        entry.save()
    with pytest.raises(AppendOnlyError, match="cannot be deleted"):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        ChangeLog.objects.filter(pk=entry.pk).update(actor_username="someone-else")
    with pytest.raises(AppendOnlyError):
        ChangeLog.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.actor_username == "kg-steward"


def test_contact_views_cannot_be_changed_or_deleted(world: SmallWorld, steward: User) -> None:
    view = log_contact_access(viewer=steward, officer=world.asel, channel_count=1, operation="OfficerPage")
    view.reason = "after the fact"
    with pytest.raises(AppendOnlyError):
        view.save()
    with pytest.raises(AppendOnlyError):
        view.delete()
    with pytest.raises(AppendOnlyError):
        ContactAccessLog.objects.all().delete()
    assert ContactAccessLog.objects.get(pk=view.pk).reason == ""


def test_removing_an_account_keeps_its_log_under_its_name(world: SmallWorld, steward: User) -> None:
    with acting_as(steward):
        institutions.update_agency(world.kg_police, name_ru="МВД КР")
    log_contact_access(viewer=steward, officer=world.asel, channel_count=1, operation="OfficerPage")
    steward.delete()
    entry = history(world.kg_police)[-1]
    assert entry.actor is None and entry.actor_username == "kg-steward"
    assert ContactAccessLog.objects.get().viewer_username == "kg-steward"


def test_every_response_carries_a_request_id(client: Client) -> None:
    first = client.get("/admin/login/")["X-Request-ID"]
    second = client.get("/admin/login/")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_a_valid_incoming_request_id_is_kept(client: Client) -> None:
    response = client.get("/admin/login/", headers={"X-Request-ID": "gateway-7f3a_01"})
    assert response["X-Request-ID"] == "gateway-7f3a_01"


@pytest.mark.parametrize("malformed", ["a" * 65, "has space", "semi;colon", "line\rbreak", "ünïcode"])
def test_a_malformed_incoming_request_id_is_replaced(client: Client, malformed: str) -> None:
    response = client.get("/admin/login/", headers={"X-Request-ID": malformed})
    assert response["X-Request-ID"] != malformed and len(response["X-Request-ID"]) == 32


def test_a_change_made_in_the_admin_is_logged_under_the_request(world: SmallWorld) -> None:
    admin = User.objects.create_superuser("steward-admin", password="a-long-test-password", role="admin")
    client = Client()
    client.force_login(admin)
    agency = world.kg_police
    response = client.post(
        f"/admin/directory/agency/{agency.pk}/change/",
        {"name_en": "MVD", "name_ru": "", "name_local": "", "kind": "interior", "country": agency.country_id},
        headers={"X-Request-ID": "admin-edit-1"},
    )
    assert response.status_code == 302
    entry = history(agency)[-1]
    assert entry.actor == admin and entry.request_id == "admin-edit-1" and entry.after["name_en"] == "MVD"


def test_the_admin_shows_the_logs_read_only(world: SmallWorld) -> None:
    admin = User.objects.create_superuser("steward-admin", password="a-long-test-password", role="admin")
    client = Client()
    client.force_login(admin)
    entry = history(world.kg_police)[-1]
    listing = client.get("/admin/directory/changelog/")
    assert listing.status_code == 200 and str(entry.record_uuid) in listing.content.decode()
    assert client.get("/admin/directory/changelog/add/").status_code == 403
    assert client.get(f"/admin/directory/changelog/{entry.pk}/delete/").status_code == 403
    assert client.get("/admin/directory/contactaccesslog/").status_code == 200


def test_the_asgi_path_carries_the_request_id_too() -> None:
    response = async_to_sync(AsyncClient().get)("/admin/login/", headers={"X-Request-ID": "asgi-1"})
    assert response["X-Request-ID"] == "asgi-1"
