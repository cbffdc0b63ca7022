"""Django app configuration for the directory."""

from __future__ import annotations

from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """The directory app."""

    name = "directory"
