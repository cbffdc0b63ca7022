"""Secrets for a local checkout: read from the environment, or generated once and kept under var/."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def secret_from_env_or_file(env_name: str, path: Path, length: int = 50) -> str:
    """Return the environment's value, else a random one generated once and kept in `path`."""
    value = os.environ.get(env_name)
    if value:
        return value
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(length)
    # Owner-only: the file holds a credential.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    return value
