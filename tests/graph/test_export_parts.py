"""The offline export writes the larger tables in parts, side by side in several processes: the same rows, the same
headers as one process writes."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from django.db import transaction

from directory.generator import generate_directory
from directory.models import Officer
from graph.offline.export import Export, export_projection


def rows_of(export: Export) -> dict[str, tuple[str, Counter[tuple[str, ...]]]]:
    """Each file's header and its rows (from all its parts, in any order), by header file name."""
    found = {}
    for source in (*export.nodes, *export.relationships):
        rows: Counter[tuple[str, ...]] = Counter()
        for path in source.data:
            with path.open(newline="", encoding="utf-8") as data:
                rows.update(tuple(row) for row in csv.reader(data))
        found[source.header.name] = (source.header.read_text(encoding="utf-8"), rows)
    return found


@pytest.mark.django_db(transaction=True)
def test_two_processes_write_the_rows_and_headers_one_process_writes(tmp_path: Path) -> None:
    # given a generated directory (its rows committed: the export's processes read them through their own connections)
    generate_directory(officers=60, seed=23)
    alone, side_by_side = tmp_path / "alone", tmp_path / "side-by-side"
    alone.mkdir()
    side_by_side.mkdir()
    # when it is exported by one process, and again by two, in batches smaller than its tables
    one = export_projection(alone, batch_size=7, processes=1)
    two = export_projection(side_by_side, batch_size=7, processes=2)
    # then the two exports hold the same files, headers and rows, and count them alike
    assert rows_of(two) == rows_of(one)
    assert (two.node_count, two.relationship_count) == (one.node_count, one.relationship_count)
    assert one.node_count > 60 and one.relationship_count > 60
    # and the officers' nodes were written in two parts, each with some of them
    officers = next(source for source in two.nodes if source.name == "Officer")
    assert len(officers.data) == 2
    assert all(path.stat().st_size > 0 for path in officers.data)
    assert officers.rows == 60
    # and each file the importer is given names every part of it
    assert officers.argument() == f"Officer={officers.header},{officers.data[0]},{officers.data[1]}"
    # and this process's own database connection, which the forked ones left alone, still answers
    assert Officer.objects.count() == 60


@pytest.mark.django_db
def test_an_export_by_several_processes_inside_a_transaction_is_refused(tmp_path: Path) -> None:
    # given a transaction under way (the other processes could not see its rows)
    with transaction.atomic(), pytest.raises(RuntimeError, match="outside a transaction"):
        # when an export by two processes is asked for within it, it is refused before anything is written
        export_projection(tmp_path, processes=2)
    assert list(tmp_path.iterdir()) == []
