"""The places, topics and partners the generator builds on: the demo's, added with seeded uuids where missing."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass

from directory.demo.institutions import ORGANISATIONS
from directory.demo.places import CITIES, COUNTRIES, LAND_BORDERS, LANGUAGES, NEIGHBOUR_CITIES, place_names
from directory.demo.topics import TOPICS, topic_names
from directory.models import City, Country, Language, Organisation, Programme, Topic
from directory.services.bulk import add_links, add_links_to_existing, create_records
from directory.services.geography import ensure_language
from directory.services.publishing import Aggregate


@dataclass(frozen=True)
class Reference:
    """What generated records point at, in a stable order."""

    countries: dict[str, Country]
    cities_by_country: dict[str, list[City]]
    topics: list[Topic]
    language_ids: dict[str, int]
    organisations: list[Organisation]
    programmes: list[Programme]
    created: int


def seeded_rng(seed: int, part: str) -> random.Random:
    """A random stream for one part of the output, so each part stays the same whatever the others do."""
    return random.Random(f"{seed}:{part}")  # noqa: S311 (reproducible on purpose; nothing secret is drawn)


def seeded_uuid(rng: random.Random) -> uuid.UUID:
    """A version-4 UUID drawn from the seeded stream."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def ensure_reference_data(rng: random.Random) -> Reference:
    """Add whichever languages, countries, borders, cities, topics and partners are missing; return them all."""
    known = set(Language.objects.values_list("code", flat=True))
    for entry in LANGUAGES:
        if entry.code not in known:
            ensure_language(
                code=entry.code,
                name_en=entry.name_en,
                name_ru=entry.name_ru,
                name_kk=entry.name_kk,
                name_uz=entry.name_uz,
            )
    created = _ensure_countries(rng) + _ensure_cities(rng) + _ensure_topics(rng) + _ensure_organisations(rng)
    cities_by_country: dict[str, list[City]] = {}
    for city in City.objects.select_related("country").order_by("country__code", "name_en"):
        cities_by_country.setdefault(city.country.code, []).append(city)
    return Reference(
        countries={country.code: country for country in Country.objects.order_by("code")},
        cities_by_country=cities_by_country,
        topics=list(Topic.objects.order_by("slug")),
        language_ids=dict(Language.objects.values_list("code", "id")),
        organisations=list(Organisation.objects.order_by("name_en")),
        programmes=list(Programme.objects.order_by("name")),
        created=created,
    )


def _ensure_countries(rng: random.Random) -> int:
    by_code = {country.code: country for country in Country.objects.all()}
    added = [
        Country(uuid=seeded_uuid(rng), code=entry.code, **place_names(entry))
        for entry in COUNTRIES
        if entry.code not in by_code
    ]
    create_records(Aggregate.COUNTRY, added)
    by_code.update((country.code, country) for country in added)
    through = Country.neighbours.through
    present = set(through.objects.values_list("from_country_id", "to_country_id"))
    rows, changed = [], set()
    for first, second in LAND_BORDERS:
        a, b = by_code[first], by_code[second]
        if (a.pk, b.pk) not in present:
            rows += [
                through(from_country_id=a.pk, to_country_id=b.pk),
                through(from_country_id=b.pk, to_country_id=a.pk),
            ]
            changed |= {a, b}
    # A country that was there before and gained a border changed: its version moves on, and it is re-projected.
    grown = sorted((country for country in changed if country not in added), key=lambda country: country.code)
    add_links_to_existing(rows, grown, Aggregate.COUNTRY)
    return len(added)


def _ensure_cities(rng: random.Random) -> int:
    existing = set(City.objects.values_list("country__code", "name_en"))
    countries = {country.code: country for country in Country.objects.all()}
    added = [
        City(uuid=seeded_uuid(rng), country=countries[entry.code], **place_names(entry))
        for entry in (*CITIES, *NEIGHBOUR_CITIES)
        if (entry.code, entry.name_en) not in existing
    ]
    create_records(Aggregate.CITY, added)
    return len(added)


def _ensure_topics(rng: random.Random) -> int:
    by_slug = {topic.slug: topic for topic in Topic.objects.all()}
    added: list[Topic] = []
    # Broader topics are listed before the topics under them: each level is written before the next points at it.
    pending = [entry for entry in TOPICS if entry.slug not in by_slug]
    uuids = {entry.slug: seeded_uuid(rng) for entry in pending}
    while pending:
        ready = [entry for entry in pending if all(slug in by_slug for slug in entry.broader_slugs)]
        level = [Topic(uuid=uuids[entry.slug], slug=entry.slug, **topic_names(entry)) for entry in ready]
        create_records(Aggregate.TOPIC, level)
        by_slug.update((topic.slug, topic) for topic in level)
        links = Topic.broader.through
        add_links(
            [
                links(from_topic_id=by_slug[entry.slug].pk, to_topic_id=by_slug[slug].pk)
                for entry in ready
                for slug in entry.broader_slugs
            ]
        )
        added += level
        pending = [entry for entry in pending if entry.slug not in by_slug]
    return len(added)


def _ensure_organisations(rng: random.Random) -> int:
    existing = set(Organisation.objects.values_list("name_en", flat=True))
    countries = {country.code: country for country in Country.objects.all()}
    added = [
        Organisation(
            uuid=seeded_uuid(rng),
            name_en=entry.name_en,
            name_ru=entry.name_ru,
            kind=entry.kind,
            country=countries[entry.country_code] if entry.country_code else None,
            website=entry.website,
        )
        for entry in ORGANISATIONS
        if entry.name_en not in existing
    ]
    create_records(Aggregate.ORGANISATION, added)
    return len(added)
