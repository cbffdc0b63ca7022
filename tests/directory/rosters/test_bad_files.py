"""Hostile and broken files: each refused with a message naming the row and column and the fix; nothing written."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import override_settings
from openpyxl import Workbook

from directory.models import RosterImport
from directory.rosters.reading import RosterFileError, read_roster
from tests.roster_world import HEADERS_RU, RosterWorld, csv_bytes, officer_count, preview_of, statuses

ROW = ["1", "Нурлан Жумабеков", "Следователь", "Ministry of Internal Affairs", "KZ", "", "", "", "", ""]


def _xlsx(rows: list[list[object]], *, merge: str = "", macros: bool = False) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    if not macros:
        return buffer.getvalue()
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00macro")
    return buffer.getvalue()


def _refusal(data: bytes, name: str, **options: str) -> RosterFileError:
    with pytest.raises(RosterFileError) as refused:
        read_roster(data, name, **options)
    return refused.value


def test_a_workbook_is_read_like_a_csv(roster_world: RosterWorld) -> None:
    data = _xlsx([["Attendance list, Astana"], HEADERS_RU, ROW])
    preview = preview_of(data, roster_world.staff, name="list.xlsx")
    assert statuses(preview) == {3: "new"}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_each_of_the_regions_encodings_reads_the_same_names(roster_world: RosterWorld, encoding: str) -> None:
    preview = preview_of(csv_bytes([ROW], encoding=encoding), roster_world.staff)
    assert [row.cells["full_name"] for row in preview.rows] == ["Нурлан Жумабеков"]
    assert preview.encoding == {"cp1251": "windows-1251"}.get(encoding, encoding)


def test_a_chosen_encoding_that_does_not_fit_is_named() -> None:
    refusal = _refusal(csv_bytes([ROW], encoding="cp1251"), "list.csv", encoding="utf-8")
    assert "not in utf-8" in str(refusal)


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00", "list.pdf", "neither an Excel workbook"),
        (b"PK\x03\x04" + b"\x00garbage" * 50, "list.xlsx", "damaged"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "list.xlsx", "password-protected"),
        (b"", "list.csv", "empty"),
    ],
    ids=["wrong type", "corrupt workbook", "password-protected", "empty"],
)
def test_a_file_that_is_no_roster_is_refused_with_the_fix(data: bytes, name: str, words: str) -> None:
    assert words in str(_refusal(data, name))


def test_macros_are_refused_by_name_and_by_content() -> None:
    plain = _xlsx([HEADERS_RU, ROW])
    assert "macros" in str(_refusal(plain, "list.xlsm"))
    assert "macros" in str(_refusal(_xlsx([HEADERS_RU, ROW], macros=True), "list.xlsx"))


def test_merged_cells_are_named_by_row_and_column() -> None:
    refusal = _refusal(_xlsx([HEADERS_RU, ROW, ROW], merge="D2:D3"), "list.xlsx")
    problem = refusal.problems[0]
    assert (problem.row, problem.column, problem.code) == (2, "D", "merged_cells")
    assert "D2:D3" in problem.message and "unmerge" in problem.message


def test_a_formula_is_named_by_its_cell() -> None:
    refusal = _refusal(_xlsx([HEADERS_RU, [*ROW[:9], "=2+3"]]), "list.xlsx")
    problem = refusal.problems[0]
    assert (problem.row, problem.column, problem.code) == (2, "J", "formula")
    assert "J2" in problem.message


def test_empty_rows_are_passed_over_and_reported(roster_world: RosterWorld) -> None:
    data = csv_bytes([ROW, ["", "", ""], ["  ", " "], ["2", "Aibek Osmonov", "", "Ministry of Internal Affairs", "KG"]])
    preview = preview_of(data, roster_world.staff)
    assert statuses(preview) == {2: "new", 5: "new"}
    assert preview.empty_rows == [3, 4]


def test_more_rows_than_the_cap_are_refused_before_any_matching() -> None:
    rows = [[str(number), f"Officer {number}", "", "Ministry of Internal Affairs", "KG"] for number in range(10_001)]
    refusal = _refusal(csv_bytes(rows), "big.csv")
    assert "more than 10000 rows" in str(refusal) and refusal.problems[0].code == "too_many_rows"
    with override_settings(LIAISON_ROSTER_MAX_ROWS=5):
        assert "more than 5 rows" in str(_refusal(csv_bytes(rows[:6]), "six.csv"))


def test_a_20_mb_file_is_refused_by_its_size() -> None:
    refusal = _refusal(b"a;b\n" * (5 * 1024 * 1024), "huge.csv")
    assert "20.0 MB" in str(refusal) and "limit is 10.0 MB" in str(refusal)


def test_a_file_without_a_name_column_says_which_headers_it_found(roster_world: RosterWorld) -> None:
    preview = preview_of(csv_bytes([["x", "y"]], headers=["Surname please", "Agency"]), roster_world.staff)
    assert preview.mapping.missing == ["full_name"]
    assert preview.mapping.unknown == [(0, "Surname please")]


@pytest.mark.parametrize(
    ("cell", "value", "column", "words"),
    [
        (1, "Нурлан\u202eЖумабеков", "B", "hidden character"),
        (1, "Я" * 201, "B", "shorten it to 200"),
        (8, "начальник", "I", "not a role"),
        (9, "11", "J", "not a rating"),
        (6, "12", "G", "not a phone number"),
        (7, "klingon", "H", "not a language"),
    ],
)
def test_a_bad_cell_is_named_and_nothing_is_written(
    roster_world: RosterWorld, cell: int, value: str, column: str, words: str
) -> None:
    row = list(ROW)
    row[cell] = value
    preview = preview_of(csv_bytes([row]), roster_world.staff)
    problem = preview.rows[0].problems[0]
    assert preview.rows[0].status == "invalid"
    assert problem.column.startswith(column) and words in problem.message and "Row 2" in problem.message
    assert officer_count() == 6 and not RosterImport.objects.exists()
