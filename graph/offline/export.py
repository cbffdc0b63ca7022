"""The projection as CSV files for Neo4j's offline importer: the same nodes, links and properties a rebuild writes."""

from __future__ import annotations

import csv
import itertools
import multiprocessing
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections

from graph import snapshots
from graph.shapes import SHAPES, SHARED_LABELS, Label
from graph.snapshots import IdRange

# The importer's names for the value types Python hands the driver (str is its default, so it has no suffix).
_IMPORT_TYPES: dict[type, str] = {bool: "boolean", int: "long", float: "double", str: ""}
# How the importer reads a boolean: "true" exactly, any other text is false (None stays None: no property).
_BOOLEAN_SPELLING: dict[bool, str] = {True: "true", False: "false"}


class ExportError(ValueError):
    """A value the importer cannot take as the driver would; `field` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

    def __reduce__(self) -> tuple[type[ExportError], tuple[str, str]]:
        """Raised in one of the export's processes, it reaches the caller whole."""
        return ExportError, (self.field, self.message)


@dataclass
class CsvSource:
    """One `--nodes` or `--relationships` argument: a header file, its data files, and what they hold."""

    name: str  # the label or relationship type
    header: Path
    data: list[Path]  # one file per part, written side by side by the export's processes
    rows: int = 0
    multiline: bool = False  # some value holds a line break: the importer must be told to parse it slowly

    def argument(self) -> str:
        """The importer's `NAME=header,data,...` argument."""
        return ",".join([f"{self.name}={self.header}", *map(str, self.data)])


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
                self._agree(name, spelling)
            if bool in kinds:
                columns[index] = tuple(map(_BOOLEAN_SPELLING.get, column))
            if str in kinds:
                text = "".join(filter(None, column))
                multiline = multiline or "\n" in text or "\r" in text
        return multiline

    def merge(self, types: dict[str, str]) -> None:
        """Take the types another part of the same file found (the parts must agree, as the values of one do)."""
        for name, spelling in types.items():
            self._agree(name, spelling)

    def _agree(self, name: str, spelling: str) -> None:
        if self.types.setdefault(name, spelling) != spelling:
            raise ExportError(
                f"{self.where}.{name}", f"mixes {self.types[name] or 'string'} and {spelling or 'string'}"
            )

    def header(self) -> list[str]:
        """The header cells: a column with no values at all is read as a string and stays empty."""
        return [f"{name}:{self.types[name]}" if self.types.get(name) else name for name in self.names]


@dataclass(frozen=True)
class _Written:
    """What one data file received: its rows, whether a value holds a line break, and its columns' types."""

    rows: int
    multiline: bool
    types: dict[str, str]


def _write(path: Path, fixed: int, columns: _Columns, batches: Iterable[list[Sequence[Any]]]) -> _Written:
    """Write one data file a batch of columns at a time (the first `fixed` columns are ids), typing the rest."""
    rows, multiline = 0, False
    with path.open("w", newline="", encoding="utf-8") as data:
        writer = csv.writer(data)
        for batch in batches:
            if not batch or not batch[0]:
                continue
            # Ids never hold a line break; only property values might.
            multiline = columns.check(batch, fixed) or multiline
            writer.writerows(zip(*batch, strict=True))
            rows += len(batch[0])
    return _Written(rows, multiline, columns.types)


def _write_header(source: CsvSource, fixed: list[str], columns: _Columns) -> None:
    """The header, written once every part was: only then are the columns' types known."""
    with source.header.open("w", newline="", encoding="utf-8") as header:
        csv.writer(header).writerow([*fixed, *columns.header()])


@dataclass(frozen=True)
class _File:
    """One label's or link type's files: the header's id cells, the property names, and where its rows come from."""

    source: CsvSource
    fixed: list[str]
    names: list[str]
    where: str  # the label, or label.TYPE, as an error names it
    reader: tuple[str, ...]  # ("node", aggregate), ("shared", label) or ("link", aggregate, index of the link)
    bounds: IdRange | None  # the primary keys its rows span; None for a file written whole


@dataclass(frozen=True)
class _Part:
    """One data file of a _File: the rows whose primary keys fall in `ids` (all of them when None)."""

    file: _File
    ids: IdRange | None
    path: Path

    @property
    def size(self) -> int:
        """How many keys the part spans: the largest parts go first, so that no process is left with one at the end."""
        return self.ids[1] - self.ids[0] if self.ids else 0


def _batches(reader: tuple[str, ...], ids: IdRange | None, batch_size: int) -> Iterable[list[Sequence[Any]]]:
    """The batches of columns one part writes, read by the process that writes them."""
    kind, name, *rest = reader
    if kind == "node":
        return snapshots.all_node_columns(name, batch_size, ids)
    if kind == "link":
        return snapshots.all_link_columns(snapshots.SOURCES[name].links[int(rest[0])], batch_size, ids)
    languages = snapshots.spoken_languages() if name == Label.LANGUAGE else []
    return [list(zip(*languages, strict=True))]


def _write_part(part: _Part, batch_size: int) -> _Written:
    """Write one part (in one of the export's processes)."""
    file = part.file
    batches = _batches(file.reader, part.ids, batch_size)
    return _write(part.path, len(file.fixed), _Columns(file.names, file.where), batches)


