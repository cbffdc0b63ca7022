"""SECURITY.md's permission table is the one the permission rules give today."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from directory.permission_table import REFRESH, SECURITY_MD, permission_table, with_table


def test_security_md_holds_the_table_the_rules_give() -> None:
    document = SECURITY_MD.read_text(encoding="utf-8")
    assert with_table(document, permission_table()) == document, f"SECURITY.md's permission table is stale: {REFRESH}"


def test_the_table_says_what_each_role_may_do() -> None:
    cells = [line.strip("| ").split(" | ") for line in permission_table().splitlines()]
    rows = {row[0]: row[1:] for row in cells}
    columns = rows["Action"]
    steward, read_token = columns.index("Steward"), columns.index("Administrator, read token")
    session = columns.index("Integration, browser session")
    assert rows["Record or remove an acquaintance"][steward] == "both of own country"
    assert rows["Move an officer to another agency"][steward] == "within own country"
    assert rows["Erase an officer"][read_token] == "no"
    assert rows["See an officer's entry"][session] == "no"


def test_the_check_names_the_command_that_refreshes_a_stale_table(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = tmp_path / "SECURITY.md"
    stale.write_text(with_table(SECURITY_MD.read_text(encoding="utf-8"), "| an old table |\n"), encoding="utf-8")
    monkeypatch.setattr("directory.management.commands.permission_table.SECURITY_MD", stale)
    with pytest.raises(CommandError, match="permission_table --write"):
        call_command("permission_table", "--check")
    call_command("permission_table", "--write", stdout=StringIO())
    call_command("permission_table", "--check", stdout=StringIO())
    assert "| an old table |" not in stale.read_text(encoding="utf-8")
