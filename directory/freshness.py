"""When an entry counts as stale: one rule for the ranking, the pages, the API and the confirmation requests."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone


def stale_after_days() -> int:
    """How many days an entry may go unconfirmed before it is stale (LIAISON_STALE_AFTER_DAYS, default 365)."""
    return settings.LIAISON_STALE_AFTER_DAYS


def stale_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """Entries last confirmed before this moment (or never) are stale."""
    return (now or timezone.now()) - datetime.timedelta(days=stale_after_days())


def is_stale(last_confirmed_at: datetime.datetime | None, now: datetime.datetime | None = None) -> bool:
    """Whether an entry last confirmed at this moment (None: never) is stale now."""
    return last_confirmed_at is None or last_confirmed_at < stale_cutoff(now)
