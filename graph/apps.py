"""Django app configuration for the graph package."""

from __future__ import annotations

from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# How a committed write reaches the graph (see config/settings.py and docs/decisions/0015).
PROJECTION_MODES = ("worker", "background", "inline")


class GraphConfig(AppConfig):
    """The graph app: projects committed writes, and resets the driver when its settings change."""

    name = "graph"

    def ready(self) -> None:
        """Connect the settings signal that keeps the driver in step with the settings."""
        from django.core.signals import setting_changed

        from directory.services.publishing import outbox_committed
        from graph.driver import reset_driver_on_setting_change
        from graph.projector import project_after_commit

        if settings.LIAISON_PROJECTION not in PROJECTION_MODES:
            raise ImproperlyConfigured(
                f"LIAISON_PROJECTION is {settings.LIAISON_PROJECTION!r}; set it to one of {', '.join(PROJECTION_MODES)}"
            )
        setting_changed.connect(reset_driver_on_setting_change)
        outbox_committed.connect(project_after_commit, dispatch_uid="graph-projection")
