"""Forgetting bookkeeping that nothing needs any more: settled webhook deliveries and old published changes.

The change log (ChangeLog) is the audit and is never pruned here. A published change (ChangeEvent) is the change
feed's page and the webhooks' message: it goes only after the feed's retention, once no delivery names it, and
always as the feed's oldest stretch, so a cursor either resumes exactly or is told it expired (directory/feed.py).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone

from directory.models import ChangeEvent, WebhookDelivery

Status = WebhookDelivery.Status
# Rows deleted per statement, and at most per run: each run is short, and a backlog goes over a few runs.
BATCH_SIZE = 1000
MAX_PER_RUN = 20000


class RetentionMisconfigured(ValueError):
    """A retention setting that cannot be used; the message names it and the fix."""


def retention_days(name: str) -> int:
    """A retention setting in days, checked: a whole number of at least 1."""
    days = getattr(settings, name)
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise RetentionMisconfigured(f"{name} must be a whole number of days, 1 or more (it is {days!r}).")
    return days


def prune_expired_records(now: datetime.datetime | None = None) -> int:
    """The worker's pruning job: settled deliveries first (they hold on to their changes), then the feed's oldest."""
    now = now or timezone.now()
    for name in ("LIAISON_WEBHOOK_DELIVERY_RETENTION_DAYS", "LIAISON_CHANGE_FEED_RETENTION_DAYS"):
        retention_days(name)  # both checked before anything is deleted
    return prune_webhook_deliveries(now) + prune_change_feed(now)


def prune_webhook_deliveries(now: datetime.datetime | None = None) -> int:
    """Delete deliveries delivered or given up more than LIAISON_WEBHOOK_DELIVERY_RETENTION_DAYS ago; never pending."""
    cutoff = (now or timezone.now()) - datetime.timedelta(
        days=retention_days("LIAISON_WEBHOOK_DELIVERY_RETENTION_DAYS")
    )
    settled = WebhookDelivery.objects.filter(status__in=[Status.DELIVERED, Status.GIVEN_UP]).filter(
        Q(last_attempt_at__lt=cutoff) | Q(last_attempt_at__isnull=True, created_at__lt=cutoff)
    )
    return _delete_in_batches(settled.order_by("id"))


def prune_change_feed(now: datetime.datetime | None = None) -> int:
    """Delete the feed's published changes older than LIAISON_CHANGE_FEED_RETENTION_DAYS that no delivery names."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=retention_days("LIAISON_CHANGE_FEED_RETENTION_DAYS"))
    published = ChangeEvent.objects.filter(sequence__isnull=False)
    latest = published.aggregate(latest=Max("sequence"))["latest"]
    if latest is None:
        return 0
    # Only a stretch from the oldest goes, up to the first change still wanted: one within the retention, one a
    # delivery still names (pending, or settled within its own retention), or the latest, which must stay for the
    # sequence to go on counting up from it.
    wanted = [
        published.filter(at__gte=cutoff).aggregate(first=Min("sequence"))["first"],
        WebhookDelivery.objects.aggregate(first=Min("event__sequence"))["first"],
        latest,
    ]
    keep_from = min(sequence for sequence in wanted if sequence is not None)
    return _delete_in_batches(published.filter(sequence__lt=keep_from).order_by("sequence"))


def _delete_in_batches(rows: QuerySet) -> int:
    """Delete these rows a batch per transaction, up to MAX_PER_RUN; returns how many went."""
    deleted = 0
    while deleted < MAX_PER_RUN:
        ids = list(rows.values_list("pk", flat=True)[: min(BATCH_SIZE, MAX_PER_RUN - deleted)])
        if not ids:
            break
        with transaction.atomic():
            count, _ = rows.model._default_manager.filter(pk__in=ids).delete()
        deleted += count
    return deleted
