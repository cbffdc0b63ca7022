"""deploy/ stays in step with the code: every setting in the environment template, units that start what exists."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

from tests.shell import ROOT

DEPLOY = ROOT / "deploy"
INSTALLED_AT = "/srv/liaison"
# How a settings module reads the environment: os.environ.get("X"), os.environ["X"] and the helpers around them.
READS_ENVIRONMENT = re.compile(
    r"""(?:os\.environ(?:\.get|\.setdefault)?|env_flag|env_list|env_rate|env_minutes|secret_from_env_or_file)"""
    r"""[(\[]\s*["']([A-Z][A-Z0-9_]*)["']"""
)


def variables_read_by_the_settings() -> set[str]:
    names: set[str] = set()
    for module in sorted((ROOT / "config").glob("*.py")):
        names |= set(READS_ENVIRONMENT.findall(module.read_text(encoding="utf-8")))
    return names


def variables_in_the_template() -> set[str]:
    text = (DEPLOY / "liaison.env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_the_settings_are_read_where_the_test_looks() -> None:
    # the parse finds what the settings really read (a new way of reading would otherwise escape the check)
    found = variables_read_by_the_settings()
    expected = {"DATABASE_URL", "DJANGO_SECRET_KEY", "NEO4J_URI", "LIAISON_ROSTER_MAX_BYTES", "LIAISON_WEB_WORKERS"}
    assert expected <= found
    assert len(found) > 50


def test_the_environment_template_lists_every_variable_the_settings_read() -> None:
    missing = variables_read_by_the_settings() - variables_in_the_template()
    assert not missing, f"add these to deploy/liaison.env.example, with a comment: {sorted(missing)}"


def test_the_template_holds_no_secret_but_placeholders() -> None:
    text = (DEPLOY / "liaison.env.example").read_text(encoding="utf-8")
    for name in ("DJANGO_SECRET_KEY", "LIAISON_TOKEN_KEY", "NEO4J_PASSWORD", "EMAIL_HOST_PASSWORD"):
        assert re.search(rf"^{name}=change-me$", text, flags=re.MULTILINE), name
    assert "DJANGO_SETTINGS_MODULE=config.settings_production" in text


def _exec_start(unit: str) -> list[str]:
    text = (DEPLOY / "systemd" / unit).read_text(encoding="utf-8")
    (line,) = re.findall(r"^ExecStart=(.+)$", text, flags=re.MULTILINE)
    assert re.search(r"^WorkingDirectory=/srv/liaison$", text, flags=re.MULTILINE)
    assert re.search(r"^EnvironmentFile=/etc/liaison/liaison\.env$", text, flags=re.MULTILINE)
    return [part.replace(INSTALLED_AT, str(ROOT)) for part in shlex.split(line)]


def test_the_web_unit_starts_gunicorn_with_the_config_in_the_repository() -> None:
    command = _exec_start("liaison-web.service")
    assert command[0].endswith("/.venv/bin/python") and command[1:3] == ["-m", "gunicorn"]
    config = Path(ROOT / command[command.index("--config") + 1])
    assert config.is_file() and config.read_text(encoding="utf-8").count("wsgi_app = ") == 1
    import gunicorn  # the dependency the unit runs

    assert gunicorn.__version__


def test_the_worker_unit_starts_the_worker_command() -> None:
    command = _exec_start("liaison-worker.service")
    assert command[1:] == ["manage.py", "worker"]
    assert (ROOT / "manage.py").is_file()
    assert get_commands()["worker"] == "directory"


def test_the_proxy_admits_a_roster_of_the_largest_size_and_sets_the_headers_the_settings_trust() -> None:
    text = (DEPLOY / "nginx" / "liaison.conf").read_text(encoding="utf-8")
    (size,) = re.findall(r"client_max_body_size (\d+)m;", text)
    largest = settings.LIAISON_ROSTER_MAX_BYTES
    assert largest < int(size) * 1024 * 1024 <= largest + 2 * 1024 * 1024
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in text
    assert "proxy_set_header X-Real-IP $remote_addr;" in text
    assert "X-Real-IP" in (DEPLOY / "liaison.env.example").read_text(encoding="utf-8")
    (read_timeout,) = re.findall(r"proxy_read_timeout (\d+)s;", text)
    assert int(read_timeout) > 60  # gunicorn's own limit for a request (LIAISON_WEB_TIMEOUT)
