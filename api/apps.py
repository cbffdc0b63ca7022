"""Django app configuration for the GraphQL API."""

from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The api app."""

    name = "api"
