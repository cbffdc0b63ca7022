"""Periodic jobs for the worker's tests: one that counts its runs, one that fails."""

from __future__ import annotations

calls: list[str] = []


def count_a_run() -> int:
    """Record a run; returns 1 (one thing done)."""
    calls.append("counted")
    return 1


def fail() -> int:
    """Fail, as a broken job would."""
    raise RuntimeError("the mail server refused the connection")
