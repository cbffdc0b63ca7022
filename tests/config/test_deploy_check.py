"""Production settings pass Django's deployment check."""

from __future__ import annotations

import secrets
import subprocess

from tests.shell import run_manage


def manage_with_production_settings(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run manage.py with config.settings_production, no secrets but those given."""
    return run_manage(
        *args,
        unset=("DJANGO_SECRET_KEY", "LIAISON_TOKEN_KEY"),
        DJANGO_SETTINGS_MODULE="config.settings_production",
        **env,
    )


def test_deploy_check_passes_at_warning_level() -> None:
    result = manage_with_production_settings(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        LIAISON_TOKEN_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="liaison.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = manage_with_production_settings("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
    without_token_key = manage_with_production_settings("check", DJANGO_SECRET_KEY=secrets.token_urlsafe(50))
    assert "LIAISON_TOKEN_KEY must be set" in without_token_key.stderr


def test_debug_is_off_unless_asked_for() -> None:
    show_debug = ("shell", "--no-imports", "-c", "from django.conf import settings; print(settings.DEBUG)")
    assert run_manage(*show_debug, unset=("DJANGO_DEBUG",)).stdout.strip() == "False"
    assert run_manage(*show_debug, DJANGO_DEBUG="1").stdout.strip() == "True"