def _node_files(directory: Path) -> list[_File]:
    """One file per label: the record's primary key as the node's id within its label (the importer keeps it only
    to link the nodes), `uuid`, `version`, then the properties."""
    files = []
    for shape in SHAPES:
        source = CsvSource(shape.label, directory / f"{shape.label}.header.csv", [])
        fixed = [f":ID({shape.label})", "uuid", "version:long"]
        names = snapshots.node_prop_names(shape.aggregate)
        bounds = snapshots.node_id_bounds(shape.aggregate)
        files.append(_File(source, fixed, names, shape.label, ("node", shape.aggregate), bounds))
    for label, key in SHARED_LABELS.items():
        source = CsvSource(label, directory / f"{label}.header.csv", [])
        files.append(_File(source, [f":ID({label})", key], [], label, ("shared", label), None))
    return files


def _link_files(directory: Path) -> list[_File]:
    """One file per owner label and link type: the two ends' primary keys within their labels, then the properties.

    Integer ids spare the importer a string id per node and two per relationship (its relationship stage at 100,000
    officers took a half to two thirds as long), and the export the joins that fetched each end's uuid."""
    files = []
    for shape in SHAPES:
        targets: dict[str, Label] = {link.type: link.target for link in shape.links}
        for index, link in enumerate(snapshots.SOURCES[shape.aggregate].links):
            stem = f"{shape.label}-{link.type}"
            source = CsvSource(link.type, directory / f"{stem}.header.csv", [])
            ends = [f":START_ID({shape.label})", f":END_ID({targets[link.type]})"]
            reader = ("link", shape.aggregate, str(index))
            names = snapshots.link_prop_names(link)
            files.append(
                _File(source, ends, names, f"{shape.label}.{link.type}", reader, snapshots.link_id_bounds(link))
            )
    return files


def _parts(file: _File, count: int, batch_size: int) -> list[_Part]:
    """A file's parts: `count` ranges of its primary keys when it spans more than a batch, else one for the whole."""
    stem = file.source.header.name.removesuffix(".header.csv")
    if file.bounds is None or file.bounds[1] - file.bounds[0] <= batch_size or count == 1:
        ranges: list[IdRange | None] = [None]
    else:
        low, high = file.bounds
        cuts = [low + (high - low) * index // count for index in range(count + 1)]
        ranges = list(itertools.pairwise(cuts))
    return [_Part(file, ids, file.source.header.with_name(f"{stem}.{number}.csv")) for number, ids in enumerate(ranges)]


def _write_files(files: list[_File], processes: int, batch_size: int, pool: Executor | None) -> list[CsvSource]:
    """Write every part of these files, side by side in the pool's processes, then each file's header."""
    planned = [(file, _parts(file, processes, batch_size)) for file in files]
    parts = sorted((part for _, file_parts in planned for part in file_parts), key=lambda part: -part.size)
    results = (map if pool is None else pool.map)(_write_part, parts, [batch_size] * len(parts))
    written = dict(zip((part.path for part in parts), results, strict=True))
    for file, file_parts in planned:
        columns = _Columns(file.names, file.where)
        for part in file_parts:
            outcome = written[part.path]
            columns.merge(outcome.types)
            file.source.data.append(part.path)
            file.source.rows += outcome.rows
            file.source.multiline = file.source.multiline or outcome.multiline
        _write_header(file.source, file.fixed, columns)
    return [file.source for file in files]


def export_projection(directory: Path, *, batch_size: int = 20000, processes: int | None = None) -> Export:
    """Write every node and relationship of the projection into `directory` (which must exist), the larger tables
    in parts written side by side by `processes` processes (the setting LIAISON_GRAPH_EXPORT_PROCESSES by default).

    The other processes see only committed rows: call it outside a transaction."""
    processes = processes or settings.LIAISON_GRAPH_EXPORT_PROCESSES
    export = Export()
    started = time.perf_counter()
    with _pool(processes) as pool:
        export.nodes = _write_files(_node_files(directory), processes, batch_size, pool)
        export.node_seconds = time.perf_counter() - started
        started = time.perf_counter()
        export.relationships = _write_files(_link_files(directory), processes, batch_size, pool)
        export.relationship_seconds = time.perf_counter() - started
    return export


@contextmanager
def _pool(processes: int) -> Iterator[Executor | None]:
    """Processes forked from this one, so they start with its code loaded; none when one process is asked for."""
    if processes == 1:
        yield None
        return
    if connection.in_atomic_block:
        raise RuntimeError(
            "The export reads from several processes, which see only committed rows: call it outside a transaction."
        )
    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(processes, mp_context=fork, initializer=_own_connections) as pool:
        yield pool


# The database connections a forked process inherited: kept and never used. Closing one would end the parent's
# session, whose socket (and TLS state) it shares; using one would garble it.
_INHERITED: list[Any] = []


def _own_connections() -> None:
    """In a forked process: set the parent's open connections aside, so that this process opens its own."""
    for wrapper in connections.all(initialized_only=True):
        if wrapper.connection is not None:
            _INHERITED.append(wrapper.connection)
            wrapper.connection = None
