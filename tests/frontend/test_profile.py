"""The officer profile: the facts, only the contacts the viewer may see (each view logged), introductions."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils.html import escape

from directory.demo import DEMO_OFFICER, DEMO_STAFF, DemoSummary
from directory.models import Acquaintance, ContactAccessLog, ContactChannel, Officer, Participation, User
from directory.services.officers import create_officer
from directory.visibility import CONTACT_LEVELS

pytestmark = pytest.mark.neo4j  # a profile shows who can introduce you, from the graph

Visibility = ContactChannel.Visibility


def _kazakh_officer_with_every_visibility() -> Officer:
    """A demo officer of Kazakhstan given one channel of each visibility."""
    officer = Officer.objects.filter(agency__country__code="KZ").order_by("id").first()
    for visibility in Visibility.values:
        ContactChannel.objects.get_or_create(
            officer=officer, kind="messenger", value=f"@{visibility}.demo", defaults={"visibility": visibility}
        )
    return officer


def test_a_verified_officer_sees_only_the_contacts_they_may(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    officer = _kazakh_officer_with_every_visibility()
    response = sign_in(DEMO_OFFICER).get(f"/officers/{officer.uuid}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert officer.name_native in html and officer.name_latin in html
    assert officer.agency.name_en in html
    assert "@signed_in.demo" in html and "@verified.demo" in html
    assert "@staff.demo" not in html and "@stewards.demo" not in html
    shown = [channel for channel in officer.contacts.all() if channel.visibility in CONTACT_LEVELS[User.Role.OFFICER]]
    log = ContactAccessLog.objects.get(officer_uuid=officer.uuid)
    assert log.viewer.username == DEMO_OFFICER
    assert log.channel_count == len(shown)
    assert log.operation == "page:officer profile"


def test_staff_see_staff_contacts_and_every_view_is_logged(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    officer = _kazakh_officer_with_every_visibility()
    staff = sign_in(DEMO_STAFF)
    staff.get(f"/officers/{officer.uuid}/")
    html = staff.get(f"/officers/{officer.uuid}/").content.decode()
    assert "@staff.demo" in html and "@stewards.demo" not in html
    assert ContactAccessLog.objects.filter(officer_uuid=officer.uuid, viewer__username=DEMO_STAFF).count() == 2
    # and programme staff, who have no officer entry, are told introductions start from one
    assert User.objects.get(username=DEMO_STAFF).officer_id is None
    assert "Introductions are found from your own officer entry, and your account has none." in html


def test_the_profile_shows_expertise_languages_events_and_trust_dates(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    participation = Participation.objects.select_related("officer", "event").order_by("id").first()
    officer = participation.officer
    html = sign_in(DEMO_STAFF).get(f"/officers/{officer.uuid}/").content.decode()
    for expertise in officer.expertise.select_related("topic"):
        assert expertise.topic.name_en in html
    for language in officer.languages.all():
        assert language.name_en in html
    assert participation.event.short_title in html
    assert ("Not yet verified" in html) == (officer.verified_at is None)


def test_who_can_introduce_me_names_each_hop_and_why(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    me = User.objects.get(username=DEMO_OFFICER).officer
    known = {a.officer_b_id if a.officer_a_id == me.pk else a.officer_a_id for a in _acquaintances(me)}
    # Someone my acquaintances know, whom I do not know myself: two hops away.
    target = next(
        Officer.objects.get(pk=other)
        for friend in known
        for a in _acquaintances(Officer.objects.get(pk=friend))
        for other in (a.officer_a_id, a.officer_b_id)
        if other != me.pk and other not in known and other != friend
    )
    response = sign_in(DEMO_OFFICER).get(f"/officers/{target.uuid}/")
    paths = response.context["paths"]
    assert paths, "a chain through an acquaintance exists"
    first = paths[0].hops
    assert first[0].from_officer == me and first[-1].to_officer == target
    html = response.content.decode()
    assert "Who can introduce me" in html
    sentences = [step.reason.text for step in first]
    assert any(("met at" in s or "both attended" in s or "know each other" in s) for s in sentences)
    assert all(escape(sentence) in html for sentence in sentences), "each hop's reason is written on the page"


def _acquaintances(officer: Officer) -> list[Acquaintance]:
    return list(Acquaintance.objects.filter(officer_a=officer)) + list(Acquaintance.objects.filter(officer_b=officer))


def test_an_unverified_officer_sees_no_one_else(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    other = Officer.objects.filter(agency__country__code="UZ").first()
    newcomer = create_officer(name_native="Новичок", name_latin="Novichok", agency=other.agency)
    User.objects.create_user("newcomer", password="a-long-test-password", role="officer", officer=newcomer)
    client = sign_in("newcomer")
    assert client.get(f"/officers/{other.uuid}/").status_code == 404
    assert client.get(f"/officers/{newcomer.uuid}/").status_code == 200


def test_an_unknown_officer_is_a_404_in_the_readers_language(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    response = sign_in(DEMO_OFFICER, language="ru").get(f"/officers/{uuid.uuid4()}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'lang="ru"' in html and "Не найдено" in html
    assert sign_in(DEMO_OFFICER).get("/officers/not-a-uuid/").status_code == 404


def test_officers_who_know_each_other_are_told_so(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    me = User.objects.get(username=DEMO_OFFICER).officer
    acquaintance = _acquaintances(me)[0]
    friend = acquaintance.officer_b if acquaintance.officer_a_id == me.pk else acquaintance.officer_a
    html = sign_in(DEMO_OFFICER).get(f"/officers/{friend.uuid}/").content.decode()
    assert "You already know each other" in html
    assert 'class="paths"' not in html, "no one-step introduction is offered"


def test_an_introduction_starts_at_you_and_names_each_event(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    me = User.objects.get(username=DEMO_OFFICER).officer
    client = sign_in(DEMO_OFFICER)
    # someone two or more steps away: not an acquaintance, at none of my events
    my_events = set(Participation.objects.filter(officer=me).values_list("event_id", flat=True))
    known = {a.officer_b_id if a.officer_a_id == me.pk else a.officer_a_id for a in _acquaintances(me)}
    far = (
        Officer.objects.exclude(pk__in=known | {me.pk})
        .exclude(participations__event_id__in=my_events)
        .filter(participations__isnull=False)
        .distinct()
        .order_by("id")
    )
    response = next(
        response for officer in far[:20] if (response := client.get(f"/officers/{officer.uuid}/")).context["paths"]
    )
    paths = response.context["paths"]
    html = response.content.decode()
    # every path is listed once, in a numbered list, from "You" on, with the same number of steps
    listed = html.split('<ol class="paths">')[1].split("</ol>")[0]
    assert listed.count('<li class="path">') == len(paths)
    assert all(item.strip().startswith("You →") for item in listed.split('<li class="path">')[1:])
    steps = len(paths[0].hops)
    assert steps >= 2 and all(len(path.hops) == steps for path in paths)
    assert f"The shortest ways to be introduced take {steps} steps" in html or "way to be introduced" in html
    for hop in paths[0].hops:
        if hop.reason.event is not None:
            # each step through an event names the event, its city and its month
            event = hop.reason.event
            assert event.city.name_en in hop.reason.text and str(event.starts_on.year) in hop.reason.text
            assert event.starts_on.strftime("%B") in hop.reason.text
        assert escape(hop.reason.text) in html
