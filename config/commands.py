"""The base of Liaison's management commands: the system checks they run before they start."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.core.management.base import BaseCommand


def every_check_but_the_urls() -> list[str]:
    """The tag of every registered system check except `urls`.

    Checking the URL configuration imports every page's view and builds the whole GraphQL schema: about 2 s of each
    command's start, paid by every worker restart, restore step and graph check (bench/RESULTS.md). No command
    serves a URL; one that needs one imports what it uses. `manage.py check`, which `make lint` runs, and
    `runserver` still check every URL.
    """
    return sorted(checks.registry.registry.tags_available() - {checks.Tags.urls})


class LiaisonCommand(BaseCommand):
    """A management command that checks everything but the URL configuration before it starts."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Read when the command is made, after every app has registered its checks.
        self.requires_system_checks = every_check_but_the_urls()
        super().__init__(*args, **kwargs)
