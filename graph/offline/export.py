"""The projection as CSV files for Neo4j's offline importer: the same nodes, links and properties a rebuild writes."""

from __future__ import annotations

import csv
import dataclasses
import itertools
import multiprocessing
import time
from array import array
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
    links_left_out: int = 0  # links to a record written after the node files were: the catch-up projects them

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
    """What one data file received: its rows, whether a value holds a line break, and its columns' types; for a node
    file, the primary keys of its nodes; for a link file, how many links it left out."""

    rows: int
    multiline: bool
    types: dict[str, str]
    keys: array[int] | None = None
    left_out: int = 0


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
class _End:
    """A label as one end of the links: how its records' primary keys become node ids, and which keys the node files
    hold (a byte per key, 1 for a node)."""

    offset: int
    exported: bytes

    def held(self, keys: Sequence[int]) -> list[bool] | None:
        """Which of these keys have a node in the files; None when all of them do (as all but a moment's writes do)."""
        exported = self.exported
        if max(keys) < len(exported) and all(map(exported.__getitem__, keys)):
            return None
        return [key < len(exported) and exported[key] == 1 for key in keys]


def _node_ids(keys: Sequence[int], offset: int) -> Sequence[int]:
    """Primary keys as the node ids the store is given: shifted past the labels before theirs (the first keeps its)."""
    return [key + offset for key in keys] if offset else keys


@dataclass(frozen=True)
class _File:
    """One label's or link type's files: the header's id cells, the property names, and where its rows come from."""

    source: CsvSource
    fixed: list[str]
    names: list[str]
    where: str  # the label, or label.TYPE, as an error names it
    reader: tuple[str, ...]  # ("node", aggregate), ("shared", label) or ("link", aggregate, index of the link)
    bounds: IdRange | None  # the primary keys its rows span; None for a link file with no rows as the export began
    offset: int = 0  # a node file's shift from primary keys to node ids
    ends: tuple[_End, _End] | None = None  # a link file's two ends


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
    within = [row for row in languages if ids is None or ids[0] <= row[0] < ids[1]]
    return [list(zip(*within, strict=True))]


def _node_batches(batches: Iterable[list[Sequence[Any]]], offset: int, keys: array[int]) -> Iterator[list[Any]]:
    """A node file's batches with its ids shifted, each primary key noted in `keys`."""
    for batch in batches:
        if batch and batch[0]:
            keys.extend(batch[0])
            batch[0] = _node_ids(batch[0], offset)
        yield batch


class _LinkEnds:
    """A link file's batches with both ends as node ids. A link to a record the node files lack is left out: the
    record was written after they were, so its event waits for the catch-up that follows the import."""

    def __init__(self, start: _End, end: _End) -> None:
        self.start, self.end = start, end
        self.left_out = 0

    def batches(self, batches: Iterable[list[Sequence[Any]]]) -> Iterator[list[Any]]:
        """The batches, shifted, without the links whose ends have no node."""
        for batch in batches:
            if not batch or not batch[0]:
                continue
            starts, ends = self.start.held(batch[0]), self.end.held(batch[1])
            if starts is not None or ends is not None:
                every = [True] * len(batch[0])
                keep = [start and end for start, end in zip(starts or every, ends or every, strict=True)]
                self.left_out += keep.count(False)
                batch = [list(itertools.compress(column, keep)) for column in batch]
            batch[0] = _node_ids(batch[0], self.start.offset)
            batch[1] = _node_ids(batch[1], self.end.offset)
            yield batch


def _write_part(part: _Part, batch_size: int) -> _Written:
    """Write one part (in one of the export's processes)."""
    file = part.file
    batches = _batches(file.reader, part.ids, batch_size)
    columns = _Columns(file.names, file.where)
    if file.ends is None:
        keys: array[int] = array("q")
        written = _write(part.path, len(file.fixed), columns, _node_batches(batches, file.offset, keys))
        return dataclasses.replace(written, keys=keys)
    ends = _LinkEnds(*file.ends)
    written = _write(part.path, len(file.fixed), columns, ends.batches(batches))
    return dataclasses.replace(written, left_out=ends.left_out)


def _node_files(directory: Path) -> list[_File]:
    """One file per label: the node's id in the store, `uuid`, `version`, then the properties.

    The importer is given each node's id in the store (`--id-type=actual`), so it keeps no map from the files' ids
    to the store's: a record's primary key, shifted past the keys of the labels before its own, the label with the
    highest keys first (its ids stay its keys, as do the starts of most links). Each label's file holds its records
    up to its highest key as the export begins; a record written later waits for the catch-up, as its event does."""
    planned: list[tuple[str, list[str], list[str], tuple[str, ...], IdRange]] = []
    for shape in SHAPES:
        bounds = snapshots.node_id_bounds(shape.aggregate) or (0, 0)
        names = snapshots.node_prop_names(shape.aggregate)
        planned.append((shape.label, ["uuid", "version:long"], names, ("node", shape.aggregate), bounds))
    for label, key in SHARED_LABELS.items():
        bounds = snapshots.shared_id_bounds(label) or (0, 0)
        planned.append((label, [key], [], ("shared", label), bounds))
    files, offset = [], 0
    for label, fixed, names, reader, bounds in sorted(planned, key=lambda plan: -plan[4][1]):
        source = CsvSource(label, directory / f"{label}.header.csv", [])
        files.append(_File(source, [":ID", *fixed], names, label, reader, bounds, offset=offset))
        offset += bounds[1]
    return files


