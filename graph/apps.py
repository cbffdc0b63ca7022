"""Django app configuration for the graph package."""

from __future__ import annotations

from django.apps import AppConfig


class GraphConfig(AppConfig):
    """The graph app: projects committed writes, and resets the driver when its settings change."""

    name = "graph"

    def ready(self) -> None:
        """Connect the settings signal that keeps the driver in step with the settings."""
        from django.core.signals import setting_changed

        from directory.services.publishing import outbox_committed
        from graph.driver import reset_driver_on_setting_change
        from graph.projector import project_after_commit

        setting_changed.connect(reset_driver_on_setting_change)
        outbox_committed.connect(project_after_commit, dispatch_uid="graph-projection")
