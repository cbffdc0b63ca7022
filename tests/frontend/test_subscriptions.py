"""Subscriptions and digests: follow what matters, hear what changed there, unsubscribe in one click."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from directory.demo import DEMO_OFFICER, DEMO_STAFF, DemoSummary
from directory.models import Agency, ChangeLog, City, ContactChannel, Organisation, Subscription, Topic, User
from directory.services.digests import send_daily_digests, send_weekly_digests
from directory.services.events import create_event, record_coverage
from directory.services.officers import add_contact_channel, create_officer, update_officer

pytestmark = pytest.mark.django_db

UNSUBSCRIBE = re.compile(r"http://[^\s\"<]+(/unsubscribe/[^\s\"<]+/)")


def _follow(client: Client, value: str, frequency: str = "weekly") -> None:
    response = client.post("/account/subscriptions/", {"follow": value, "frequency": frequency})
    assert response.status_code == 302, response.content.decode()[:2000]


def _a_week_ago(username: str) -> None:
    """Date the user's subscriptions a week back, so their first weekly digest is due now (and the demo's own
    changes a month back, as if it had been loaded long ago)."""
    ChangeLog._base_manager.update(at=timezone.now() - datetime.timedelta(days=30))
    Subscription.objects.filter(user__username=username).update(
        created_at=timezone.now() - datetime.timedelta(days=7, minutes=5)
    )


def _with_email(username: str) -> User:
    User.objects.filter(username=username).update(email=f"{username}@liaison.example")
    return User.objects.get(username=username)


def _changes_in_kyrgyzstan_and_kazakhstan() -> dict[str, object]:
    """A new officer in each country, a Kyrgyz officer moved, a workshop in Bishkek, coverage added in Kyrgyzstan."""
    kg_agencies = list(Agency.objects.filter(country__code="KG").order_by("id")[:2])
    kz_agency = Agency.objects.filter(country__code="KZ").order_by("id").first()
    newcomer = create_officer(name_native="Нурлан Абдыраев", name_latin="Nurlan Abdyraev", agency=kg_agencies[0])
    add_contact_channel(newcomer, kind="email", value="nurlan.secret@mvd.example.kg", visibility="stewards")
    create_officer(name_native="Ерлан Сейтказиев", name_latin="Yerlan Seitkaziev", agency=kz_agency)
    mover = kg_agencies[0].officers.exclude(pk=newcomer.pk).order_by("id").first()
    update_officer(mover, agency=kg_agencies[1])
    city = City.objects.filter(country__code="KG").order_by("id").first()
    darknet = Topic.objects.get(slug="darknet-drug-trafficking")
    create_event(
        title="Darknet investigations follow-up",
        short_title="Darknet follow-up",
        city=city,
        starts_on=datetime.date(2027, 3, 1),
        ends_on=datetime.date(2027, 3, 3),
        topics=[darknet],
    )
    partner = Organisation.objects.exclude(coverage__country__code="KG", coverage__topic=darknet).order_by("id").first()
    record_coverage(organisation=partner, country_code="KG", topic=darknet)
    return {"newcomer": newcomer, "mover": mover, "partner": partner, "to": kg_agencies[1]}


def test_a_weekly_digest_tells_what_changed_where_one_follows_and_nothing_else(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    # given a staff member following Kyrgyzstan weekly, a week ago
    staff = _with_email(DEMO_STAFF)
    client = sign_in(DEMO_STAFF)
    _follow(client, "country:KG")
    assert "Kyrgyzstan" in client.get("/account/subscriptions/").content.decode()
    _a_week_ago(DEMO_STAFF)
    changed = _changes_in_kyrgyzstan_and_kazakhstan()

    # when the weekly job runs (twice: the second finds nothing due)
    assert send_weekly_digests() == 1
    assert send_weekly_digests() == 0

    # then one e-mail tells the Kyrgyz changes, none of Kazakhstan's, and no contact detail
    message = mail.outbox[0]
    assert message.to == [staff.email]
    body = message.body
    assert "New in the directory: Нурлан Абдыраев (Nurlan Abdyraev)" in body
    assert f"Moved: {changed['mover'].name_native} ({changed['mover'].name_latin})" in body
    assert "New event: Darknet follow-up" in body
    topic = Topic.objects.get(slug="darknet-drug-trafficking").name_en
    assert f"Coverage added: {changed['partner'].name_en} in Kyrgyzstan on {topic}" in body
    assert "Seitkaziev" not in body
    assert "nurlan.secret" not in body and "nurlan.secret" not in message.alternatives[0][0]
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_topic_covers_its_sub_topics_and_the_digest_speaks_the_subscribers_language(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    _with_email(DEMO_STAFF)
    # Darknet drug trafficking sits under Cybercrime and under Drug trafficking: following either covers it.
    parent = Topic.objects.get(slug="darknet-drug-trafficking").broader.get(slug="drug-trafficking")
    _follow(sign_in(DEMO_STAFF, language="ru"), f"topic:{parent.slug}", frequency="daily")
    Subscription.objects.update(created_at=timezone.now() - datetime.timedelta(days=1, minutes=5))
    ChangeLog._base_manager.update(at=timezone.now() - datetime.timedelta(days=30))
    _changes_in_kyrgyzstan_and_kazakhstan()
    assert send_daily_digests() == 1
    body = mail.outbox[0].body
    assert "Новое мероприятие: Darknet follow-up" in body
    assert mail.outbox[0].subject == "Liaison: что изменилось за день в том, за чем вы следите"


def test_an_unverified_officer_is_told_no_one_elses_name(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    me = _with_email(DEMO_OFFICER)
    me.officer.verified_at = None
    me.officer.save(update_fields=["verified_at"])
    _follow(sign_in(DEMO_OFFICER), "country:KG")
    _a_week_ago(DEMO_OFFICER)
    _changes_in_kyrgyzstan_and_kazakhstan()
    send_weekly_digests()
    body = mail.outbox[0].body
    assert "Abdyraev" not in body and "Moved:" not in body
    assert "New event: Darknet follow-up" in body


def test_one_click_unsubscribes_without_signing_in_and_a_tampered_link_does_nothing(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    _with_email(DEMO_STAFF)
    _follow(sign_in(DEMO_STAFF), "country:KG")
    _follow(sign_in(DEMO_STAFF), "topic:darknet-drug-trafficking")
    _a_week_ago(DEMO_STAFF)
    _changes_in_kyrgyzstan_and_kazakhstan()
    call_command("run_job", "weekly_digests")
    path = UNSUBSCRIBE.search(mail.outbox[0].body).group(1)
    visitor = Client(HTTP_ACCEPT_LANGUAGE="en")

    tampered = visitor.get(path.replace("/unsubscribe/", "/unsubscribe/x"))
    assert tampered.status_code == 404 and "not an unsubscribe link Liaison gave" in tampered.content.decode()
    assert Subscription.objects.filter(user__username=DEMO_STAFF).count() == 2

    first = visitor.get(path)
    assert "You are unsubscribed from this digest" in first.content.decode()
    assert not Subscription.objects.filter(user__username=DEMO_STAFF).exists()
    assert "already unsubscribed" in visitor.post(path).content.decode()


def test_bad_choices_are_named_beside_the_field(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    client = sign_in(DEMO_STAFF)
    for value in ["country:ZZ", "agency:not-a-uuid", "planet:mars", "x" * 5000]:
        response = client.post("/account/subscriptions/", {"follow": value, "frequency": "weekly"})
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode(), value
    response = client.post("/account/subscriptions/", {"follow": "country:KG", "frequency": "hourly"})
    assert "Select a valid choice" in response.content.decode()
    assert not Subscription.objects.exists()


def test_no_one_removes_someone_elses_subscription(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    _follow(sign_in(DEMO_STAFF), "country:KG")
    subscription = Subscription.objects.get()
    assert sign_in(DEMO_OFFICER).post(f"/account/subscriptions/{subscription.pk}/remove/").status_code == 404
    assert Subscription.objects.exists()
    sign_in(DEMO_STAFF).post(f"/account/subscriptions/{subscription.pk}/remove/")
    assert not Subscription.objects.exists()


def test_a_waiting_question_is_in_the_digest(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    from directory.models import ContactFollowUp, Officer

    staff = _with_email(DEMO_STAFF)
    _follow(sign_in(DEMO_STAFF), "country:UZ")
    _a_week_ago(DEMO_STAFF)
    officer = Officer.objects.filter(contacts__visibility=ContactChannel.Visibility.VERIFIED).first()
    ContactFollowUp.objects.create(viewer=staff, officer=officer, viewed_at=timezone.now())
    assert send_weekly_digests() == 1
    assert "You have 1 question waiting" in mail.outbox[0].body
