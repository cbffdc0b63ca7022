"""LIAISON_LOG_LEVEL is read as gunicorn reads it, in any case; a level that does not exist stops the start clearly."""

from __future__ import annotations

from tests.shell import run_manage

SHOW_LEVEL = (
    "shell",
    "--no-imports",
    "-c",
    "import logging; print(logging.getLevelName(logging.getLogger().level))",
)


def test_the_level_is_taken_in_lower_case_as_gunicorn_takes_it() -> None:
    # "warning" is what an operator writes for gunicorn (config/gunicorn.py); it once stopped Django's start
    result = run_manage(*SHOW_LEVEL, LIAISON_LOG_LEVEL="info")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "INFO"


def test_an_unknown_level_is_refused_naming_the_variable_and_the_levels() -> None:
    result = run_manage("check", LIAISON_LOG_LEVEL="loud")
    assert result.returncode != 0
    assert "LIAISON_LOG_LEVEL is 'LOUD'; give one of DEBUG, INFO, WARNING, ERROR, CRITICAL" in result.stderr
