"""What the graph should hold for each directory record, read from the database.

Each aggregate is described once: its node's properties and, per owned link type, the rows that link it.
The projector reads them for a few records; a rebuild streams them whole, link table by link table.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db import connections
from django.db.models import F, Max, Min, Model, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from directory import models as m
from graph.shapes import COUNTERPART_KEY_LAST, COUNTERPART_KEY_SEPARATOR, Aggregate, CounterpartKey, Label, Rel

Row = dict[str, Any]
# A half-open range of primary keys, [low, high): the share of a table one of the export's processes writes.
IdRange = tuple[int, int]


def _text(value: Any) -> Any:
    """Values as the graph stores them: dates and UUIDs as ISO strings, empty strings dropped."""
    if value is None or value == "":
        return None
    if isinstance(value, UUID):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def props_of(values: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """The named values that are not empty, converted for the graph."""
    return {name: converted for name in names if (converted := _text(values[name])) is not None}


@dataclass(frozen=True)
class LinkSource:
    """Where one owned link type comes from: a values() query with the owner's id and uuid and the target key.

    For an undirected link the query has one row per pair, and `other_*` name the pair's second end.
    """

    type: str
    rows: Callable[[], QuerySet[Any]]
    owner_id: str
    owner_uuid: str
    target: str
    props: tuple[str, ...] = ()
    other_id: str | None = None
    other_uuid: str | None = None
    # Rows that list a pair in both directions: the condition that keeps one of each, for a rebuild.
    once: Q | None = None
    # Properties computed from the row (`reads` names the fields read only for them).
    computed: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    reads: tuple[str, ...] = ()
    computed_names: tuple[str, ...] = ()  # the names `computed` gives, for a file's columns (the offline rebuild)

    @property
    def target_id(self) -> str:
        """The row's own column holding the target's primary key (`topic__uuid`: `topic_id`)."""
        return self.target.rsplit("__", 1)[0] + "_id"

    def ends(self, *, by_id: bool) -> tuple[str, str]:
        """The fields naming the link's two ends: the records' primary keys, or the keys the graph knows them by."""
        return (self.owner_id, self.target_id) if by_id else (self.owner_uuid, self.target)

    def for_owners(self, ids: list[int]) -> QuerySet[Any]:
        """The rows of these owners (either end, for an undirected link)."""
        condition = Q(**{f"{self.owner_id}__in": ids})
        if self.other_id:
            condition |= Q(**{f"{self.other_id}__in": ids})
        return self.rows().filter(condition)


@dataclass(frozen=True)
class NodeSource:
    """Where an aggregate's nodes come from: its model, the properties it projects, and its link sources."""

    model: type[Model]
    props: tuple[str, ...]
    links: tuple[LinkSource, ...] = ()
    # Properties computed from the fields a column at a time ({field: values} to {property: values}): the offline
    # export computes a batch of thousands of records in one call, a projection one record.
    computed: Callable[[dict[str, Sequence[Any]]], dict[str, Sequence[Any]]] | None = None
    # Fields read only to compute properties from.
    reads: tuple[str, ...] = ()
    computed_names: tuple[str, ...] = ()  # the names `computed` gives, for a file's columns (the offline rebuild)

    def node_rows(self, queryset: QuerySet[Any]) -> list[Row]:
        """Node rows (uuid, version, props) of the records in `queryset`."""
        fields = ("id", "uuid", "version", *self.props, *self.reads)
        return [{"id": values["id"], **self.row(values)} for values in queryset.values(*fields)]

    def row(self, values: dict[str, Any]) -> Row:
        """One node row (uuid, version, props) from a record's values."""
        props = props_of(values, self.props)
        if self.computed:
            computed = self.computed({name: (value,) for name, value in values.items()})
            props.update({name: column[0] for name, column in computed.items()})
        return {"uuid": str(values["uuid"]), "version": values["version"], "props": props}


COUNTERPART_KEY_READS = (
    "officer__uuid",
    "officer__name_latin",
    "officer__verified_at",
    "officer__last_confirmed_at",
    "officer__agency__country__code",
)


