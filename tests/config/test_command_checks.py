"""Liaison's management commands check everything but the URL configuration, so they start without the schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import get_commands, load_command_class

from config.commands import LiaisonCommand
from tests.shell import ROOT, run_python


def liaisons_commands() -> list[tuple[str, str]]:
    """(app, command name) of every management command of Liaison's own apps (those at the project's root)."""
    own = {config.name for config in apps.get_app_configs() if Path(config.path).parent == ROOT}
    return sorted((app, name) for name, app in get_commands().items() if app in own)


def imported_modules(tmp_path: Path, *command: str) -> set[str]:
    """Every module a `manage.py` command has imported when it ends, run as from a shell."""
    listing = tmp_path / "modules.txt"
    program = (
        "import atexit, runpy, sys; "
        f"atexit.register(lambda: open({str(listing)!r}, 'w').write('\\n'.join(sys.modules))); "
        f"sys.argv = ['manage.py', *{list(command)!r}]; "
        "runpy.run_path('manage.py', run_name='__main__')"
    )
    finished = run_python(program)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    return set(listing.read_text().split())


def test_there_are_commands_to_check() -> None:
    assert len(liaisons_commands()) >= 15


@pytest.mark.parametrize(("app", "name"), liaisons_commands())
def test_every_command_runs_every_check_but_the_urls(app: str, name: str) -> None:
    command = load_command_class(app, name)
    assert isinstance(command, LiaisonCommand)
    assert "urls" not in command.requires_system_checks
    # the checks that guard the data still run: the models', the database's, the settings' security ones
    assert {"models", "database", "security"} <= set(command.requires_system_checks)


def test_a_command_starts_without_building_the_graphql_schema_and_manage_check_still_loads_every_url(
    tmp_path: Path,
) -> None:
    # given a command that needs neither the database nor the graph
    started = imported_modules(tmp_path, "permission_table")
    # then it never imported the URL configuration or the GraphQL schema
    assert "config.urls" not in started and "api.schema" not in started
    # while `manage.py check` (which `make lint` runs) loads both, and so checks every URL
    checked = imported_modules(tmp_path, "check")
    assert {"config.urls", "api.schema"} <= checked
