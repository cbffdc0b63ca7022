"""What the worker has left to do and when each job last ran: for /healthz and the admin (reads only)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Min, QuerySet
from django.utils import timezone

from directory.models import ChangeEvent, JobRun, OutboxEvent, WebhookDelivery
from directory.services.webhooks import PUBLICATION_LOCK


def _queue(pending: QuerySet[Any], created: str) -> dict[str, Any]:
    """How many wait, and how long the oldest has waited (seconds, or None when none wait)."""
    summary = pending.aggregate(oldest=Min(created))
    oldest: datetime.datetime | None = summary["oldest"]
    return {
        "pending": pending.count(),
        "oldest_pending_seconds": None if oldest is None else round((timezone.now() - oldest).total_seconds(), 1),
    }


def _iso(moment: datetime.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def worker_state() -> dict[str, Any]:
    """Queue depths, oldest pending ages and each job's last run (its state, never its error's text)."""
    return {
        "queues": {
            "graph_projection": _queue(OutboxEvent.objects.filter(applied_at__isnull=True), "created_at"),
            "change_publication": _queue(ChangeEvent.objects.filter(sequence__isnull=True), "at"),
            "webhook_delivery": _queue(
                WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING), "created_at"
            ),
        },
        "webhooks_given_up": WebhookDelivery.objects.filter(status=WebhookDelivery.Status.GIVEN_UP).count(),
        "jobs": {
            job.name: {
                "state": job.state,
                "last_started_at": _iso(job.last_started_at),
                "last_finished_at": _iso(job.last_finished_at),
                "last_result": job.last_result,
            }
            for job in JobRun.objects.exclude(name=PUBLICATION_LOCK)
        },
    }
