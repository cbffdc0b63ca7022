"""What the worker did: each periodic job's last run, so health checks and the admin can show it."""

from __future__ import annotations

from django.db import models


class JobRun(models.Model):
    """One periodic job's schedule and its last run: started, finished, what it did or why it failed."""

    name = models.CharField(max_length=100, unique=True)
    # Claiming a run moves this on by one period, so several workers run a job once per period.
    next_run_at = models.DateTimeField()
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_result = models.BigIntegerField(null=True, blank=True, help_text="How many things the last run did.")
    last_error = models.TextField(blank=True)
    runs = models.PositiveBigIntegerField(default=0)
    failures = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = "worker job"

    def __str__(self) -> str:
        return self.name

    @property
    def state(self) -> str:
        """never run, running, ok or failed."""
        if self.last_started_at is None:
            return "never run"
        if self.last_finished_at is None or self.last_finished_at < self.last_started_at:
            return "running"
        return "failed" if self.last_error else "ok"
