"""Django app configuration for the pages."""

from __future__ import annotations

from django.apps import AppConfig


class FrontendConfig(AppConfig):
    """The frontend app."""

    name = "frontend"
