"""Django app configuration for the directory."""

from __future__ import annotations

from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """The directory app."""

    name = "directory"

    def ready(self) -> None:
        """Count sign-in failures and lock-outs for /metrics; tell the ranking when the answers it counts change."""
        from axes.signals import user_locked_out
        from django.db.models.signals import post_delete, post_save

        from directory import metrics
        from directory.models import ContactFollowUp, Officer, User
        from directory.services import followups

        user_locked_out.connect(metrics.count_lockout, dispatch_uid="liaison_metrics_lockout")
        # Signals, not calls in the services: tests and the admin save follow-ups, officers and users directly too.
        post_save.connect(followups.follow_up_saved, sender=ContactFollowUp, dispatch_uid="liaison_answers_saved")
        for model in (Officer, User):
            uid = f"liaison_answers_{model.__name__}"
            post_delete.connect(followups.follow_ups_deleted, sender=model, dispatch_uid=uid)
