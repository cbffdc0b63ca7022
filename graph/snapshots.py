"""What the graph should hold for each directory record: rows built from the database, in batches."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from uuid import UUID

from django.db.models import Model, Q, QuerySet

from directory import models as m
from graph.shapes import Aggregate

Row = dict[str, Any]
LinkItems = dict[int, list[dict[str, Any]]]


def _text(value: Any) -> Any:
    """Values as the graph stores them: dates and UUIDs as ISO strings, empty strings dropped."""
    if value is None or value == "":
        return None
    if isinstance(value, UUID):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _props(values: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    return {name: converted for name in names if (converted := _text(values[name])) is not None}


def _links(pairs: Iterable[dict[str, Any]], owner: str, to: str, props: Iterable[str] = ()) -> LinkItems:
    """Group link rows by owner id: {owner_id: [{to, props}]}, in a stable order."""
    grouped: LinkItems = defaultdict(list)
    names = tuple(props)
    for pair in pairs:
        if pair[to] is None:
            continue
        grouped[pair[owner]].append({"to": _text(pair[to]), "props": _props(pair, names)})
    for items in grouped.values():
        items.sort(key=lambda item: item["to"])
    return grouped


def _rows(values: Iterable[dict[str, Any]], props: Iterable[str], links: dict[str, LinkItems]) -> list[Row]:
    names = tuple(props)
    return [
        {
            "uuid": str(row["uuid"]),
            "version": row["version"],
            "props": _props(row, names),
            "links": {link_type: items.get(row["id"], []) for link_type, items in links.items()},
        }
        for row in values
    ]


NAMES = ("name_en", "name_ru", "name_local", "name_ascii")


def countries(ids: list[int]) -> list[Row]:
    """Countries with their borders."""
    values = m.Country.objects.filter(id__in=ids).values("id", "uuid", "version", "code", *NAMES)
    borders = m.Country.neighbours.through.objects.filter(from_country_id__in=ids).values(
        "from_country_id", "to_country__uuid"
    )
    return _rows(values, ("code", *NAMES), {"BORDERS": _links(borders, "from_country_id", "to_country__uuid")})


def cities(ids: list[int]) -> list[Row]:
    """Cities with their country."""
    values = m.City.objects.filter(id__in=ids).values("id", "uuid", "version", "country__uuid", *NAMES)
    return _rows(values, NAMES, {"IN_COUNTRY": _links(values, "id", "country__uuid")})


def topics(ids: list[int]) -> list[Row]:
    """Topics with their broader topic."""
    values = m.Topic.objects.filter(id__in=ids).values("id", "uuid", "version", "slug", "parent__uuid", *NAMES)
    return _rows(values, ("slug", *NAMES), {"SUBTOPIC_OF": _links(values, "id", "parent__uuid")})


def agencies(ids: list[int]) -> list[Row]:
    """Agencies with their country and city."""
    values = m.Agency.objects.filter(id__in=ids).values(
        "id", "uuid", "version", "kind", "country__uuid", "city__uuid", *NAMES
    )
    links = {"IN_COUNTRY": _links(values, "id", "country__uuid"), "IN_CITY": _links(values, "id", "city__uuid")}
    return _rows(values, ("kind", *NAMES), links)


def organisations(ids: list[int]) -> list[Row]:
    """Partner organisations with the country they are based in."""
    values = m.Organisation.objects.filter(id__in=ids).values(
        "id", "uuid", "version", "kind", "website", "country__uuid", *NAMES
    )
    return _rows(values, ("kind", "website", *NAMES), {"BASED_IN": _links(values, "id", "country__uuid")})


def programmes(ids: list[int]) -> list[Row]:
    """Programmes with their implementer and donors."""
    values = m.Programme.objects.filter(id__in=ids).values(
        "id", "uuid", "version", "name", "component", "started_on", "implementer__uuid"
    )
    donors = m.Programme.donors.through.objects.filter(programme_id__in=ids).values(
        "programme_id", "organisation__uuid"
    )
    links = {
        "IMPLEMENTED_BY": _links(values, "id", "implementer__uuid"),
        "FUNDED_BY": _links(donors, "programme_id", "organisation__uuid"),
    }
    return _rows(values, ("name", "component", "started_on"), links)


def events(ids: list[int]) -> list[Row]:
    """Events with their programme, city, topics, organisers and trainers."""
    values = m.Event.objects.filter(id__in=ids).values(
        "id", "uuid", "version", "title", "short_title", "starts_on", "ends_on", "programme__uuid", "city__uuid"
    )

    def through(relation: Any, target: str) -> LinkItems:
        rows = relation.through.objects.filter(event_id__in=ids).values("event_id", f"{target}__uuid")
        return _links(rows, "event_id", f"{target}__uuid")

    links = {
        "PART_OF": _links(values, "id", "programme__uuid"),
        "HELD_IN": _links(values, "id", "city__uuid"),
        "ABOUT": through(m.Event.topics, "topic"),
        "ORGANISED_BY": through(m.Event.organisers, "organisation"),
        "TRAINED_BY": through(m.Event.trainers, "organisation"),
    }
    return _rows(values, ("title", "short_title", "starts_on", "ends_on"), links)


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


def officers(ids: list[int]) -> list[Row]:
    """Officers with their agency, languages, expertise, events attended and acquaintances."""
    values = m.Officer.objects.filter(id__in=ids).values("id", "uuid", "version", "agency__uuid", *OFFICER_PROPS)
    languages = m.Officer.languages.through.objects.filter(officer_id__in=ids).values("officer_id", "language__code")
    expertise = m.Expertise.objects.filter(officer_id__in=ids).values("officer_id", "topic__uuid", "level")
    attended = m.Participation.objects.filter(officer_id__in=ids).values("officer_id", "event__uuid", "role", "rating")
    known = m.Acquaintance.objects.filter(Q(officer_a_id__in=ids) | Q(officer_b_id__in=ids)).values(
        "officer_a_id", "officer_b_id", "officer_a__uuid", "officer_b__uuid", "source", "event__uuid"
    )
    # Each acquaintance is one row but a link of both officers.
    both_ways = []
    for pair in known:
        link_props = {"source": pair["source"], "event": pair["event__uuid"]}
        both_ways.append({"owner": pair["officer_a_id"], "to": pair["officer_b__uuid"], **link_props})
        both_ways.append({"owner": pair["officer_b_id"], "to": pair["officer_a__uuid"], **link_props})
    links = {
        "WORKS_AT": _links(values, "id", "agency__uuid"),
        "SPEAKS": _links(languages, "officer_id", "language__code"),
        "EXPERT_IN": _links(expertise, "officer_id", "topic__uuid", ("level",)),
        "ATTENDED": _links(attended, "officer_id", "event__uuid", ("role", "rating")),
        "KNOWS": _links(both_ways, "owner", "to", ("source", "event")),
    }
    rows = _rows(values, OFFICER_PROPS, links)
    for row, raw in zip(rows, values, strict=True):
        row["props"]["verified"] = raw["verified_at"] is not None
    return rows


def coverage(ids: list[int]) -> list[Row]:
    """Coverage records with their organisation, country and topic."""
    values = m.Coverage.objects.filter(id__in=ids).values(
        "id", "uuid", "version", "note", "organisation__uuid", "country__uuid", "topic__uuid"
    )
    links = {
        "BY": _links(values, "id", "organisation__uuid"),
        "FOR_COUNTRY": _links(values, "id", "country__uuid"),
        "ON_TOPIC": _links(values, "id", "topic__uuid"),
    }
    return _rows(values, ("note",), links)


# Per aggregate: its model and the function that builds its rows from primary keys.
BUILDERS: dict[str, tuple[type[Model], Callable[[list[int]], list[Row]]]] = {
    Aggregate.COUNTRY: (m.Country, countries),
    Aggregate.CITY: (m.City, cities),
    Aggregate.TOPIC: (m.Topic, topics),
    Aggregate.AGENCY: (m.Agency, agencies),
    Aggregate.ORGANISATION: (m.Organisation, organisations),
    Aggregate.PROGRAMME: (m.Programme, programmes),
    Aggregate.EVENT: (m.Event, events),
    Aggregate.OFFICER: (m.Officer, officers),
    Aggregate.COVERAGE: (m.Coverage, coverage),
}


def rows_for_uuids(aggregate: str, uuids: Iterable[UUID | str]) -> tuple[list[Row], set[str]]:
    """Current rows of the records with these uuids, and the uuids no longer in the database."""
    model, build = BUILDERS[aggregate]
    wanted = {str(uuid) for uuid in uuids}
    found = dict(model.objects.filter(uuid__in=wanted).values_list("uuid", "id"))
    rows = build(list(found.values())) if found else []
    return rows, wanted - {str(uuid) for uuid in found}


def all_rows(aggregate: str, batch_size: int) -> Iterator[list[Row]]:
    """Every record of an aggregate, as rows, a batch at a time (ordered by id)."""
    model, build = BUILDERS[aggregate]
    ids: QuerySet[Any] = model.objects.order_by("id").values_list("id", flat=True)
    batch: list[int] = []
    for record_id in ids.iterator(chunk_size=batch_size):
        batch.append(record_id)
        if len(batch) == batch_size:
            yield build(batch)
            batch = []
    if batch:
        yield build(batch)
