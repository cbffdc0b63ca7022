"""Stewards add, change and remove an officer's contact channels, and record participations, on the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.test.utils import override_settings

from directory.demo import DEMO_ADMIN, DEMO_OFFICER, DEMO_STAFF, DEMO_STEWARD, DemoSummary
from directory.models import ChangeLog, ContactAccessLog, ContactChannel, Event, Officer, OutboxEvent, User

pytestmark = pytest.mark.django_db

HOSTILE_VALUES = [
    "'; DROP TABLE directory_contactchannel; --",
    "<script>alert(1)</script>@example.org",
    "a\u202eb@example.org",
    "x" * 5000,
    "}) MATCH (n) DETACH DELETE n //",
]


def _kyrgyz_officer() -> Officer:
    """A Kyrgyz entry other than the demo officer's own: the Kyrgyz steward looks after it."""
    own = User.objects.get(username=DEMO_OFFICER).officer_id
    return Officer.objects.filter(agency__country__code="KG").exclude(pk=own).order_by("id").first()


def _kazakh_officer() -> Officer:
    return Officer.objects.filter(agency__country__code="KZ").order_by("id").first()


def _stored(officer: Officer) -> tuple[Any, ...]:
    """What a refused change must leave as it was: the channels, the participations, the outbox, the change log."""
    officer = Officer.objects.get(pk=officer.pk)
    return (
        sorted(officer.contacts.values_list("kind", "value", "visibility")),
        sorted(officer.participations.values_list("event_id", "role", "rating", "wants_more")),
        officer.version,
        OutboxEvent.objects.count(),
        ChangeLog.objects.count(),
    )


