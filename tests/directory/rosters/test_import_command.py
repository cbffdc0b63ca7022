"""`manage.py import_roster`: a dry run shows every row; a run writes in one go or says what to decide first."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from directory.models import Officer, RosterImport
from tests.roster_world import RosterWorld, csv_bytes

MVD = "Ministry of Internal Affairs"
ROWS = [
    ["1", "TOKTOGULOVA Asel", "", MVD, "KG", "", "", "", "", "5"],
    ["2", "Tokayev B.", "", MVD, "KZ", "", "", "", "", ""],
    ["3", "Нурлан Жумабеков", "", MVD, "KZ", "", "", "", "", ""],
]


@pytest.fixture
def roster_file(tmp_path: Path) -> Path:
    path = tmp_path / "astana.csv"
    path.write_bytes(csv_bytes(ROWS, encoding="cp1251"))
    return path


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_roster", *args, stdout=out, stderr=io.StringIO(), verbosity=0)
    return out.getvalue()


def test_a_dry_run_shows_each_row_and_writes_nothing(roster_world: RosterWorld, roster_file: Path) -> None:
    output = _run(str(roster_file), "--user", "roster-staff", "--event", "Crypto", "--dry-run")
    assert "3 rows: 1 new, 1 matches, 1 ambiguous, 0 invalid, 0 refused" in output
    assert "row 3 ambiguous: Tokayev B." in output and str(roster_world.world.bakyt.uuid) in output
    assert not RosterImport.objects.exists()


def test_the_json_preview_names_each_rows_status(roster_world: RosterWorld, roster_file: Path) -> None:
    preview = json.loads(_run(str(roster_file), "--user", "roster-staff", "--dry-run", "--json"))
    assert [row["status"] for row in preview["rows"]] == ["match", "ambiguous", "new"]
    assert preview["encoding"] == "windows-1251"


def test_an_undecided_row_stops_the_import(roster_world: RosterWorld, roster_file: Path) -> None:
    with pytest.raises(CommandError, match="Nothing was written:\nRow 3: choose one of the officers shown"):
        _run(str(roster_file), "--user", "roster-staff", "--event", "Crypto")
    assert Officer.objects.count() == 6


def test_decisions_on_the_command_line_commit_the_roster(roster_world: RosterWorld, roster_file: Path) -> None:
    output = _run(str(roster_file), "--user", "roster-staff", "--event", "Crypto", "--decide", "3=skip")
    assert "1 created, 1 matched (1 unchanged), 1 skipped" in output
    again = _run(str(roster_file), "--user", "roster-staff", "--event", "Crypto", "--decide", "3=skip")
    assert "imported already" in again and RosterImport.objects.count() == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--user", "nobody"], "no account is called 'nobody'"),
        (["--user", "roster-officer"], "programme staff and stewards"),
        (["--user", "roster-staff", "--event", "No such workshop"], "No single event"),
        (["--user", "roster-staff", "--decide", "three=new"], "is not ROW=CHOICE"),
    ],
)
def test_bad_arguments_are_named(roster_world: RosterWorld, roster_file: Path, args: list[str], words: str) -> None:
    with pytest.raises(CommandError, match=words):
        _run(str(roster_file), *args)
    assert not RosterImport.objects.exists()
