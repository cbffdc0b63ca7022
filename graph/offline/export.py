"""The projection as CSV files for Neo4j's offline importer: the same nodes, links and properties a rebuild writes."""

from __future__ import annotations

import csv
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph import snapshots
from graph.shapes import SHAPES, SHARED_LABELS, Label

# The importer's names for the value types Python hands the driver (str is its default, so it has no suffix).
_IMPORT_TYPES: dict[type, str] = {bool: "boolean", int: "long", float: "double", str: ""}
# How the importer reads a boolean: "true" exactly, any other text is false (None stays None: no property).
_BOOLEAN_SPELLING: dict[bool, str] = {True: "true", False: "false"}


class ExportError(ValueError):
    """A value the importer cannot take as the driver would; `field` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass
class CsvSource:
    """One `--nodes` or `--relationships` argument: a header file, a data file, and what they hold."""

    name: str  # the label or relationship type
    header: Path
    data: Path
    rows: int = 0
    multiline: bool = False  # some value holds a line break: the importer must be told to parse it slowly

    def argument(self) -> str:
        """The importer's `NAME=header,data` argument."""
        return f"{self.name}={self.header},{self.data}"


@dataclass
class Export:
    """Every CSV file of one export, with counts and how long each half took."""

    nodes: list[CsvSource] = field(default_factory=list)
    relationships: list[CsvSource] = field(default_factory=list)
    node_seconds: float = 0.0
    relationship_seconds: float = 0.0

    @property
    def node_count(self) -> int:
        """Nodes in the files."""
        return sum(source.rows for source in self.nodes)

    @property
    def relationship_count(self) -> int:
        """Relationships in the files."""
        return sum(source.rows for source in self.relationships)


class _Columns:
    """The property columns of one file, each with the type its values have (all values of a column agree)."""

    def __init__(self, names: Iterable[str], where: str) -> None:
        self.names = list(names)
        self.types: dict[str, str] = {}
        self.where = where

    def check(self, columns: list[Sequence[Any]], offset: int) -> bool:
        """Type a batch's columns from `offset`, booleans spelled in place; say whether a value holds a line break."""
        multiline = False
        for index, name in enumerate(self.names, start=offset):
            column = columns[index]
            kinds = set(map(type, column))
            kinds.discard(type(None))
            for kind in kinds:
                spelling = _IMPORT_TYPES.get(kind)
                if spelling is None:
                    raise ExportError(f"{self.where}.{name}", f"values of type {kind.__name__} cannot be imported")
                if self.types.setdefault(name, spelling) != spelling:
                    raise ExportError(
                        f"{self.where}.{name}", f"mixes {self.types[name] or 'string'} and {spelling or 'string'}"
                    )
            if bool in kinds:
                columns[index] = tuple(map(_BOOLEAN_SPELLING.get, column))
            if str in kinds:
                text = "".join(filter(None, column))
                multiline = multiline or "\n" in text or "\r" in text
        return multiline

    def header(self) -> list[str]:
        """The header cells: a column with no values at all is read as a string and stays empty."""
        return [f"{name}:{self.types[name]}" if self.types.get(name) else name for name in self.names]


def _write(source: CsvSource, fixed: list[str], columns: _Columns, batches: Iterable[list[Sequence[Any]]]) -> None:
    """Write the data file a batch of columns at a time, then the header, whose types are known only once every
    value was seen."""
    with source.data.open("w", newline="", encoding="utf-8") as data:
        writer = csv.writer(data)
        for batch in batches:
            if not batch or not batch[0]:
                continue
            # Ids never hold a line break; only property values might.
            source.multiline = columns.check(batch, len(fixed)) or source.multiline
            writer.writerows(zip(*batch, strict=True))
            source.rows += len(batch[0])
    with source.header.open("w", newline="", encoding="utf-8") as header:
        csv.writer(header).writerow([*fixed, *columns.header()])


def export_nodes(directory: Path, batch_size: int) -> list[CsvSource]:
    """One file per label: the record's primary key as the node's id within its label (the importer keeps it only
    to link the nodes), `uuid`, `version`, then the properties."""
    sources = []
    for shape in SHAPES:
        source = CsvSource(shape.label, directory / f"{shape.label}.header.csv", directory / f"{shape.label}.csv")
        columns = _Columns(snapshots.node_prop_names(shape.aggregate), shape.label)
        batches = snapshots.all_node_columns(shape.aggregate, batch_size)
        _write(source, [f":ID({shape.label})", "uuid", "version:long"], columns, batches)
        sources.append(source)
    for label, key in SHARED_LABELS.items():
        source = CsvSource(label, directory / f"{label}.header.csv", directory / f"{label}.csv")
        languages = snapshots.spoken_languages() if label == Label.LANGUAGE else []
        _write(source, [f":ID({label})", key], _Columns([], label), [list(zip(*languages, strict=True))])
        sources.append(source)
    return sources


def export_relationships(directory: Path, batch_size: int) -> list[CsvSource]:
    """One file per owner label and link type: the two ends' primary keys within their labels, then the properties.

    Integer ids spare the importer a string id per node and two per relationship (its relationship stage at 100,000
    officers took a half to two thirds as long), and the export the joins that fetched each end's uuid."""
    sources = []
    for shape in SHAPES:
        targets: dict[str, Label] = {link.type: link.target for link in shape.links}
        for link in snapshots.SOURCES[shape.aggregate].links:
            stem = f"{shape.label}-{link.type}"
            source = CsvSource(link.type, directory / f"{stem}.header.csv", directory / f"{stem}.csv")
            names = snapshots.link_prop_names(link)
            columns = _Columns(names, f"{shape.label}.{link.type}")
            ends = [f":START_ID({shape.label})", f":END_ID({targets[link.type]})"]
            _write(source, ends, columns, snapshots.all_link_columns(link, batch_size))
            sources.append(source)
    return sources


def export_projection(directory: Path, *, batch_size: int = 20000) -> Export:
    """Write every node and relationship of the projection into `directory` (which must exist)."""
    export = Export()
    started = time.perf_counter()
    export.nodes = export_nodes(directory, batch_size)
    export.node_seconds = time.perf_counter() - started
    started = time.perf_counter()
    export.relationships = export_relationships(directory, batch_size)
    export.relationship_seconds = time.perf_counter() - started
    return export
