"""The secrets under var/ that the data needs: without the token key every API token stops authenticating."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class Secret:
    """One secret: its file under var/, the variable that overrides it, and the setting that holds it."""

    file: str
    variable: str
    setting: str
    why: str


SECRETS = (
    Secret("token_key", "LIAISON_TOKEN_KEY", "LIAISON_TOKEN_KEY", "API tokens and webhook secrets are keyed by it"),
    Secret("secret_key", "DJANGO_SECRET_KEY", "SECRET_KEY", "sessions and signed e-mail links are signed by it"),
    Secret("neo4j_password", "NEO4J_PASSWORD", "NEO4J_PASSWORD", "the local Neo4j is started with it"),
)


def current_values() -> dict[str, str]:
    """The secrets in force (from the environment or var/), by file name; the Neo4j password only when set."""
    values = {secret.file: str(getattr(settings, secret.setting, "") or "") for secret in SECRETS}
    return {name: value for name, value in values.items() if value}


def var_dir() -> Path:
    """Where the running system keeps its files."""
    return Path(settings.VAR_DIR)


def overridden(secret: Secret) -> bool:
    """Whether the environment gives this secret, so that its file under var/ is not read."""
    return bool(os.environ.get(secret.variable))


def stage(values: dict[str, str]) -> dict[Path, Path]:
    """Write each value to a temporary file beside its place under var/ (owner-only); {temporary: final}."""
    directory = var_dir()
    directory.mkdir(parents=True, exist_ok=True)
    staged: dict[Path, Path] = {}
    try:
        for name, value in values.items():
            final = directory / name
            temporary = directory / f".{name}.restoring"
            temporary.unlink(missing_ok=True)
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(value)
            staged[temporary] = final
    except BaseException:
        discard(staged)
        raise
    return staged


def put_in_place(staged: dict[Path, Path]) -> None:
    """Move staged secrets into place: a rename each, so a file is either the old secret or the new one."""
    for temporary, final in staged.items():
        os.replace(temporary, final)


def discard(staged: dict[Path, Path]) -> None:
    """Remove staged secrets that were not put in place."""
    for temporary in staged:
        temporary.unlink(missing_ok=True)
