"""Spreadsheet cells that stay text: a value a spreadsheet would run as a formula is neutralised."""

from __future__ import annotations

# A cell starting with one of these is read as a formula (or, for tab and carriage return, shifts the
# columns and then starts one) by Excel, LibreOffice and Google Sheets: OWASP's "CSV injection" list.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """The value, with an apostrophe in front when it would start a formula (OWASP's advice)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
