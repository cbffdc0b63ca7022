"""The daily and weekly digests: what changed where a user follows, e-mailed in their language (periodic jobs)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from directory.digests import Item, changes_since, digest_sections
from directory.keeping_current import questions_for
from directory.mail import absolute_url, send_templated_mail
from directory.models import Subscription, User
from directory.services.subscriptions import unsubscribe_token
from directory.visibility import sees_only_own_entry

Frequency = Subscription.Frequency
PERIODS = {Frequency.DAILY: datetime.timedelta(days=1), Frequency.WEEKLY: datetime.timedelta(days=7)}
# The job runs every hour: a digest due within this margin goes now rather than an hour late.
SLACK = datetime.timedelta(hours=1)


def send_daily_digests(now: datetime.datetime | None = None) -> int:
    """Send each daily digest that is due; how many e-mails went out."""
    return send_digests(Frequency.DAILY, now)


def send_weekly_digests(now: datetime.datetime | None = None) -> int:
    """Send each weekly digest that is due; how many e-mails went out."""
    return send_digests(Frequency.WEEKLY, now)


def send_digests(frequency: str, now: datetime.datetime | None = None) -> int:
    """For each user with a digest of this frequency due, e-mail what changed since their last one."""
    now = now or timezone.now()
    due_before = now - PERIODS[Frequency(frequency)] + SLACK
    users = (
        Subscription.objects.filter(frequency=frequency)
        .exclude(last_sent_at__gt=due_before)
        .exclude(last_sent_at__isnull=True, created_at__gt=due_before)
        .values_list("user_id", flat=True)
        .distinct()
    )
    sent = 0
    # Readers who see the same entries, asking about the same period in the same language, share one reading of
    # the change log: every reader but an unverified officer sees every entry.
    changes: dict[tuple[object, ...], list[Item]] = {}
    for user in User.objects.filter(pk__in=list(users), is_active=True).select_related("officer"):
        sent += _send_one(user, frequency, now, changes)
    return sent


@transaction.atomic
def _send_one(user: User, frequency: str, now: datetime.datetime, changes: dict[tuple[object, ...], list[Item]]) -> int:
    """One user's digest: sent when something changed or a question waits; the period moves on either way."""
    subscriptions = list(
        Subscription.objects.select_for_update(of=("self",))
        .filter(user=user, frequency=frequency)
        .select_related("country", "topic", "agency", "organisation")
        .order_by("kind", "pk")
    )
    if not subscriptions:
        return 0
    since = min(s.last_sent_at or s.created_at for s in subscriptions)
    language = max(subscriptions, key=lambda s: s.created_at).language
    key = (since, language, user.officer_id if sees_only_own_entry(user) else None)
    if key not in changes:
        changes[key] = changes_since(since, now, user, language)
    sections = [s for s in digest_sections(subscriptions, changes[key], language) if s.items]
    questions = questions_for(user).count()
    for subscription in subscriptions:
        subscription.last_sent_at = now
        subscription.save(update_fields=["last_sent_at"])
    if not user.email or not (sections or questions):
        return 0
    unsubscribe = absolute_url("unsubscribe", unsubscribe_token(user, frequency))
    send_templated_mail(
        to=user.email,
        template="digest",
        language=language,
        context={
            "user": user,
            "frequency": frequency,
            "sections": sections,
            "questions": questions,
            "site": absolute_url("home"),
            "manage": absolute_url("subscriptions"),
            "unsubscribe": unsubscribe,
        },
        # One click from the mail program as well (RFC 8058): it posts to the same address.
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    return 1
