"""Delivering due webhooks, one at a time, in order per record and endpoint, at least once."""

from __future__ import annotations

import enum
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
# Deliveries claimed together: one query finds them, and on PostgreSQL they stay locked while they are sent.
BATCH_SIZE = 20


class Outcome(enum.Enum):
    """How one attempt ended, for the batch's ordering."""

    DELIVERED = "delivered"
    REFUSED = "refused"  # the receiver answered, but not 2xx
    UNREACHABLE = "unreachable"  # no answer in time, or the target is refused


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
    """Send up to `limit` due deliveries, a batch per claim; returns how many were attempted."""
    attempted = 0
    # An endpoint that did not answer is not tried again in this run: a dead receiver costs one attempt a round.
    unreachable: set[int] = set()
    while attempted < limit:
        with _claiming_transaction():
            batch = _due(min(BATCH_SIZE, limit - attempted), skip_endpoints=unreachable)
            if not batch:
                break
            attempted += _send_in_order(batch, unreachable)
    return attempted


def _send_in_order(batch: list[WebhookDelivery], unreachable: set[int]) -> int:
    """Send a claimed batch; after a refusal, that record's later changes wait; after no answer, the endpoint's do."""
    refused: set[tuple[int, object]] = set()
    attempted = 0
    for delivery in batch:
        if delivery.endpoint_id in unreachable or (delivery.endpoint_id, delivery.record_uuid) in refused:
            continue
        outcome = _attempt(delivery)
        attempted += 1
        if outcome == Outcome.REFUSED:
            refused.add((delivery.endpoint_id, delivery.record_uuid))
        elif outcome == Outcome.UNREACHABLE:
            unreachable.add(delivery.endpoint_id)
    return attempted


def _claiming_transaction() -> AbstractContextManager[object]:
    # PostgreSQL: the row stays locked while it is sent, so no other worker sends it; a worker killed mid-send
    # leaves it unlocked and pending, and the next one sends it again (at least once). SQLite has no row locks:
    # one worker at a time there, and each write below is short.
    return transaction.atomic() if connection.features.has_select_for_update_skip_locked else nullcontext()


def _due(size: int, skip_endpoints: set[int]) -> list[WebhookDelivery]:
    """The oldest due deliveries whose earlier deliveries (same endpoint, same record) are all settled."""
    earlier_pending = WebhookDelivery.objects.filter(
        endpoint=OuterRef("endpoint"), record_uuid=OuterRef("record_uuid"), id__lt=OuterRef("id"), status=Status.PENDING
    )
    due = (
        WebhookDelivery.objects.filter(
            status=Status.PENDING, next_attempt_at__lte=timezone.now(), endpoint__active=True
        )
        .exclude(Exists(earlier_pending))
        .exclude(endpoint_id__in=skip_endpoints)
        .select_related("endpoint", "event")
        .order_by("id")
    )
    if connection.features.has_select_for_update_skip_locked:
        due = due.select_for_update(skip_locked=True, of=("self",))
    return list(due[:size])


def _attempt(delivery: WebhookDelivery) -> Outcome:
    """Send one delivery and record the outcome."""
    try:
        target = check_target(delivery.endpoint.url)
        secret = decrypt_secret(delivery.endpoint.secret_encrypted)
    except (TargetRefused, ValueError) as error:
        record_failed_attempt(delivery, str(error))
        return Outcome.UNREACHABLE
    body = payload(delivery)
    headers = signed_headers(secret, f"msg_{delivery.message_id.hex}", body, timezone.now())
    try:
        answer = post(target, body.encode(), headers)
    except (OSError, http.client.HTTPException) as error:
        record_failed_attempt(delivery, f"{type(error).__name__}: {error}")
        return Outcome.UNREACHABLE
    if answer.accepted:
        record_delivered(delivery, answer.status)
        return Outcome.DELIVERED
    excerpt = answer.body[:ANSWER_EXCERPT].decode("utf-8", "replace")
    status = record_failed_attempt(delivery, f"HTTP {answer.status}: {excerpt}", answer.status)
    if status == Status.GIVEN_UP:
        logger.warning("webhook delivery %s given up after its last attempt", delivery.pk)
    return Outcome.REFUSED
