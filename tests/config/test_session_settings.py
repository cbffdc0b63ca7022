"""The idle session limit is read from the environment, and a bad value stops the start with a clear message."""

from __future__ import annotations

import pytest

from tests.shell import run_manage

SHOW_LIMIT = (
    "shell",
    "--no-imports",
    "-c",
    "from django.conf import settings; print(settings.LIAISON_SESSION_IDLE_MINUTES)",
)


def test_the_idle_limit_comes_from_the_environment() -> None:
    assert run_manage(*SHOW_LIMIT, LIAISON_SESSION_IDLE_MINUTES="45").stdout.strip() == "45"
    assert run_manage(*SHOW_LIMIT, unset=("LIAISON_SESSION_IDLE_MINUTES",)).stdout.strip() == "30"


@pytest.mark.parametrize("bad", ["soon", "0", "-5", "2.5"])
def test_a_bad_idle_limit_is_refused_naming_the_variable(bad: str) -> None:
    # when
    result = run_manage("check", LIAISON_SESSION_IDLE_MINUTES=bad)
    # then
    assert result.returncode != 0
    assert "LIAISON_SESSION_IDLE_MINUTES must be a whole number of minutes, 1 or more (such as 30)" in result.stderr