def _link_files(directory: Path, ends: dict[str, _End]) -> list[_File]:
    """One file per owner label and link type: the two ends' node ids, then the properties.

    Node ids the importer takes as they are spare it a map of ids and a lookup in it for each end of every
    relationship, and the export the joins that fetched each end's uuid (decisions 0035 and 0051)."""
    files = []
    for shape in SHAPES:
        targets: dict[str, Label] = {link.type: link.target for link in shape.links}
        for index, link in enumerate(snapshots.SOURCES[shape.aggregate].links):
            stem = f"{shape.label}-{link.type}"
            source = CsvSource(link.type, directory / f"{stem}.header.csv", [])
            reader = ("link", shape.aggregate, str(index))
            names = snapshots.link_prop_names(link)
            bounds = snapshots.link_id_bounds(link)
            pair = (ends[shape.label], ends[targets[link.type]])
            files.append(
                _File(source, [":START_ID", ":END_ID"], names, f"{shape.label}.{link.type}", reader, bounds, ends=pair)
            )
    return files


def _parts(file: _File, count: int, batch_size: int) -> list[_Part]:
    """A file's parts: `count` ranges of its primary keys when it spans more than a batch, else one for them all."""
    stem = file.source.header.name.removesuffix(".header.csv")
    if file.bounds is None or file.bounds[1] - file.bounds[0] <= batch_size or count == 1:
        ranges: list[IdRange | None] = [file.bounds]
    else:
        low, high = file.bounds
        cuts = [low + (high - low) * index // count for index in range(count + 1)]
        ranges = list(itertools.pairwise(cuts))
    return [_Part(file, ids, file.source.header.with_name(f"{stem}.{number}.csv")) for number, ids in enumerate(ranges)]


def _write_files(
    files: list[_File], processes: int, batch_size: int, pool: Executor | None
) -> list[tuple[_File, list[_Written]]]:
    """Write every part of these files, side by side in the pool's processes, then each file's header; each file with
    what its parts received."""
    planned = [(file, _parts(file, processes, batch_size)) for file in files]
    parts = sorted((part for _, file_parts in planned for part in file_parts), key=lambda part: -part.size)
    results = (map if pool is None else pool.map)(_write_part, parts, [batch_size] * len(parts))
    written = dict(zip((part.path for part in parts), results, strict=True))
    done = []
    for file, file_parts in planned:
        columns = _Columns(file.names, file.where)
        outcomes = [written[part.path] for part in file_parts]
        for part, outcome in zip(file_parts, outcomes, strict=True):
            columns.merge(outcome.types)
            file.source.data.append(part.path)
            file.source.rows += outcome.rows
            file.source.multiline = file.source.multiline or outcome.multiline
        _write_header(file.source, file.fixed, columns)
        done.append((file, outcomes))
    return done


def _marked(outcomes: list[_Written], bounds: IdRange | None) -> bytes:
    """A byte per primary key up to the file's bounds: 1 for each key its parts wrote."""
    exported = bytearray(bounds[1] if bounds else 0)
    for outcome in outcomes:
        for key in outcome.keys or ():
            exported[key] = 1
    return bytes(exported)


def export_projection(directory: Path, *, batch_size: int = 20000, processes: int | None = None) -> Export:
    """Write every node and relationship of the projection into `directory` (which must exist), the larger tables
    in parts written side by side by `processes` processes (the setting LIAISON_GRAPH_EXPORT_PROCESSES by default).

    The other processes see only committed rows: call it outside a transaction."""
    processes = processes or settings.LIAISON_GRAPH_EXPORT_PROCESSES
    export = Export()
    started = time.perf_counter()
    with _pool(processes) as pool:
        nodes = _write_files(_node_files(directory), processes, batch_size, pool)
        export.nodes = [file.source for file, _ in nodes]
        # Each label as an end of the links: its shift, and the keys its file holds.
        ends = {file.source.name: _End(file.offset, _marked(outcomes, file.bounds)) for file, outcomes in nodes}
        export.node_seconds = time.perf_counter() - started
        started = time.perf_counter()
        links = _write_files(_link_files(directory, ends), processes, batch_size, pool)
        export.relationships = [file.source for file, _ in links]
        export.links_left_out = sum(outcome.left_out for _, outcomes in links for outcome in outcomes)
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
