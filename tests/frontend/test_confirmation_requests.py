"""Confirmation requests: a steward asks stale entries, the officer answers through a single-use, expiring link."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from directory.demo import DEMO_OFFICER, DEMO_STEWARD, DemoSummary
from directory.models import ConfirmationLink, ConfirmationRequest, ContactAccessLog, Officer, User
from directory.services.confirmations import send_due_reminders

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://[^\s\"<]+/confirm/([A-Za-z0-9_-]+)/")


def _stale_kyrgyz_officer() -> Officer:
    """A verified Kyrgyz entry (not the demo officer's own) made stale: last confirmed 400 days ago."""
    own = User.objects.get(username=DEMO_OFFICER).officer_id
    officer = (
        Officer.objects.filter(agency__country__code="KG", verified_at__isnull=False, contacts__kind="email")
        .exclude(pk=own)
        .order_by("id")
        .first()
    )
    Officer.objects.filter(pk=officer.pk).update(last_confirmed_at=timezone.now() - datetime.timedelta(days=400))
    return officer


def _ask(steward: Client, *officers: Officer) -> str:
    """Ask through the stewardship page; the link path of the last e-mail sent."""
    response = steward.post("/steward/confirmation-requests/", {"officers": [str(o.uuid) for o in officers]})
    assert response.status_code == 302
    return _link_path(mail.outbox[-1])


def _link_path(message: mail.EmailMessage) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return f"/confirm/{match.group(1)}/"


def test_the_steward_sees_stale_entries_oldest_first_and_asks_them_by_e_mail(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    # given two stale Kyrgyz entries, one unconfirmed for longer
    older, newer = _stale_kyrgyz_officer(), None
    newer = Officer.objects.filter(agency__country__code="KG", verified_at__isnull=False).exclude(pk=older.pk)
    newer = newer.exclude(pk=User.objects.get(username=DEMO_OFFICER).officer_id).order_by("-id").first()
    Officer.objects.filter(pk=older.pk).update(last_confirmed_at=timezone.now() - datetime.timedelta(days=900))
    Officer.objects.filter(pk=newer.pk).update(last_confirmed_at=timezone.now() - datetime.timedelta(days=400))
    steward = sign_in(DEMO_STEWARD)

    # when the steward opens the stewardship page and asks both
    page = steward.get("/steward/")
    response = steward.post(
        "/steward/confirmation-requests/", {"officers": [str(older.uuid), str(newer.uuid)]}, follow=True
    )

    # then the stale list has the older first, and each officer got an e-mail with a link
    assert [o.pk for o in page.context["out_of_date"]] == [older.pk, newer.pk]
    assert "Asked 2 officers to confirm their entries." in response.content.decode()
    assert len(mail.outbox) == 2
    addresses = {address for message in mail.outbox for address in message.to}
    assert addresses == {
        older.contacts.filter(kind="email").first().value,
        newer.contacts.filter(kind="email").first().value,
    }
    assert all(LINK.search(message.body) for message in mail.outbox)
    assert all(message.alternatives[0][1] == "text/html" for message in mail.outbox)


def test_the_e_mail_is_in_the_officers_language(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    officer = _stale_kyrgyz_officer()
    speaks_russian = officer.languages.filter(code="ru").exists()
    _ask(sign_in(DEMO_STEWARD), officer)
    subject = mail.outbox[-1].subject
    assert subject == (
        "Актуальна ли ваша запись в Liaison?" if speaks_russian else "Is your Liaison entry still correct?"
    )


def test_the_link_shows_the_entry_and_confirms_it_in_one_click_then_refuses_a_second_use(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    officer = _stale_kyrgyz_officer()
    path = _ask(sign_in(DEMO_STEWARD), officer)
    visitor = Client(HTTP_ACCEPT_LANGUAGE="en")
    logged = ContactAccessLog.objects.filter(officer_uuid=officer.uuid).count()

    # when the officer, not signed in, opens the link and confirms
    shown = visitor.get(path)
    confirmed = visitor.post(path, {"action": "confirm"})
    again = visitor.get(path)

    # then they saw their own entry (the view logged), the entry is confirmed today, and the link is spent
    assert shown.status_code == 200
    assert officer.contacts.filter(kind="email").first().value in shown.content.decode()
    assert ContactAccessLog.objects.filter(officer_uuid=officer.uuid).count() == logged + 1
    assert confirmed.status_code == 200
    officer.refresh_from_db()
    assert officer.last_confirmed_at.date() == timezone.now().date()
    assert ConfirmationRequest.objects.get(officer=officer).answer == "confirmed"
    assert again.status_code == 410
    assert "It was used already" in again.content.decode()


def test_an_expired_link_refuses_with_a_clear_page(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    officer = _stale_kyrgyz_officer()
    path = _ask(sign_in(DEMO_STEWARD), officer)
    ConfirmationLink.objects.filter(request__officer=officer).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(path, {"action": "confirm"})
    assert response.status_code == 410
    assert "It expired on" in response.content.decode()
    officer.refresh_from_db()
    assert officer.last_confirmed_at < timezone.now() - datetime.timedelta(days=300)


@pytest.mark.parametrize(
    "tamper", [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), lambda t: t[:10], lambda t: "x" * 2000]
)
def test_a_tampered_link_is_not_found_and_changes_nothing(
    sign_in: Callable[..., Client], demo: DemoSummary, tamper: Callable[[str], str]
) -> None:
    officer = _stale_kyrgyz_officer()
    path = _ask(sign_in(DEMO_STEWARD), officer)
    token = path.split("/")[2]
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(f"/confirm/{tamper(token)}/", {"action": "confirm"})
    assert response.status_code == 404
    assert "It is not a link Liaison gave" in response.content.decode()
    assert ConfirmationRequest.objects.get(officer=officer).answered_at is None


def test_a_steward_cannot_ask_another_countrys_officer(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    kazakh = Officer.objects.filter(agency__country__code="KZ").order_by("id").first()
    response = sign_in(DEMO_STEWARD).post("/steward/confirmation-requests/", {"officers": [str(kazakh.uuid)]})
    assert response.status_code == 403
    assert "own country" in response.content.decode()
    assert mail.outbox == []
    assert not ConfirmationRequest.objects.exists()


def test_an_officer_may_not_ask_anyone(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    officer = _stale_kyrgyz_officer()
    response = sign_in(DEMO_OFFICER).post("/steward/confirmation-requests/", {"officers": [str(officer.uuid)]})
    assert response.status_code == 403
    assert mail.outbox == []


def test_an_officer_without_an_e_mail_address_is_named_and_skipped(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    officer = _stale_kyrgyz_officer()
    officer.contacts.filter(kind="email").delete()
    response = sign_in(DEMO_STEWARD).post(
        "/steward/confirmation-requests/", {"officers": [str(officer.uuid)]}, follow=True
    )
    assert f"Not asked: {officer.name_latin}, no e-mail address in the entry" in response.content.decode()
    assert mail.outbox == []


def test_asking_twice_sends_one_request_and_the_steward_sees_who_did_not_answer(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    officer = _stale_kyrgyz_officer()
    steward = sign_in(DEMO_STEWARD)
    _ask(steward, officer)
    again = steward.post("/steward/confirmation-requests/", {"officers": [str(officer.uuid)]}, follow=True)
    assert "already asked on" in again.content.decode()
    assert len(mail.outbox) == 1
    assert [asked.officer_id for asked in steward.get("/steward/").context["unanswered"]] == [officer.pk]


def test_reminders_repeat_until_answered_and_stop_at_the_limit(
    sign_in: Callable[..., Client], demo: DemoSummary, settings: object
) -> None:
    # given a request sent eight days ago
    settings.LIAISON_CONFIRMATION_REMINDER_DAYS, settings.LIAISON_CONFIRMATION_MAX_REMINDERS = 7, 2
    officer = _stale_kyrgyz_officer()
    first = _ask(sign_in(DEMO_STEWARD), officer)
    request = ConfirmationRequest.objects.get(officer=officer)
    eight_days_later = timezone.now() + datetime.timedelta(days=8)

    # when the reminder job runs then, again the same day, and a week later, and later still
    assert send_due_reminders(now=eight_days_later) == 1
    assert send_due_reminders(now=eight_days_later) == 0
    assert send_due_reminders(now=eight_days_later + datetime.timedelta(days=8)) == 1
    assert send_due_reminders(now=eight_days_later + datetime.timedelta(days=30)) == 0

    # then two reminders went out, each with a fresh link; answering through one spends the request
    reminders = mail.outbox[1:]
    assert len(reminders) == 2 and all(m.subject.startswith(("Reminder", "Напоминание")) for m in reminders)
    latest = _link_path(reminders[-1])
    assert latest != first
    assert Client().post(latest, {"action": "confirm"}).status_code == 200
    assert Client().get(first).status_code == 410
    request.refresh_from_db()
    assert request.reminders_sent == 2 and request.answered_at is not None
    assert send_due_reminders(now=eight_days_later + datetime.timedelta(days=60)) == 0


def test_the_reminder_job_runs_by_hand(sign_in: Callable[..., Client], demo: DemoSummary, capsys) -> None:
    officer = _stale_kyrgyz_officer()
    _ask(sign_in(DEMO_STEWARD), officer)
    ConfirmationRequest.objects.filter(officer=officer).update(last_sent_at=timezone.now() - datetime.timedelta(days=9))
    call_command("run_job", "confirmation_reminders")
    assert "confirmation_reminders: 1" in capsys.readouterr().out
    assert len(mail.outbox) == 2


def test_confirming_while_signed_in_answers_the_waiting_request(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    me = User.objects.get(username=DEMO_OFFICER).officer
    Officer.objects.filter(pk=me.pk).update(last_confirmed_at=timezone.now() - datetime.timedelta(days=400))
    path = _ask(sign_in(DEMO_STEWARD), me)
    sign_in(DEMO_OFFICER).post(f"/officers/{me.uuid}/confirm/")
    assert ConfirmationRequest.objects.get(officer=me).answer == "confirmed"
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(path)
    assert response.status_code == 410
    assert "already confirmed or corrected" in response.content.decode()


def test_the_link_page_holds_contact_details_so_it_is_never_stored(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    from tests.frontend.test_headers import assert_protected

    path = _ask(sign_in(DEMO_STEWARD), _stale_kyrgyz_officer())
    assert_protected(Client().get(path), "confirmation link")


def test_opening_links_from_one_address_is_throttled(
    sign_in: Callable[..., Client], demo: DemoSummary, settings: object
) -> None:
    from django.core.cache import cache

    cache.clear()
    settings.LIAISON_CONFIRMATION_LINK_RATE_LIMIT = "3/m"
    guesser = Client(HTTP_ACCEPT_LANGUAGE="en")
    answers = [guesser.get(f"/confirm/{'a' * 43}/").status_code for _ in range(4)]
    assert answers == [404, 404, 404, 429]
    refused = guesser.get(f"/confirm/{'b' * 43}/")
    assert refused["Retry-After"].isdigit() and "Too many confirmation links" in refused.content.decode()
    cache.clear()


def test_without_a_language_choice_the_page_speaks_the_e_mails_language(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    officer = _stale_kyrgyz_officer()
    path = _ask(sign_in(DEMO_STEWARD), officer)
    expected = "Актуальна ли ваша запись?" if officer.languages.filter(code="ru").exists() else "Is your entry still"
    assert expected in Client().get(path).content.decode()
