"""Writes for confirmation requests: asking officers to confirm their entries, their links, answers and reminders."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.errors import field_error
from directory.mail import absolute_url, officer_language, send_templated_mail
from directory.models import ConfirmationLink, ConfirmationRequest, ContactChannel, Officer, User
from directory.permissions import ensure_can_request_confirmation
from directory.services.access import hash_token
from directory.services.officers import confirm_officer_current

Answer = ConfirmationRequest.Answer
# 32 random bytes, url-safe: the link is the officer's credential, so it must not be guessable.
_TOKEN_BYTES = 32


class LinkState(StrEnum):
    """What a confirmation link can do now."""

    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"
    ANSWERED = "answered"
    UNKNOWN = "unknown"


@dataclass
class RequestOutcome:
    """Which officers were asked, and which were not, with why."""

    sent: list[Officer] = field(default_factory=list)
    skipped: list[tuple[Officer, str]] = field(default_factory=list)


def officer_email(officer: Officer) -> str:
    """Where to ask an officer: their first e-mail contact channel, else their account's address ('' if none)."""
    channel = officer.contacts.filter(kind=ContactChannel.Kind.EMAIL).order_by("pk").first()
    if channel is not None:
        return channel.value
    account = User.objects.filter(officer=officer).exclude(email="").first()
    return account.email if account is not None else ""


def _new_link(request: ConfirmationRequest, now: datetime.datetime) -> str:
    """Store a fresh link for the request; returns the token, which only the e-mail holds."""
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    expires_at = now + datetime.timedelta(days=settings.LIAISON_CONFIRMATION_LINK_DAYS)
    ConfirmationLink.objects.create(request=request, token_hash=hash_token(token), expires_at=expires_at)
    return token


def _send(request: ConfirmationRequest, token: str, *, reminder: bool) -> None:
    officer = request.officer
    send_templated_mail(
        to=request.email,
        template="confirmation_request",
        language=request.language,
        context={
            "officer": officer,
            "link": absolute_url("confirmation_link", token),
            "expires_days": settings.LIAISON_CONFIRMATION_LINK_DAYS,
            "reminder": reminder,
        },
    )


def request_confirmation(
    officers: Iterable[Officer], *, by: User, now: datetime.datetime | None = None
) -> RequestOutcome:
    """E-mail each officer a link to confirm their entry or propose changes; skip (saying why) whom it cannot ask."""
    officers = list(officers)
    limit = settings.LIAISON_CONFIRMATION_BATCH_LIMIT
    if not officers:
        raise field_error("officers", _("Choose at least one entry to ask about."), code="required")
    if len(officers) > limit:
        raise field_error(
            "officers",
            _("Ask about at most %(limit)d entries at once (%(count)d were chosen).")
            % {"limit": limit, "count": len(officers)},
            code="too_many",
        )
    for officer in officers:
        ensure_can_request_confirmation(by, officer)
    now = now or timezone.now()
    outcome = RequestOutcome()
    for officer in officers:
        reason = _ask(officer, by=by, now=now)
        if reason:
            outcome.skipped.append((officer, reason))
        else:
            outcome.sent.append(officer)
    return outcome


@transaction.atomic
def _ask(officer: Officer, *, by: User, now: datetime.datetime) -> str:
    """Ask one officer, in one transaction with its e-mail; the reason it was not asked, or ''."""
    waiting = ConfirmationRequest.objects.filter(officer=officer, answered_at__isnull=True).first()
    if waiting is not None:
        return _("already asked on %(date)s; reminders follow until they answer") % {
            "date": waiting.created_at.date().isoformat()
        }
    email = officer_email(officer)
    if not email:
        return _("no e-mail address in the entry; add one, then ask again")
    request = ConfirmationRequest.objects.create(
        officer=officer, requested_by=by, email=email, language=officer_language(officer), last_sent_at=now
    )
    # Sent inside the transaction: an e-mail that cannot be sent leaves no request behind that claims it was.
    _send(request, _new_link(request, now), reminder=False)
    return ""


def link_for(token: str, now: datetime.datetime | None = None) -> tuple[LinkState, ConfirmationLink | None]:
    """The link this token belongs to, and what it can do now."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return LinkState.UNKNOWN, None
    link = (
        ConfirmationLink.objects.select_related("request__officer__agency__country")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if link is None:
        return LinkState.UNKNOWN, None
    if link.used_at is not None:
        return LinkState.USED, link
    if link.request.answered_at is not None:
        return LinkState.ANSWERED, link
    if link.expires_at <= (now or timezone.now()):
        return LinkState.EXPIRED, link
    return LinkState.VALID, link


class LinkRefused(Exception):
    """A confirmation link that cannot be used now; `state` says why."""

    def __init__(self, state: LinkState) -> None:
        super().__init__(state.value)
        self.state = state


def use_link(token: str) -> ConfirmationLink:
    """The valid link for this token, locked for this transaction; LinkRefused otherwise."""
    state, link = link_for(token)
    if state != LinkState.VALID or link is None:
        raise LinkRefused(state)
    # Lock the row, so two clicks at once use it once: the second finds it used.
    locked = ConfirmationLink.objects.select_for_update().select_related("request__officer").get(pk=link.pk)
    if locked.used_at is not None:
        raise LinkRefused(LinkState.USED)
    return locked


def close_request(link: ConfirmationLink, answer: str, now: datetime.datetime) -> None:
    """Mark the link used and its request answered."""
    link.used_at = now
    link.save(update_fields=["used_at"])
    request = link.request
    request.answered_at, request.answer = now, answer
    request.save(update_fields=["answered_at", "answer"])


@transaction.atomic
def confirm_by_link(token: str) -> Officer:
    """The officer confirms, through their link, that their entry is current; the link is then spent."""
    link = use_link(token)
    close_request(link, Answer.CONFIRMED, timezone.now())
    return confirm_officer_current(link.request.officer)


def send_due_reminders(now: datetime.datetime | None = None) -> int:
    """Remind officers who have not answered, every LIAISON_CONFIRMATION_REMINDER_DAYS, up to the maximum; how many."""
    now = now or timezone.now()
    due = ConfirmationRequest.objects.filter(
        answered_at__isnull=True,
        last_sent_at__lte=now - datetime.timedelta(days=settings.LIAISON_CONFIRMATION_REMINDER_DAYS),
        reminders_sent__lt=settings.LIAISON_CONFIRMATION_MAX_REMINDERS,
    ).select_related("officer")
    sent = 0
    for request in due:
        with transaction.atomic():
            request.reminders_sent += 1
            request.last_sent_at = now
            request.save(update_fields=["reminders_sent", "last_sent_at"])
            # A fresh link, as the first may have expired; every link of the request works until it is answered.
            _send(request, _new_link(request, now), reminder=True)
        sent += 1
    return sent
