"""The offline export's values: spelled as Neo4j's importer reads them, and refused by name when it could not."""

from __future__ import annotations

import csv
import pickle
from pathlib import Path

import pytest

from graph.offline.export import CsvSource, ExportError, _Columns, _write, _write_header

ROWS = [
    (1, "5f0c", 3, "Asel", True, None),
    (2, "7a1d", 1, "", False, 4),
    (3, "9e2b", 2, None, None, 7),
]


def columns_of(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """A batch of rows as the export hands them over: one sequence per column."""
    return list(zip(*rows, strict=True))


def test_booleans_are_spelled_as_the_importer_reads_them_and_every_other_value_is_left_as_it_was(
    tmp_path: Path,
) -> None:
    # given rows of a label with a text, a boolean and a number column (the importer reads only "true" as true)
    source = CsvSource("Officer", tmp_path / "Officer.header.csv", [tmp_path / "Officer.0.csv"])
    columns = _Columns(["name", "verified", "rank"], "Officer")
    # when they are written in two batches, the second empty, and the header after them
    written = _write(source.data[0], 3, columns, [columns_of(ROWS), []])
    _write_header(source, [":ID(Officer)", "uuid", "version:long"], columns)
    # then the data file holds every row, booleans in the importer's spelling, an absent value as an empty cell
    with source.data[0].open(newline="", encoding="utf-8") as data:
        assert list(csv.reader(data)) == [
            ["1", "5f0c", "3", "Asel", "true", ""],
            ["2", "7a1d", "1", "", "false", "4"],
            ["3", "9e2b", "2", "", "", "7"],
        ]
    # and the header names each column's type, as the values showed it
    assert (
        source.header.read_text(encoding="utf-8").strip()
        == ":ID(Officer),uuid,version:long,name,verified:boolean,rank:long"
    )
    assert written.rows == 3
    assert not written.multiline


def test_a_line_break_in_a_value_has_the_file_parsed_as_multiline(tmp_path: Path) -> None:
    rows = [(1, "5f0c", 3, "Head of unit\nsecond line", True, None)]
    columns = _Columns(["name", "verified", "rank"], "Officer")
    assert _write(tmp_path / "Officer.0.csv", 3, columns, [columns_of(rows)]).multiline


def test_a_column_that_mixes_numbers_and_text_is_refused_naming_the_label_and_the_property() -> None:
    columns = _Columns(["name", "verified", "rank"], "Officer")
    columns.check(columns_of(ROWS), 3)
    with pytest.raises(ExportError, match=r"^Officer\.rank: mixes long and string$") as refused:
        columns.check(columns_of([(4, "1b3c", 1, "Bakyt", True, "seven")]), 3)
    assert refused.value.field == "Officer.rank"


def test_a_value_the_importer_cannot_take_is_refused_naming_its_type() -> None:
    columns = _Columns(["name", "verified", "rank"], "Officer")
    with pytest.raises(ExportError, match=r"^Officer\.name: values of type list cannot be imported$"):
        columns.check(columns_of([(1, "5f0c", 3, ["Asel"], True, None)]), 3)


def test_parts_of_one_file_that_disagree_on_a_columns_type_are_refused_naming_it() -> None:
    # given one part of the officers' file whose ranks were numbers, and another whose ranks were text
    columns = _Columns(["name", "verified", "rank"], "Officer")
    columns.merge({"name": "", "rank": "long"})
    # when the header is typed from both, the file is refused by the label and the property
    with pytest.raises(ExportError, match=r"^Officer\.rank: mixes long and string$"):
        columns.merge({"rank": ""})


def test_a_refusal_raised_in_one_of_the_exports_processes_reaches_the_caller_with_its_field() -> None:
    refusal = ExportError("Officer.rank", "mixes long and string")
    received = pickle.loads(pickle.dumps(refusal))  # noqa: S301 (its own bytes): as the process pool hands it back
    assert (received.field, str(received)) == ("Officer.rank", "Officer.rank: mixes long and string")
