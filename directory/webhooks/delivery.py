"""Delivering due webhooks, one at a time, in order per record and endpoint, at least once."""

from __future__ import annotations

import http.client
import json
import logging
from contextlib import AbstractContextManager, nullcontext

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from directory.models import WebhookDelivery
from directory.services.webhooks import record_delivered, record_failed_attempt
from directory.webhooks.secrets import decrypt_secret
from directory.webhooks.signing import signed_headers
from directory.webhooks.targets import TargetRefused, check_target
from directory.webhooks.transport import post

logger = logging.getLogger(__name__)
Status = WebhookDelivery.Status
# The start of a refusing receiver's answer kept in the log: enough to see why, never a whole page.
ANSWER_EXCERPT = 300


def payload(delivery: WebhookDelivery) -> str:
    """The body: the event type, when it happened, and ids and changed field names only, never values."""
    event = delivery.event
    return json.dumps(
        {
            "type": event.type,
            "timestamp": event.at.isoformat(),
            "data": {
                "id": str(event.record_uuid),
                "record": event.aggregate,
                "kind": event.kind,
                "fields": event.fields,
                "sequence": event.sequence,
            },
        },
        separators=(",", ":"),
    )


def deliver_due(limit: int = 100) -> int:
    """Send up to `limit` due deliveries; returns how many were attempted."""
    attempted = 0
    while attempted < limit:
        with _claiming_transaction():
            delivery = _next_due()
            if delivery is None:
                break
            _attempt(delivery)
        attempted += 1
    return attempted


def _claiming_transaction() -> AbstractContextManager[object]:
    # PostgreSQL: the row stays locked while it is sent, so no other worker sends it; a worker killed mid-send
    # leaves it unlocked and pending, and the next one sends it again (at least once). SQLite has no row locks:
    # one worker at a time there, and each write below is short.
    return transaction.atomic() if connection.features.has_select_for_update_skip_locked else nullcontext()


def _next_due() -> WebhookDelivery | None:
    """The oldest due delivery whose earlier deliveries (same endpoint, same record) are all settled."""
    earlier_pending = WebhookDelivery.objects.filter(
        endpoint=OuterRef("endpoint"), record_uuid=OuterRef("record_uuid"), id__lt=OuterRef("id"), status=Status.PENDING
    )
    due = (
        WebhookDelivery.objects.filter(
            status=Status.PENDING, next_attempt_at__lte=timezone.now(), endpoint__active=True
        )
        .exclude(Exists(earlier_pending))
        .select_related("endpoint", "event")
        .order_by("id")
    )
    if connection.features.has_select_for_update_skip_locked:
        due = due.select_for_update(skip_locked=True, of=("self",))
    return due.first()


def _attempt(delivery: WebhookDelivery) -> None:
    """Send one delivery and record the outcome."""
    try:
        target = check_target(delivery.endpoint.url)
        secret = decrypt_secret(delivery.endpoint.secret_encrypted)
    except (TargetRefused, ValueError) as error:
        record_failed_attempt(delivery, str(error))
        return
    body = payload(delivery)
    headers = signed_headers(secret, f"msg_{delivery.message_id.hex}", body, timezone.now())
    try:
        answer = post(target, body.encode(), headers)
    except (OSError, http.client.HTTPException) as error:
        record_failed_attempt(delivery, f"{type(error).__name__}: {error}")
        return
    if answer.accepted:
        record_delivered(delivery, answer.status)
        return
    excerpt = answer.body[:ANSWER_EXCERPT].decode("utf-8", "replace")
    status = record_failed_attempt(delivery, f"HTTP {answer.status}: {excerpt}", answer.status)
    if status == Status.GIVEN_UP:
        logger.warning("webhook delivery %s given up after its last attempt", delivery.pk)
