"""A steward's edit in the admin goes through the services: outbox event written, graph updated."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from directory.models import Agency, ChangeLog, Officer, OutboxEvent, User
from directory.services import officers as officer_services
from graph.check import find_drift
from graph.driver import get_driver
from tests.admin_forms import event_change_data
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


def _officer_form(officer: Officer, **inline_rows: str) -> dict[str, str]:
    """The officer change form as the admin posts it, with no inline rows unless given."""
    data = {
        "name_native": officer.name_native,
        "name_latin": officer.name_latin,
        "position": officer.position,
        "rank": officer.rank,
        "agency": str(officer.agency_id),
        "languages": [str(pk) for pk in officer.languages.values_list("pk", flat=True)],
        "expertise-TOTAL_FORMS": "0",
        "expertise-INITIAL_FORMS": "0",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
    }
    data.update(inline_rows)
    return data


def test_inline_rows_saved_in_the_admin_go_through_the_services(admin_client: Client) -> None:
    # given an officer with one contact channel and a topic they do not work on yet
    world = build_small_world()
    officer = world.asel
    known = set(officer.expertise.values_list("topic_id", flat=True))
    topic = next(t for t in (world.crypto, world.darknet, world.cybercrime) if t.pk not in known)
    channel = officer_services.add_contact_channel(officer, kind="email", value="old@demo.invalid", visibility="staff")
    officer.refresh_from_db()
    version, logged = officer.version, ChangeLog.objects.filter(record_uuid=officer.uuid).count()
    expertise = list(officer.expertise.values_list("pk", "topic_id", "level"))

    # when the admin changes the channel's address, adds an e-mail and adds expertise in the inlines
    rows = {
        "contacts-TOTAL_FORMS": "2",
        "contacts-INITIAL_FORMS": "1",
        "contacts-0-id": str(channel.pk),
        "contacts-0-officer": str(officer.pk),
        "contacts-0-kind": "email",
        "contacts-0-value": "new@demo.invalid",
        "contacts-0-visibility": "staff",
        "contacts-1-officer": str(officer.pk),
        "contacts-1-kind": "mobile",
        "contacts-1-value": "+996 555 000 111",
        "contacts-1-visibility": "verified",
        "expertise-TOTAL_FORMS": str(len(expertise) + 1),
        "expertise-INITIAL_FORMS": str(len(expertise)),
    }
    for index, (pk, topic_id, level) in enumerate(expertise):
        rows |= {
            f"expertise-{index}-id": str(pk),
            f"expertise-{index}-officer": str(officer.pk),
            f"expertise-{index}-topic": str(topic_id),
            f"expertise-{index}-level": str(level),
        }
    new = len(expertise)
    rows |= {
        f"expertise-{new}-officer": str(officer.pk),
        f"expertise-{new}-topic": str(topic.pk),
        f"expertise-{new}-level": "3",
    }
    response = admin_client.post(f"/admin/directory/officer/{officer.pk}/change/", _officer_form(officer, **rows))

    # then the rows are stored, the entry's version moved on with a log row each, and the graph has the expertise
    assert response.status_code == 302, _form_errors(response)
    assert sorted(officer.contacts.values_list("value", flat=True)) == ["+996 555 000 111", "new@demo.invalid"]
    officer.refresh_from_db()
    assert officer.version > version
    # one log row for the form, and one for each service call: changed channel, added channel, expertise
    assert ChangeLog.objects.filter(record_uuid=officer.uuid).count() == logged + 4
    records, _, _ = get_driver().execute_query(
        "MATCH (:Officer {uuid: $uuid})-[e:EXPERT_IN]->(t:Topic {uuid: $topic}) RETURN e.level AS level",
        uuid=str(officer.uuid),
        topic=str(topic.uuid),
        database_=settings.NEO4J_DATABASE,
    )
    assert [record["level"] for record in records] == [3]
    assert find_drift() == []


def test_a_participation_removed_in_the_admin_leaves_the_graph(admin_client: Client) -> None:
    # given a workshop with its participants
    world = build_small_world()
    event = world.workshop
    participations = list(event.participations.order_by("pk"))
    gone = participations[0]
    logged = ChangeLog.objects.filter(record_uuid=gone.officer.uuid).count()
    data = event_change_data(event, participations)
    data["participations-0-DELETE"] = "on"

    # when the admin deletes the first row
    response = admin_client.post(f"/admin/directory/event/{event.pk}/change/", data)

    # then the officer no longer attended, in the database and in the graph
    assert response.status_code == 302, _form_errors(response)
    assert not event.participations.filter(officer_id=gone.officer_id).exists()
    assert ChangeLog.objects.filter(record_uuid=gone.officer.uuid).count() == logged + 1
    records, _, _ = get_driver().execute_query(
        "MATCH (o:Officer {uuid: $uuid})-[:ATTENDED]->(:Event {uuid: $event}) RETURN count(o) AS n",
        uuid=str(gone.officer.uuid),
        event=str(event.uuid),
        database_=settings.NEO4J_DATABASE,
    )
    assert records[0]["n"] == 0
    assert find_drift() == []


def _form_errors(response: object) -> str:
    """What the admin said was wrong with a form it did not save."""
    context = response.context_data  # type: ignore[attr-defined]
    inlines = [formset.formset.errors for formset in context.get("inline_admin_formsets", [])]
    return f"{context['adminform'].form.errors} {inlines}"


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


def test_a_topic_put_under_its_own_sub_topic_in_the_admin_is_refused_by_field(admin_client: Client) -> None:
    world = build_small_world()
    cybercrime = world.darknet.broader.get()
    response = admin_client.post(
        f"/admin/directory/topic/{cybercrime.pk}/change/",
        {
            "slug": cybercrime.slug,
            "name_en": cybercrime.name_en,
            "name_ru": "",
            "name_local": "",
            "broader": [world.darknet.pk],
        },
    )
    assert response.status_code == 200
    assert "is &#x27;Cybercrime&#x27; itself or one of its sub-topics" in response.content.decode()
    assert list(cybercrime.broader.all()) == []


def test_a_second_broader_topic_chosen_in_the_admin_reaches_the_graph(admin_client: Client) -> None:
    world = build_small_world()
    response = admin_client.post(
        f"/admin/directory/topic/{world.crypto.pk}/change/",
        {
            "slug": world.crypto.slug,
            "name_en": world.crypto.name_en,
            "name_ru": "",
            "name_local": "",
            "broader": [world.darknet.broader.get().pk, world.darknet.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    records, _, _ = get_driver().execute_query(
        "MATCH (:Topic {uuid: $uuid})-[:SUBTOPIC_OF]->(broader:Topic) RETURN broader.slug AS slug ORDER BY slug",
        {"uuid": str(world.crypto.uuid)},
        database_=settings.NEO4J_DATABASE,
    )
    assert [record["slug"] for record in records] == ["cybercrime", "darknet-drugs"]
    assert find_drift() == []
