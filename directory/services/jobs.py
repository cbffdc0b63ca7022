"""The worker's bookkeeping: claiming a periodic job's run for one period, and recording how the run ended."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from directory.models import JobRun

ERROR_LENGTH = 2000


def claim_job_run(name: str, every_seconds: float) -> bool:
    """Claim this period's run of a job; False when it is not due or another worker claimed it first."""
    now = timezone.now()
    try:
        with transaction.atomic():
            JobRun.objects.get_or_create(name=name, defaults={"next_run_at": now})
    except IntegrityError:
        pass  # another worker created the row at the same moment; the claim below decides
    # One conditional UPDATE: of several workers, exactly one sees the row still due and moves it on.
    claimed = JobRun.objects.filter(name=name, next_run_at__lte=now).update(
        next_run_at=now + datetime.timedelta(seconds=every_seconds), last_started_at=now
    )
    return claimed == 1


def finish_job_run(name: str, *, result: int | None, error: str = "") -> None:
    """Record how the claimed run ended: what it did, or why it failed."""
    JobRun.objects.filter(name=name).update(
        last_finished_at=timezone.now(),
        last_result=result,
        last_error=error[:ERROR_LENGTH],
        runs=F("runs") + 1,
        failures=F("failures") + (1 if error else 0),
    )


def run_job_now(name: str) -> int:
    """Make a job due at once (the admin's "run now"); returns how many jobs were changed."""
    return JobRun.objects.filter(name=name).update(next_run_at=timezone.now())
