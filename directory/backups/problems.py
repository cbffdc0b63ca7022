"""The one exception of backups and restores: a sentence naming what is wrong and the fix, with a stable code."""

from __future__ import annotations

from directory.error_codes import BackupProblem


class BackupError(Exception):
    """A backup or restore that was refused or failed; nothing was changed."""

    def __init__(self, problem: BackupProblem, message: str) -> None:
        super().__init__(message)
        self.problem = problem
