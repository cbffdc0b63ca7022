"""Which countries and topics a changed record belongs to, for the endpoints' filters (one query per kind)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from directory import models as m
from directory.models.outbox import OutboxEvent

Aggregate = OutboxEvent.Aggregate
Scope = tuple[list[str], list[str]]


def scopes(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Scope]:
    """(country codes, topic slugs) by (aggregate, uuid); a deleted record is absent."""
    by_aggregate: dict[str, set[str]] = defaultdict(set)
    for aggregate, uuid in pairs:
        by_aggregate[aggregate].add(uuid)
    found: dict[tuple[str, str], Scope] = {}
    for aggregate, uuids in by_aggregate.items():
        for uuid, countries, topics in _scope_rows(aggregate, uuids):
            found[(aggregate, uuid)] = (sorted(set(countries)), sorted(set(topics)))
    return found


def _scope_rows(aggregate: str, uuids: set[str]) -> list[tuple[str, list[str], list[str]]]:
    if aggregate == Aggregate.OFFICER:
        officers = m.Officer.objects.filter(uuid__in=uuids).select_related("agency__country")
        topics: dict[int, list[str]] = defaultdict(list)
        for officer_id, slug in m.Expertise.objects.filter(officer__uuid__in=uuids).values_list(
            "officer_id", "topic__slug"
        ):
            topics[officer_id].append(slug)
        return [(str(o.uuid), [o.agency.country.code], topics[o.pk]) for o in officers]
    if aggregate == Aggregate.EVENT:
        events = m.Event.objects.filter(uuid__in=uuids).select_related("city__country").prefetch_related("topics")
        return [(str(e.uuid), [e.city.country.code], [t.slug for t in e.topics.all()]) for e in events]
    if aggregate == Aggregate.COVERAGE:
        rows = m.Coverage.objects.filter(uuid__in=uuids).values_list("uuid", "country__code", "topic__slug")
        return [(str(uuid), [code], [slug]) for uuid, code, slug in rows]
    if aggregate == Aggregate.COUNTRY:
        return [
            (str(uuid), [code], [])
            for uuid, code in m.Country.objects.filter(uuid__in=uuids).values_list("uuid", "code")
        ]
    if aggregate == Aggregate.TOPIC:
        return [
            (str(uuid), [], [slug]) for uuid, slug in m.Topic.objects.filter(uuid__in=uuids).values_list("uuid", "slug")
        ]
    models: dict[str, type[m.Agency | m.City | m.Organisation]] = {
        Aggregate.AGENCY: m.Agency,
        Aggregate.CITY: m.City,
        Aggregate.ORGANISATION: m.Organisation,
    }
    model = models.get(aggregate)
    if model is None:
        # A programme belongs to no single country or topic: found, with an empty scope.
        return [
            (str(uuid), [], []) for uuid in m.Programme.objects.filter(uuid__in=uuids).values_list("uuid", flat=True)
        ]
    placed = model._default_manager.filter(uuid__in=uuids).values_list("uuid", "country__code")
    return [(str(uuid), [code] if code else [], []) for uuid, code in placed]