def counterpart_keys(values: dict[str, Any]) -> dict[str, Any]:
    """An expertise's two sort keys, by which the counterpart question reads the best candidates first."""
    # The officer's country, verification, name and confirmation are copied onto each of their expertise links: the
    # officer's links are replaced whenever the officer is projected, so the copies change with the officer.
    expertise_class = COUNTERPART_KEY_SEPARATOR.join(
        (
            str(values["topic__uuid"]),
            values["officer__agency__country__code"] or "",
            str(values["level"]),
            "0" if values["officer__verified_at"] is None else "1",
            "",
        )
    )
    # A name-less officer sorts last, as Cypher's ORDER BY puts a missing name.
    name = values["officer__name_latin"] or COUNTERPART_KEY_LAST
    return {
        CounterpartKey.BY_NAME: f"{expertise_class}{name}{COUNTERPART_KEY_SEPARATOR}{values['officer__uuid']}",
        CounterpartKey.BY_CONFIRMATION: expertise_class + (_text(values["officer__last_confirmed_at"]) or ""),
    }


def _through(model: type[Model], field: str) -> Callable[[], QuerySet[Any]]:
    through = getattr(model, field).through
    return lambda: through.objects.all()


NAMES = ("name_en", "name_ru", "name_local", "name_ascii")
OFFICER_PROPS = (
    "name_native",
    "name_latin",
    "name_ascii",
    "position",
    "rank",
    "is_demo",
    "verified_at",
    "last_confirmed_at",
)

SOURCES: dict[str, NodeSource] = {
    Aggregate.COUNTRY: NodeSource(
        m.Country,
        ("code", *NAMES),
        (
            LinkSource(
                Rel.BORDERS,
                _through(m.Country, "neighbours"),
                "from_country_id",
                "from_country__uuid",
                "to_country__uuid",
                once=Q(from_country_id__lt=F("to_country_id")),
            ),
        ),
    ),
    Aggregate.CITY: NodeSource(
        m.City, NAMES, (LinkSource(Rel.IN_COUNTRY, m.City.objects.all, "id", "uuid", "country__uuid"),)
    ),
    Aggregate.TOPIC: NodeSource(
        m.Topic,
        ("slug", *NAMES),
        (
            LinkSource(
                Rel.SUBTOPIC_OF, _through(m.Topic, "broader"), "from_topic_id", "from_topic__uuid", "to_topic__uuid"
            ),
        ),
    ),
    Aggregate.AGENCY: NodeSource(
        m.Agency,
        ("kind", *NAMES),
        (
            LinkSource(Rel.IN_COUNTRY, m.Agency.objects.all, "id", "uuid", "country__uuid"),
            LinkSource(Rel.IN_CITY, m.Agency.objects.all, "id", "uuid", "city__uuid"),
        ),
    ),
    Aggregate.ORGANISATION: NodeSource(
        m.Organisation,
        ("kind", "website", "acronym", "other_names", *NAMES),
        (LinkSource(Rel.BASED_IN, m.Organisation.objects.all, "id", "uuid", "country__uuid"),),
    ),
    Aggregate.PROGRAMME: NodeSource(
        m.Programme,
        ("name", "name_ru", "component", "started_on", "started_in"),
        (
            LinkSource(Rel.IMPLEMENTED_BY, m.Programme.objects.all, "id", "uuid", "implementer__uuid"),
            LinkSource(
                Rel.FUNDED_BY, _through(m.Programme, "donors"), "programme_id", "programme__uuid", "organisation__uuid"
            ),
        ),
    ),
    Aggregate.EVENT: NodeSource(
        m.Event,
        ("title", "short_title", "title_ru", "short_title_ru", "starts_on", "ends_on"),
        (
            LinkSource(Rel.PART_OF, m.Event.objects.all, "id", "uuid", "programme__uuid"),
            LinkSource(Rel.HELD_IN, m.Event.objects.all, "id", "uuid", "city__uuid"),
            LinkSource(Rel.ABOUT, _through(m.Event, "topics"), "event_id", "event__uuid", "topic__uuid"),
            LinkSource(
                Rel.ORGANISED_BY, _through(m.Event, "organisers"), "event_id", "event__uuid", "organisation__uuid"
            ),
            LinkSource(Rel.TRAINED_BY, _through(m.Event, "trainers"), "event_id", "event__uuid", "organisation__uuid"),
        ),
    ),
    Aggregate.OFFICER: NodeSource(
        m.Officer,
        OFFICER_PROPS,
        (
            LinkSource(Rel.WORKS_AT, m.Officer.objects.all, "id", "uuid", "agency__uuid"),
            LinkSource(Rel.SPEAKS, _through(m.Officer, "languages"), "officer_id", "officer__uuid", "language__code"),
            LinkSource(
                Rel.EXPERT_IN,
                m.Expertise.objects.all,
                "officer_id",
                "officer__uuid",
                "topic__uuid",
                ("level",),
                computed=counterpart_keys,
                reads=COUNTERPART_KEY_READS,
                computed_names=(CounterpartKey.BY_NAME, CounterpartKey.BY_CONFIRMATION),
            ),
            LinkSource(
                Rel.ATTENDED,
                m.Participation.objects.all,
                "officer_id",
                "officer__uuid",
                "event__uuid",
                ("role", "rating"),
            ),
            LinkSource(
                Rel.KNOWS,
                m.Acquaintance.objects.all,
                "officer_a_id",
                "officer_a__uuid",
                "officer_b__uuid",
                ("source", "event__uuid"),
                other_id="officer_b_id",
                other_uuid="officer_a__uuid",
            ),
        ),
        # The country is kept on the officer too: the counterpart question filters thousands of officers by it.
        computed=lambda columns: {
            "verified": [moment is not None for moment in columns["verified_at"]],
            "country": columns["agency__country__code"],
        },
        reads=("agency__country__code",),
        computed_names=("verified", "country"),
    ),
    Aggregate.COVERAGE: NodeSource(
        m.Coverage,
        ("note", "excluded"),
        (
            LinkSource(Rel.BY, m.Coverage.objects.all, "id", "uuid", "organisation__uuid"),
            LinkSource(Rel.FOR_COUNTRY, m.Coverage.objects.all, "id", "uuid", "country__uuid"),
            LinkSource(Rel.ON_TOPIC, m.Coverage.objects.all, "id", "uuid", "topic__uuid"),
        ),
    ),
}