def test_a_steward_adds_changes_and_removes_a_channel(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    officer = _kyrgyz_officer()
    steward = sign_in(DEMO_STEWARD)
    changes_before = ChangeLog.objects.filter(record_uuid=officer.uuid).count()

    # given the steward adds an e-mail address seen by verified officers
    response = steward.post(
        f"/officers/{officer.uuid}/contacts/",
        {"kind": "email", "value": "duty.desk@mvd.example.kg", "visibility": "verified"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Contact channel added." in response.content.decode()
    channel = officer.contacts.get(value="duty.desk@mvd.example.kg")
    assert channel.visibility == "verified"
    assert 'href="mailto:duty.desk@mvd.example.kg"' in response.content.decode()

    # when it is changed to a 24/7 number for stewards only
    response = steward.post(
        f"/officers/{officer.uuid}/contacts/{channel.pk}/",
        {"kind": "hotline_24_7", "value": "+996 312 66 00 00", "visibility": "stewards"},
        follow=True,
    )
    assert "Contact channel saved." in response.content.decode()
    channel.refresh_from_db()
    assert (channel.kind, channel.value, channel.visibility) == ("hotline_24_7", "+996 312 66 00 00", "stewards")
    assert 'href="tel:+996312660000"' in response.content.decode()

    # then removed
    response = steward.post(f"/officers/{officer.uuid}/contacts/{channel.pk}/remove/", follow=True)
    assert "Contact channel removed." in response.content.decode()
    assert not officer.contacts.filter(pk=channel.pk).exists()
    # each change is in the change log, under the steward's name
    logged = ChangeLog.objects.filter(record_uuid=officer.uuid)
    assert logged.count() == changes_before + 3
    assert set(logged.order_by("-id")[:3].values_list("actor_username", flat=True)) == {DEMO_STEWARD}


def test_showing_the_channels_to_manage_is_a_logged_contact_view(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    officer = _kyrgyz_officer()
    steward = sign_in(DEMO_STEWARD)
    before = ContactAccessLog.objects.filter(officer_uuid=officer.uuid).count()
    html = steward.get(f"/officers/{officer.uuid}/contacts/").content.decode()
    for channel in officer.contacts.all():  # a steward sees every channel of their own country's officers
        assert channel.value in html
    entry = ContactAccessLog.objects.filter(officer_uuid=officer.uuid).order_by("-id").first()
    assert ContactAccessLog.objects.filter(officer_uuid=officer.uuid).count() == before + 1
    assert (entry.viewer_username, entry.channel_count) == (DEMO_STEWARD, officer.contacts.count())
    channel = officer.contacts.first()
    steward.get(f"/officers/{officer.uuid}/contacts/{channel.pk}/")
    assert ContactAccessLog.objects.filter(officer_uuid=officer.uuid).count() == before + 2


@pytest.mark.parametrize(
    ("posted", "field", "message"),
    [
        ({"kind": "email", "value": "not-an-address", "visibility": "verified"}, "value", "is not an e-mail address"),
        ({"kind": "phone", "value": "call me", "visibility": "verified"}, "value", "is not a phone number"),
        ({"kind": "mobile", "value": "+996 12", "visibility": "verified"}, "value", "write 6 to 15 digits"),
        ({"kind": "email", "value": "a@example.org", "visibility": "everyone"}, "visibility", "is not a visibility"),
        ({"kind": "fax", "value": "a@example.org", "visibility": "verified"}, "kind", "is not a kind of channel"),
        ({"kind": "email", "value": "", "visibility": "verified"}, "value", "This field is required"),
    ],
)
def test_a_bad_channel_is_named_beside_its_field_and_nothing_is_saved(
    posted: dict[str, str], field: str, message: str, sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    officer = _kyrgyz_officer()
    before = _stored(officer)
    response = sign_in(DEMO_STEWARD).post(f"/officers/{officer.uuid}/contacts/", posted)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved" in html
    assert f'id="id_{field}_errors"' in html and message in html
    assert _stored(officer) == before


def test_the_same_channel_twice_is_refused_beside_the_value(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    officer = _kyrgyz_officer()
    channel = officer.contacts.order_by("pk").first()
    before = _stored(officer)
    response = sign_in(DEMO_STEWARD).post(
        f"/officers/{officer.uuid}/contacts/", {"kind": channel.kind, "value": channel.value, "visibility": "verified"}
    )
    assert 'id="id_value_errors"' in response.content.decode() and "already has" in response.content.decode()
    assert _stored(officer) == before


def test_a_refused_change_leaves_the_channel_as_it_was(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    officer = _kyrgyz_officer()
    channel = officer.contacts.filter(kind="email").first()
    before = _stored(officer)
    response = sign_in(DEMO_STEWARD).post(
        f"/officers/{officer.uuid}/contacts/{channel.pk}/",
        {"kind": "email", "value": "no at sign", "visibility": "signed_in"},
    )
    assert "is not an e-mail address" in response.content.decode()
    assert _stored(officer) == before


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_values_are_refused_or_kept_as_plain_text(
    value: str, sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    officer = _kyrgyz_officer()
    before = _stored(officer)
    response = sign_in(DEMO_STEWARD).post(
        f"/officers/{officer.uuid}/contacts/", {"kind": "messenger", "value": value, "visibility": "verified"}
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:  # refused, beside the value, and nothing written
        assert 'id="id_value_errors"' in response.content.decode()
        assert _stored(officer) == before
    else:  # a messenger handle is free text: stored as typed, shown escaped
        html = sign_in(DEMO_STEWARD).get(f"/officers/{officer.uuid}/contacts/").content.decode()
        assert "<script>alert(1)</script>" not in html
    assert Officer.objects.count() == demo.officers


def test_only_those_who_may_change_the_entry_reach_its_contact_pages(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    kyrgyz, kazakh = _kyrgyz_officer(), _kazakh_officer()
    posted = {"kind": "email", "value": "x@example.org", "visibility": "verified"}
    for username, officer in [
        (DEMO_STEWARD, kazakh),  # another country's entry
        (DEMO_STAFF, kyrgyz),  # programme staff do not change officers' entries
        (DEMO_OFFICER, kyrgyz),  # nor do officers (they propose changes to their own)
    ]:
        client = sign_in(username)
        before = _stored(officer)
        for address in [f"/officers/{officer.uuid}/contacts/", f"/officers/{officer.uuid}/events/"]:
            assert client.get(address).status_code in (403, 404), (username, address)
            assert client.post(address, posted).status_code in (403, 404), (username, address)
        channel = officer.contacts.first()
        assert client.post(f"/officers/{officer.uuid}/contacts/{channel.pk}/remove/").status_code in (403, 404)
        assert _stored(officer) == before
    # an administrator may
    assert sign_in(DEMO_ADMIN).get(f"/officers/{kazakh.uuid}/contacts/").status_code == 200


def test_a_channel_of_another_officer_is_not_found_through_this_one(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    officer, kazakh = _kyrgyz_officer(), _kazakh_officer()
    foreign = kazakh.contacts.first()
    before = _stored(kazakh)
    client = sign_in(DEMO_STEWARD)
    assert client.post(f"/officers/{officer.uuid}/contacts/{foreign.pk}/remove/").status_code == 404
    assert client.get(f"/officers/{officer.uuid}/contacts/{foreign.pk}/").status_code == 404
    assert _stored(kazakh) == before


def test_the_forms_need_the_csrf_token(demo: DemoSummary) -> None:
    officer = _kyrgyz_officer()
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username=DEMO_STEWARD))
    before = _stored(officer)
    posted = {"kind": "email", "value": "x@example.org", "visibility": "verified"}
    assert client.post(f"/officers/{officer.uuid}/contacts/", posted).status_code == 403
    assert client.post(f"/officers/{officer.uuid}/events/", {"event": "", "role": "participant"}).status_code == 403
    assert _stored(officer) == before


# Per hour: a fixed window of a minute could end between the second and third post.
@override_settings(LIAISON_PAGE_CHANGE_RATE_LIMIT="2/h")
def test_changes_are_throttled_per_user(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    officer = _kyrgyz_officer()
    steward = sign_in(DEMO_STEWARD)
    responses = [
        steward.post(
            f"/officers/{officer.uuid}/contacts/",
            {"kind": "email", "value": f"desk{number}@mvd.example.kg", "visibility": "verified"},
        )
        for number in range(3)
    ]
    assert [response.status_code for response in responses] == [302, 302, 429]
    assert int(responses[2]["Retry-After"]) > 0
    assert "this one was not saved" in responses[2].content.decode()
    assert not officer.contacts.filter(value="desk2@mvd.example.kg").exists()


def test_a_steward_records_and_removes_a_participation(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    officer = _kyrgyz_officer()
    attended = set(officer.participations.values_list("event_id", flat=True))
    event = Event.objects.exclude(pk__in=attended).order_by("starts_on").first()
    steward = sign_in(DEMO_STEWARD)
    response = steward.post(
        f"/officers/{officer.uuid}/events/",
        {"event": str(event.uuid), "role": "trainer", "rating": "very_good", "wants_more": "on"},
        follow=True,
    )
    assert "Participation recorded" in response.content.decode()
    participation = officer.participations.get(event=event)
    assert (participation.role, participation.rating, participation.wants_more) == ("trainer", "very_good", True)
    profile = steward.get(f"/officers/{officer.uuid}/").content.decode()
    assert f"/events/{event.uuid}/" in profile

    response = steward.post(f"/officers/{officer.uuid}/events/{participation.pk}/remove/", follow=True)
    assert "Participation removed" in response.content.decode()
    assert not officer.participations.filter(event=event).exists()


def test_a_participation_recorded_already_is_named_and_left_alone(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    officer = _kyrgyz_officer()
    existing = officer.participations.select_related("event").first()
    before = _stored(officer)
    response = sign_in(DEMO_STEWARD).post(
        f"/officers/{officer.uuid}/events/", {"event": str(existing.event.uuid), "role": "organiser", "rating": "poor"}
    )
    html = response.content.decode()
    assert 'id="id_event_errors"' in html and "is already recorded for this officer" in html
    assert _stored(officer) == before


@pytest.mark.parametrize(
    ("posted", "field"),
    [
        ({"event": "", "role": "participant"}, "event"),
        ({"event": "00000000-0000-0000-0000-000000000000", "role": "participant"}, "event"),
        ({"event": "'; DROP TABLE directory_event; --", "role": "participant"}, "event"),
        ({"event": "EVENT", "role": "guest of honour"}, "role"),
        ({"event": "EVENT", "role": "participant", "rating": "11/10"}, "rating"),
    ],
)
def test_a_bad_participation_is_named_beside_its_field(
    posted: dict[str, str], field: str, sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    officer = _kyrgyz_officer()
    attended = set(officer.participations.values_list("event_id", flat=True))
    event = Event.objects.exclude(pk__in=attended).order_by("starts_on").first()
    posted = {name: (str(event.uuid) if value == "EVENT" else value) for name, value in posted.items()}
    before = _stored(officer)
    response = sign_in(DEMO_STEWARD).post(f"/officers/{officer.uuid}/events/", posted)
    assert response.status_code == 200
    assert f'id="id_{field}_errors"' in response.content.decode()
    assert _stored(officer) == before


def test_the_profile_links_stewards_to_the_pages_and_others_not(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    officer = _kyrgyz_officer()
    steward_view = sign_in(DEMO_STEWARD).get(f"/officers/{officer.uuid}/").content.decode()
    assert f"/officers/{officer.uuid}/contacts/" in steward_view
    assert f"/officers/{officer.uuid}/events/" in steward_view
    officer_view = sign_in(DEMO_STAFF).get(f"/officers/{officer.uuid}/").content.decode()
    assert f"/officers/{officer.uuid}/contacts/" not in officer_view


def test_profile_contacts_are_mailto_and_tel_links(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    officer = _kyrgyz_officer()
    html = sign_in(DEMO_STEWARD).get(f"/officers/{officer.uuid}/").content.decode()
    for channel in officer.contacts.all():
        if channel.kind == ContactChannel.Kind.EMAIL:
            assert f'href="mailto:{channel.value.lower()}"' in html
        elif channel.kind != ContactChannel.Kind.MESSENGER:
            number = "".join(ch for ch in channel.value if ch.isdigit() or ch == "+")
            assert f'href="tel:{number}"' in html
            assert " " not in number


@pytest.mark.parametrize("pk", ["99999999999999999999999", "9223372036854775808", "0"])
def test_a_made_up_channel_or_participation_number_is_not_found(
    pk: str, sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    officer = _kyrgyz_officer()
    before = _stored(officer)
    client = sign_in(DEMO_STEWARD)
    assert client.get(f"/officers/{officer.uuid}/contacts/{pk}/").status_code == 404
    assert client.post(f"/officers/{officer.uuid}/contacts/{pk}/remove/").status_code == 404
    assert client.post(f"/officers/{officer.uuid}/events/{pk}/remove/").status_code == 404
    assert _stored(officer) == before
