"""Production settings pass Django's deployment check."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage_with_production_settings(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run manage.py with config.settings_production and the given environment."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_production"}
    environment.pop("DJANGO_SECRET_KEY", None)
    environment.pop("LIAISON_TOKEN_KEY", None)
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
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
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"}
    show_debug = [
        "manage.py",
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
    ]
    plain = subprocess.run(
        [sys.executable, *show_debug],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    asked = subprocess.run(
        [sys.executable, *show_debug],
        cwd=ROOT,
        env={**environment, "DJANGO_DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert plain.stdout.strip() == "False"
    assert asked.stdout.strip() == "True"
