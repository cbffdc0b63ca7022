"""A table to export: its columns with headers, its rows, and which officers' contact values it shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from directory.models import Officer


@dataclass(frozen=True)
class Column:
    """One column: its key (JSON's name for it) and its header in the reader's language."""

    key: str
    header: str | Promise


@dataclass
class ExportTable:
    """The rows of an export, and how many contact values of each officer it holds (for the access log)."""

    columns: tuple[Column, ...]
    rows: list[dict[str, Any]] = field(default_factory=list)
    contacts_shown: dict[Officer, int] = field(default_factory=dict)

    def headers(self) -> list[str]:
        """The header row, in the reader's language."""
        return [str(column.header) for column in self.columns]

    def cells(self) -> list[list[str]]:
        """Every row as text, in the columns' order (lists joined with '; ')."""
        return [[as_text(row.get(column.key)) for column in self.columns] for row in self.rows]

    @property
    def channel_count(self) -> int:
        """How many contact values the export holds."""
        return sum(self.contacts_shown.values())


def as_text(value: Any) -> str:
    """A value as a spreadsheet cell shows it: lists joined with '; ', None empty, yes/no for booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(as_text(item) for item in value)
    return str(value)