def link_props(source: LinkSource, values: dict[str, Any]) -> dict[str, Any]:
    """A link's properties (an `x__uuid` field is stored under the name `x`), the computed ones included."""
    props = {name.removesuffix("__uuid"): v for name in source.props if (v := _text(values[name])) is not None}
    if source.computed:
        props.update(source.computed(values))
    return props


def _link_items(source: LinkSource, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each owner's links of one type, both ends of an undirected link included, in a stable order."""
    fields = [source.owner_id, source.target, *source.props, *source.reads]
    if source.other_id and source.other_uuid:
        fields += [source.other_id, source.other_uuid]
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for values in source.for_owners(ids).values(*fields):
        item_props = link_props(source, values)
        if values[source.target] is not None:
            grouped[values[source.owner_id]].append({"to": _text(values[source.target]), "props": item_props})
        if source.other_id and source.other_uuid:
            grouped[values[source.other_id]].append({"to": _text(values[source.other_uuid]), "props": item_props})
    for items in grouped.values():
        items.sort(key=lambda item: item["to"])
    return grouped


def rows_for_ids(aggregate: str, ids: list[int]) -> list[Row]:
    """Full rows (node and owned links) of these records."""
    source = SOURCES[aggregate]
    rows = source.node_rows(source.model._default_manager.filter(id__in=ids))
    links = {link.type: _link_items(link, ids) for link in source.links}
    for row in rows:
        row["links"] = {link_type: items.get(row["id"], []) for link_type, items in links.items()}
        del row["id"]
    return rows


def rows_for_uuids(aggregate: str, uuids: Iterable[UUID | str]) -> tuple[list[Row], set[str]]:
    """Current rows of the records with these uuids, and the uuids no longer in the database."""
    model = SOURCES[aggregate].model
    wanted = {str(uuid) for uuid in uuids}
    found = dict(model._default_manager.filter(uuid__in=wanted).values_list("uuid", "id"))
    rows = rows_for_ids(aggregate, list(found.values())) if found else []
    return rows, wanted - {str(uuid) for uuid in found}


def first_rows(aggregate: str) -> list[Row]:
    """The full row of the aggregate's first record (by id), or none when it has no record."""
    ids = list(SOURCES[aggregate].model._default_manager.order_by("id").values_list("id", flat=True)[:1])
    return rows_for_ids(aggregate, ids) if ids else []


def all_rows(aggregate: str, batch_size: int) -> Iterator[list[Row]]:
    """Every record of an aggregate as full rows, a batch at a time (ordered by id)."""
    ids = SOURCES[aggregate].model._default_manager.order_by("id").values_list("id", flat=True)
    batch: list[int] = []
    for record_id in ids.iterator(chunk_size=batch_size):
        batch.append(record_id)
        if len(batch) == batch_size:
            yield rows_for_ids(aggregate, batch)
            batch = []
    if batch:
        yield rows_for_ids(aggregate, batch)


def all_node_rows(
    aggregate: str, batch_size: int, *, with_id: bool = False, ids: IdRange | None = None
) -> Iterator[list[Row]]:
    """Every node of an aggregate (no links), a batch at a time; `with_id` keeps each record's primary key, `ids`
    keeps only the records whose keys fall in that range."""
    source = SOURCES[aggregate]
    records = _within(source.model._default_manager.all(), ids)
    fields = ["id", "uuid", "version", *source.props, *source.reads]
    raw = _raw_batches(records.order_by("id"), fields, batch_size)
    if raw is not None:
        # The rows node_rows makes, from values read straight from the cursor.
        for batch in raw:
            yield [_node_row(source, dict(zip(fields, row, strict=True)), with_id) for row in batch]
        return
    last_id = 0
    while True:
        rows = source.node_rows(records.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not rows:
            return
        last_id = rows[-1]["id"]
        if not with_id:
            for row in rows:
                del row["id"]
        yield rows


def _node_row(source: NodeSource, values: dict[str, Any], with_id: bool) -> Row:
    return {"id": values["id"], **source.row(values)} if with_id else source.row(values)


def node_prop_names(aggregate: str) -> list[str]:
    """An aggregate's node property names, in the order of all_node_columns: the stored ones, then the computed."""
    source = SOURCES[aggregate]
    return [*source.props, *source.computed_names]


def all_node_columns(aggregate: str, batch_size: int, ids: IdRange | None = None) -> Iterator[list[Sequence[Any]]]:
    """Every node of an aggregate (or those whose keys fall in `ids`), a batch at a time as one sequence per column:
    primary key, uuid, version, then the props in node_prop_names order (None when empty). The offline export's
    nodes, read, converted and computed without a call, a tuple or a dict per record."""
    source = SOURCES[aggregate]
    fields = ["id", "uuid", "version", *source.props, *source.reads]
    raw = _raw_columns(_within(source.model._default_manager.all(), ids).order_by("id"), fields, batch_size)
    if raw is None:
        prop_names = node_prop_names(aggregate)
        for node_rows in all_node_rows(aggregate, batch_size, with_id=True, ids=ids):
            rows = [(row["id"], row["uuid"], row["version"], *map(row["props"].get, prop_names)) for row in node_rows]
            yield list(zip(*rows, strict=True))
        return
    stored = 3 + len(source.props)
    declared = set(source.computed_names)
    for columns in raw:
        if source.computed is None:
            yield columns[:stored]
            continue
        computed = source.computed(dict(zip(fields, columns, strict=True)))
        if computed.keys() != declared:
            raise ValueError(f"{aggregate}: computes {sorted(computed)}, but declares {sorted(declared)}")
        yield [*columns[:stored], *(computed[name] for name in source.computed_names)]


def _uuid_texts(column: Sequence[Any]) -> list[str | None]:
    """UUIDs as the database hands them over (SQLite: 32 hex digits; PostgreSQL: a UUID) in their canonical text."""
    # Spelled out in the comprehension itself: a call per value took as long as the rest.
    return [
        f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
        if type(value) is str and len(value) == 32
        else None
        if value is None
        else str(value)
        for value in column
    ]


def _as_is(column: Sequence[Any]) -> Sequence[Any]:
    return column


def _non_empty(column: Sequence[str | None]) -> list[str | None]:
    return [None if value == "" else value for value in column]


def _flags(column: Sequence[Any]) -> list[bool | None]:
    """Booleans (SQLite hands over 0 or 1)."""
    return [None if value is None else bool(value) for value in column]


def _day_texts(column: Sequence[Any]) -> list[str | None]:
    """Dates as ISO text (SQLite hands over the text itself)."""
    return [value if value is None or isinstance(value, str) else value.isoformat() for value in column]


def _moment_texts(column: Sequence[Any]) -> list[str | None]:
    return [None if value is None else _moment_text(value) for value in column]


def _moment_text(value: Any) -> str:
    """A moment as ISO text, converted as Django converts it (UTC when the database gives it no zone)."""
    moment = value if isinstance(value, datetime.datetime) else parse_datetime(value)
    if moment is None:
        raise ValueError(f"not a moment: {value!r}")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return moment.isoformat()


# How the values of a column read straight from the database cursor become the graph's values, by the field's type.
# Other types go through Django's own conversion.
_RAW_READERS: dict[str, Callable[[Sequence[Any]], Sequence[Any]]] = {
    "UUIDField": _uuid_texts,
    "CharField": _non_empty,
    "TextField": _non_empty,
    "SlugField": _non_empty,
    "IntegerField": _as_is,
    "SmallIntegerField": _as_is,
    "PositiveIntegerField": _as_is,
    "PositiveSmallIntegerField": _as_is,
    "BigIntegerField": _as_is,
    "PositiveBigIntegerField": _as_is,
    "AutoField": _as_is,
    "BigAutoField": _as_is,
    # A foreign key read by its own column (`topic_id`): the target's primary key.
    "ForeignKey": _as_is,
    "BooleanField": _flags,
    "DateField": _day_texts,
    "DateTimeField": _moment_texts,
}


def _field_at(model: type[Model], path: str) -> Any:
    """The model field a values() path such as `officer__uuid` ends at."""
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model  # type: ignore[assignment]
    return model._meta.get_field(name)


def link_prop_names(source: LinkSource) -> list[str]:
    """A link type's property names, in the order of all_link_rows: the stored ones, then the computed ones."""
    return [name.removesuffix("__uuid") for name in source.props] + [str(name) for name in source.computed_names]


def _link_rows(source: LinkSource, ends: tuple[str, str], ids: IdRange | None = None) -> QuerySet[Any]:
    """The rows of one link type that link something, each undirected pair once (of those whose keys fall in `ids`)."""
    rows = _within(source.rows(), ids).exclude(**{f"{ends[1]}__isnull": True})
    return rows if source.once is None else rows.filter(source.once)


def _within(rows: QuerySet[Any], ids: IdRange | None) -> QuerySet[Any]:
    """The rows whose primary keys fall in `ids` (all of them when None)."""
    return rows if ids is None else rows.filter(pk__gte=ids[0], pk__lt=ids[1])


def node_id_bounds(aggregate: str) -> IdRange | None:
    """The lowest primary key of an aggregate's records and one past the highest; None when there is none."""
    return _bounds(SOURCES[aggregate].model._default_manager.all())


def link_id_bounds(source: LinkSource) -> IdRange | None:
    """The same bounds for the rows of one link type that link something."""
    return _bounds(_link_rows(source, source.ends(by_id=True)))


def _bounds(rows: QuerySet[Any]) -> IdRange | None:
    found = rows.aggregate(low=Min("pk"), high=Max("pk"))
    return None if found["low"] is None else (found["low"], found["high"] + 1)


def all_link_columns(source: LinkSource, batch_size: int, ids: IdRange | None = None) -> Iterator[list[Sequence[Any]]]:
    """The links of all_link_rows with the ends by primary key (of the rows whose keys fall in `ids`), a batch at a
    time as one sequence per column: the offline export's links."""
    ends = source.ends(by_id=True)
    if source.computed is None:
        raw = _raw_columns(_link_rows(source, ends, ids), [*ends, *source.props], batch_size)
        if raw is not None:
            yield from raw
            return
    for rows in all_link_rows(source, batch_size, by_id=True, ids=ids):
        yield list(zip(*rows, strict=True))


def all_link_rows(
    source: LinkSource, batch_size: int, *, by_id: bool = False, ids: IdRange | None = None
) -> Iterator[list[tuple[Any, ...]]]:
    """Every link of one type as (from, to, *props in link_prop_names order), each undirected pair once, in batches;
    the ends by the graph's keys, or with `by_id` by the records' primary keys; with `ids`, only the rows whose keys
    fall in that range."""
    ends = source.ends(by_id=by_id)
    rows = _link_rows(source, ends, ids)
    if source.computed is not None:
        fields = _computed_fields(source, ends)
        raw = _raw_batches(rows, fields, batch_size)
        if raw is None:
            names = link_prop_names(source)
            for pairs in _link_pairs_by_values(rows, source, ends, batch_size):
                yield [(pair["from"], pair["to"], *(pair["props"].get(name) for name in names)) for pair in pairs]
            return
        names = link_prop_names(source)
        for batch in raw:
            yield [_computed_link_row(source, ends, names, dict(zip(fields, row, strict=True))) for row in batch]
        return
    fields = [*ends, *source.props]
    raw = _raw_batches(rows, fields, batch_size)
    if raw is not None:
        yield from raw
        return
    batch = []
    for values in rows.values_list(*fields).iterator(chunk_size=batch_size):
        batch.append(tuple(_text(value) for value in values))
        if len(batch) == batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def _computed_fields(source: LinkSource, ends: tuple[str, str]) -> list[str]:
    """The fields read for a link with computed properties: its ends, its own, and what the computation reads (the
    ends' graph keys among them, whichever ends the rows name)."""
    return list(dict.fromkeys([*ends, *source.props, *source.reads, source.owner_uuid, source.target]))


def _computed_link_row(
    source: LinkSource, ends: tuple[str, str], names: list[str], values: dict[str, Any]
) -> tuple[Any, ...]:
    """One link as (from, to, *props named `names`), its computed properties included, from values converted."""
    props = link_props(source, values)
    return (values[ends[0]], values[ends[1]], *(props.get(name) for name in names))


def _raw_batches(rows: QuerySet[Any], fields: list[str], batch_size: int) -> Iterator[list[tuple[Any, ...]]] | None:
    """The fields of these rows read straight from the cursor and converted as the graph stores them, in batches;
    None when some field's type has no such conversion (the caller goes through Django's own)."""
    columns = _raw_columns(rows, fields, batch_size)
    return None if columns is None else (list(zip(*batch, strict=True)) for batch in columns)


def _raw_columns(rows: QuerySet[Any], fields: list[str], batch_size: int) -> Iterator[list[Sequence[Any]]] | None:
    """As _raw_batches, each batch as one sequence of values per field."""
    found = [_RAW_READERS.get(_field_at(rows.model, name).get_internal_type()) for name in fields]
    readers = [reader for reader in found if reader is not None]
    if len(readers) < len(fields):
        return None
    # Hundreds of thousands of rows: Django's per-value conversion (a UUID object for each id) would cost more
    # than reading them.
    sql, parameters = rows.values_list(*fields).query.sql_with_params()

    def batches() -> Iterator[list[Sequence[Any]]]:
        with connections[rows.db].cursor() as cursor:
            cursor.execute(sql, parameters)
            while fetched := cursor.fetchmany(batch_size):
                # Column by column: a value the graph keeps as it is read costs no call at all.
                columns = zip(readers, zip(*fetched, strict=True), strict=True)
                yield [column if read is _as_is else read(column) for read, column in columns]

    return batches()


def _link_pairs_by_values(
    rows: QuerySet[Any], source: LinkSource, ends: tuple[str, str], batch_size: int
) -> Iterator[list[dict[str, Any]]]:
    """These link rows as {from, to, props}, each row read as a dict, the computed properties included."""
    fields = _computed_fields(source, ends)
    batch: list[dict[str, Any]] = []
    for values in rows.values(*fields).iterator(chunk_size=batch_size):
        pair = {"from": _text(values[ends[0]]), "to": _text(values[ends[1]])}
        batch.append({**pair, "props": link_props(source, values)})
        if len(batch) == batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def all_link_pairs(source: LinkSource, batch_size: int) -> Iterator[list[dict[str, Any]]]:
    """Every link of one type as {from, to, props}, each undirected pair once, a batch at a time."""
    # The same rows the offline export writes, computed properties included (none of which is ever empty).
    names = link_prop_names(source)
    for rows in all_link_rows(source, batch_size):
        yield [
            {
                "from": row[0],
                "to": row[1],
                "props": {name: value for name, value in zip(names, row[2:], strict=True) if value is not None},
            }
            for row in rows
        ]


def spoken_language_codes() -> list[str]:
    """The codes of the languages some officer speaks: the shared Language nodes a rebuild makes."""
    return [code for _, code in spoken_languages()]


def shared_id_bounds(label: str) -> IdRange | None:
    """The bounds of the primary keys of the records a shared label's nodes stand for (the languages')."""
    return _bounds(m.Language.objects.all()) if label == Label.LANGUAGE else None


def spoken_languages() -> list[tuple[int, str]]:
    """The languages some officer speaks, each as its primary key and its code."""
    return list(m.Language.objects.filter(officers__isnull=False).values_list("id", "code").distinct().order_by("id"))
