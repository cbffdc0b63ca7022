"""The roster tests' world (tests/roster_world.py), and English messages whatever an earlier test left active."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from tests.roster_world import roster_world

__all__ = ["roster_world"]


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield
