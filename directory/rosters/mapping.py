"""Which roster column each header of a file means: known headers in English or Russian, then saved mappings."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from directory.rosters.columns import COLUMNS_BY_KEY, ROSTER_COLUMNS

REQUIRED_COLUMNS = ("full_name",)
IGNORE = "ignore"
_SPACES = re.compile(r"\s+")


def fold_header(header: str) -> str:
    """A header as compared: lower case, single spaces, without a trailing colon or asterisk."""
    return _SPACES.sub(" ", header.replace("\n", " ")).strip().rstrip(":*").strip().casefold()


KNOWN_HEADERS: dict[str, str] = {
    fold_header(header): column.key for column in ROSTER_COLUMNS for header in column.headers()
}


@dataclass
class HeaderMapping:
    """Column index → roster column key, and the headers no rule recognised (index, header)."""

    columns: dict[int, str] = field(default_factory=dict)
    unknown: list[tuple[int, str]] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        """Required roster columns no header maps to."""
        return [key for key in REQUIRED_COLUMNS if key not in self.columns.values()]

    def index_of(self, key: str) -> int | None:
        """The file's column index for a roster column, if the file has it."""
        return next((index for index, column in self.columns.items() if column == key), None)


def known_header_count(values: Sequence[str]) -> int:
    """How many of these cells are known roster headers (to find the header row under a title)."""
    return sum(1 for value in values if fold_header(value) in KNOWN_HEADERS)


def map_headers(
    headers: Sequence[str], *, saved: Mapping[str, str] | None = None, chosen: Mapping[str, str] | None = None
) -> HeaderMapping:
    """Map each header: the user's choice for this file first, then the known headers, then saved mappings."""
    mapping = HeaderMapping()
    taken: set[str] = set()
    for index, header in enumerate(headers):
        folded = fold_header(header)
        if not folded:
            continue
        key = (chosen or {}).get(folded) or KNOWN_HEADERS.get(folded) or (saved or {}).get(folded)
        if key == IGNORE:
            continue
        if key in COLUMNS_BY_KEY and key not in taken:
            mapping.columns[index] = key
            taken.add(key)
        else:
            mapping.unknown.append((index, header))
    return mapping
