"""What changed in the countries, topics, agencies and partners a user follows: the digest's items, from the change
log, with visibility applied (names of people only when the reader may see them, never contact details)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from directory.models import Agency, ChangeLog, Country, Coverage, Event, Organisation, Subscription, Topic
from directory.visibility import Viewer, visible_officers

Kind = Subscription.Kind
# Enough for a busy week of a country; a digest is a summary, not an export.
MAX_CHANGES = 5000
MAX_ITEMS_PER_SECTION = 50


def name_in(record: Any, language: str) -> str:
    """A record's name in the reader's language (Russian when known), else English."""
    if record is None:
        return ""
    russian, english = getattr(record, "name_ru", None), getattr(record, "name_en", None)
    if language == "ru" and russian:
        return str(russian)
    return str(english or record)


@dataclass(frozen=True)
class Item:
    """One change a reader is told about: what happened (`kind`) and the names to say it with."""

    kind: str  # officer_new, officer_moved, event_new, coverage_added, coverage_removed
    names: dict[str, str]
    path: str = ""
    key: tuple[str, str] = ("", "")
    # What it touches, to match subscriptions: country, agency, topic and partner ids.
    countries: frozenset[int] = frozenset()
    agencies: frozenset[int] = frozenset()
    topics: frozenset[int] = frozenset()
    partners: frozenset[int] = frozenset()


@dataclass
class Section:
    """The items of one subscription."""

    subscription: Subscription
    title: str
    items: list[Item] = field(default_factory=list)


def _subtree(topic_id: int, children: dict[int | None, list[int]]) -> set[int]:
    found, stack = set(), [topic_id]
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(children.get(current, []))
    return found


def _officer_items(rows: list[ChangeLog], reader: Viewer, language: str) -> list[Item]:
    uuids = {row.record_uuid for row in rows}
    officers = {
        o.uuid: o
        for o in visible_officers(reader)
        .filter(uuid__in=uuids)
        .select_related("agency__country")
        .prefetch_related("expertise")
    }
    agency_ids = {row.before.get("agency") for row in rows if row.before} | {o.agency_id for o in officers.values()}
    agencies = Agency.objects.select_related("country").in_bulk([a for a in agency_ids if a])
    items = []
    for row in rows:
        officer = officers.get(row.record_uuid)
        if officer is None:
            continue  # erased since, or not for this reader's eyes
        topics = frozenset(e.topic_id for e in officer.expertise.all())
        names = {
            "officer": f"{officer.name_native} ({officer.name_latin})",
            "agency": name_in(officer.agency, language),
        }
        names["country"] = name_in(officer.agency.country, language)
        path = f"/officers/{officer.uuid}/"
        if row.action == ChangeLog.Action.CREATE:
            items.append(
                Item(
                    "officer_new",
                    names,
                    path,
                    ("officer_new", str(officer.uuid)),
                    frozenset({officer.agency.country_id}),
                    frozenset({officer.agency_id}),
                    topics,
                )
            )
            continue
        before = (row.before or {}).get("agency")
        after = (row.after or {}).get("agency")
        if before and after and before != after and before in agencies:
            old = agencies[before]
            names["old_agency"] = name_in(old, language)
            items.append(
                Item(
                    "officer_moved",
                    names,
                    path,
                    ("officer_moved", str(row.pk)),
                    frozenset({officer.agency.country_id, old.country_id}),
                    frozenset({officer.agency_id, old.pk}),
                    topics,
                )
            )
    return items


def _event_items(rows: list[ChangeLog], language: str) -> list[Item]:
    events = Event.objects.filter(uuid__in={r.record_uuid for r in rows if r.action == ChangeLog.Action.CREATE})
    items = []
    for event in events.select_related("city__country").prefetch_related("topics", "organisers", "trainers"):
        names = {"event": event.short_title or event.title, "city": name_in(event.city, language)}
        names["date"] = event.starts_on.isoformat()
        partners = {o.pk for o in event.organisers.all()} | {o.pk for o in event.trainers.all()}
        items.append(
            Item(
                "event_new",
                names,
                f"/events/{event.uuid}/",
                ("event_new", str(event.uuid)),
                frozenset({event.city.country_id}),
                frozenset(),
                frozenset(t.pk for t in event.topics.all()),
                frozenset(partners),
            )
        )
    return items


def _coverage_items(rows: list[ChangeLog], language: str) -> list[Item]:
    snapshots = [(row, (row.after if row.action == ChangeLog.Action.CREATE else row.before) or {}) for row in rows]
    snapshots = [(row, s) for row, s in snapshots if row.action != ChangeLog.Action.UPDATE]
    present = set(
        Coverage.objects.filter(uuid__in={row.record_uuid for row, _ in snapshots}).values_list("uuid", flat=True)
    )
    partners = Organisation.objects.in_bulk({s.get("organisation") for _, s in snapshots} - {None})
    topics = Topic.objects.in_bulk({s.get("topic") for _, s in snapshots} - {None})

    countries = Country.objects.in_bulk({s.get("country") for _, s in snapshots} - {None})
    items = []
    for row, snapshot in snapshots:
        added = row.action == ChangeLog.Action.CREATE
        if added and row.record_uuid not in present:
            continue  # added and removed again within the period
        partner, topic = partners.get(snapshot.get("organisation")), topics.get(snapshot.get("topic"))
        country = countries.get(snapshot.get("country"))
        if partner is None or topic is None or country is None:
            continue
        names = {"partner": name_in(partner, language), "topic": name_in(topic, language)}
        names["country"] = name_in(country, language)
        kind = "coverage_added" if added else "coverage_removed"
        items.append(
            Item(
                kind,
                names,
                "/coverage/",
                (kind, str(row.pk)),
                frozenset({country.pk}),
                frozenset(),
                frozenset({topic.pk}),
                frozenset({partner.pk}),
            )
        )
    return items


def changes_since(since: datetime.datetime, until: datetime.datetime, reader: Viewer, language: str) -> list[Item]:
    """Every item of the change log between the two moments, as this reader may see it, oldest first."""
    rows = list(
        ChangeLog.objects.filter(
            at__gt=since,
            at__lte=until,
            aggregate__in=["officer", "event", "coverage"],
            action__in=["create", "update", "delete"],
        ).order_by("at", "pk")[:MAX_CHANGES]
    )
    by_aggregate: dict[str, list[ChangeLog]] = {}
    for row in rows:
        by_aggregate.setdefault(row.aggregate, []).append(row)
    return [
        *_officer_items(by_aggregate.get("officer", []), reader, language),
        *_event_items(by_aggregate.get("event", []), language),
        *_coverage_items(by_aggregate.get("coverage", []), language),
    ]


def _matches(subscription: Subscription, item: Item, topic_trees: dict[int, set[int]]) -> bool:
    if subscription.kind == Kind.COUNTRY:
        return subscription.country_id in item.countries
    if subscription.kind == Kind.AGENCY:
        return subscription.agency_id in item.agencies
    if subscription.kind == Kind.PARTNER:
        return subscription.organisation_id in item.partners
    return bool(topic_trees.get(subscription.topic_id or 0, set()) & item.topics)


def digest_sections(subscriptions: Iterable[Subscription], items: list[Item], language: str) -> list[Section]:
    """The items grouped under the subscriptions they concern; an item already told is not told twice."""
    children: dict[int | None, list[int]] = {}
    # A topic may sit under several broader ones: it belongs to each of their trees.
    for topic_id, broader_id in Topic.broader.through.objects.values_list("from_topic_id", "to_topic_id"):
        children.setdefault(broader_id, []).append(topic_id)
    subscriptions = list(subscriptions)
    trees = {s.topic_id: _subtree(s.topic_id, children) for s in subscriptions if s.topic_id}
    told: set[tuple[str, str]] = set()
    sections = []
    for subscription in subscriptions:
        section = Section(subscription, name_in(subscription.target, language))
        for item in items:
            if item.key not in told and _matches(subscription, item, trees):
                told.add(item.key)
                section.items.append(item)
        section.items = section.items[:MAX_ITEMS_PER_SECTION]
        sections.append(section)
    return sections
