"""Running manage.py in a child process, as a person would from a shell."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_manage(*args: str, unset: Iterable[str] = (), **env: str) -> subprocess.CompletedProcess[str]:
    """Run `manage.py ARGS` with these environment variables set and those in `unset` removed."""
    environment = {name: value for name, value in os.environ.items() if name not in set(unset)}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def run_python(program: str) -> subprocess.CompletedProcess[str]:
    """Run a Python program in a fresh interpreter from the project's root, as `manage.py` runs."""
    return subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def database_url_for_children() -> str:
    """The tests' own database as a DATABASE_URL, for a child process (a worker, a command) to share it."""
    from django.db import connection

    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    return (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )


def start_worker(**env: str) -> subprocess.Popen[str]:
    """`manage.py worker` as its own process on the tests' database, with these variables; its output piped as text."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url_for_children(), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
