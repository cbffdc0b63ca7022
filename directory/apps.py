"""Django app configuration for the directory."""

from __future__ import annotations

from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """The directory app."""

    name = "directory"

    def ready(self) -> None:
        """Count sign-in failures and lock-outs for /metrics."""
        from axes.signals import user_locked_out

        from directory import metrics

        user_locked_out.connect(metrics.count_lockout, dispatch_uid="liaison_metrics_lockout")
