"""A large generated directory for scale tests: deterministic for a seed, written in bulk with its outbox."""

from __future__ import annotations

import datetime
import random
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import TypeVar

from django.db import transaction

from directory.demo.names import person_name
from directory.demo.profiles import field_of, languages_for, position_for, rank_for
from directory.demo.reference import Reference, ensure_reference_data, seeded_rng, seeded_uuid
from directory.models import (
    Acquaintance,
    Agency,
    City,
    Event,
    Expertise,
    Officer,
    OutboxEvent,
    Participation,
    Topic,
)
from directory.services.bulk import add_links, create_records
from directory.services.publishing import Aggregate

OFFICERS_PER_AGENCY = 40
OFFICERS_PER_EVENT = 50
FIRST_YEAR, LAST_YEAR = 2017, 2025
# Most agencies are in the four countries the programme serves; a few are their neighbours'.
AGENCY_SHARE_BY_COUNTRY = {"KZ": 28, "UZ": 26, "KG": 16, "TJ": 15, "RU": 5, "TM": 4, "AF": 3, "CN": 3}
AGENCY_SHARE_BY_KIND = {"interior": 43, "prosecutor": 25, "customs": 12, "drug_control": 10, "security": 7, "fiu": 3}
# (English, Russian) names of an agency of a city; the last, numbered form tells apart several alike in one city.
AGENCY_NAMES: dict[str, tuple[tuple[str, str], ...]] = {
    "interior": (
        ("Police Department of {city}", "Департамент полиции города {city_ru}"),
        (
            "Cybercrime Division, Police Department of {city}",
            "Управление по противодействию киберпреступности, {city_ru}",
        ),
        ("Criminal Investigation Division, {city}", "Управление уголовного розыска, город {city_ru}"),
        ("Economic Crimes Division, {city}", "Управление по борьбе с экономическими преступлениями, город {city_ru}"),
        ("Juvenile Affairs Division, {city}", "Отдел по делам несовершеннолетних, город {city_ru}"),
        ("Investigation Department, {city}", "Следственное управление, город {city_ru}"),
        ("District Police Department No. {n}, {city}", "Районное управление полиции № {n} города {city_ru}"),
    ),
    "prosecutor": (
        ("Prosecutor's Office of {city}", "Прокуратура города {city_ru}"),
        ("Transport Prosecutor's Office, {city}", "Транспортная прокуратура, город {city_ru}"),
        ("Regional Prosecutor's Office, {city}", "Областная прокуратура, город {city_ru}"),
        ("Military Prosecutor's Office, {city}", "Военная прокуратура, город {city_ru}"),
        ("District Prosecutor's Office No. {n}, {city}", "Районная прокуратура № {n} города {city_ru}"),
    ),
    "customs": (
        ("Customs Office of {city}", "Таможня города {city_ru}"),
        ("Airport Customs Post, {city}", "Таможенный пост «Аэропорт», город {city_ru}"),
        ("Customs Post No. {n}, {city}", "Таможенный пост № {n}, город {city_ru}"),
    ),
    "drug_control": (
        ("Counter-Narcotics Department, {city}", "Управление по противодействию наркопреступности, город {city_ru}"),
        ("Counter-Narcotics Unit No. {n}, {city}", "Отдел по противодействию наркопреступности № {n}, город {city_ru}"),
    ),
    "security": (
        ("Regional Security Service Department, {city}", "Региональное управление службы безопасности, {city_ru}"),
        ("Security Service Unit No. {n}, {city}", "Отдел службы безопасности № {n}, город {city_ru}"),
    ),
    "fiu": (
        ("Financial Monitoring Office, {city}", "Управление финансового мониторинга, город {city_ru}"),
        ("Financial Investigations Unit No. {n}, {city}", "Отдел финансовых расследований № {n}, город {city_ru}"),
    ),
}
# Officers per agency follow a capped Pareto law: many small units, a few large departments.
AGENCY_SIZE_SHAPE, AGENCY_SIZE_CAP = 1.5, 25.0
EVENT_FORMATS = (
    ("Regional workshop on {topic}", "workshop"),
    ("National training course on {topic}", "course"),
    ("Advanced course on {topic}", "advanced course"),
    ("Expert meeting on {topic}", "expert meeting"),
    ("Training of trainers on {topic}", "training of trainers"),
)
PARTICIPATIONS_PER_OFFICER = ((1, 45), (2, 30), (3, 15), (4, 10))
ACQUAINTANCES_STARTED_PER_OFFICER = ((0, 15), (1, 35), (2, 30), (3, 20))  # each pair counts for both: ~3 each
MET_AT_EVENT_SHARE = 0.85
RATINGS = (("excellent", 40), ("very_good", 35), ("good", 15), ("fair", 5), ("", 5))
LEVELS = ((1, 50), (2, 35), (3, 15))


Choice = TypeVar("Choice")


class GenerationError(Exception):
    """The generator cannot run as asked; the message says why and what to do."""


@dataclass(frozen=True)
class GenerationSummary:
    """What one run of the generator created."""

    reference_records: int
    agencies: int
    events: int
    officers: int
    participations: int
    acquaintances: int
    outbox_events: int


@dataclass(slots=True)
class OfficerPlan:
    """One generated officer, decided before anything is written."""

    uuid: uuid.UUID
    name_native: str
    name_latin: str
    agency: Agency
    position: str
    rank: str
    language_ids: list[int]
    expertise: dict[int, int]
    events: list[int]
    saved_id: int | None = field(default=None)

    @property
    def officer_id(self) -> int:
        """The id of the officer written for this plan (links are written after their officers)."""
        if self.saved_id is None:
            raise LookupError(f"The officer {self.name_latin} has not been written yet.")
        return self.saved_id


def generate_directory(
    *, officers: int, seed: int, batch_size: int = 5000, on_progress: Callable[[int], object] | None = None
) -> GenerationSummary:
    """Create `officers` demo officers with agencies, events, participations and acquaintances, in one transaction."""
    check_request(officers=officers, batch_size=batch_size)
    if Officer.objects.filter(uuid=seeded_uuid(seeded_rng(seed, "officer-uuids"))).exists():
        raise GenerationError(f"seed: the officers of seed {seed} are in the directory already; use another seed.")
    with transaction.atomic():
        outbox_before = OutboxEvent.objects.count()
        reference = ensure_reference_data(seeded_rng(seed, "reference"))
        agencies = create_agencies(
            seeded_rng(seed, "agencies"), reference, max(4, round(officers / OFFICERS_PER_AGENCY))
        )
        events = create_events(seeded_rng(seed, "events"), reference, max(3, round(officers / OFFICERS_PER_EVENT)))
        officer_rng = seeded_rng(seed, "officers")
        plans = plan_officers(officer_rng, seeded_rng(seed, "officer-uuids"), officers, agencies, events, reference)
        participations = write_officers(officer_rng, plans, events, batch_size, on_progress)
        pairs = plan_acquaintances(seeded_rng(seed, "acquaintances"), plans)
        write_acquaintances(pairs, plans, events, batch_size)
        outbox_events = OutboxEvent.objects.count() - outbox_before
    return GenerationSummary(
        reference.created, len(agencies), len(events), len(plans), participations, len(pairs), outbox_events
    )


def check_request(*, officers: int, batch_size: int) -> None:
    """Reject a request the generator cannot serve, naming the argument."""
    if officers < 1:
        raise GenerationError(f"officers: ask for at least 1 officer, not {officers}.")
    if batch_size < 1:
        raise GenerationError(f"batch: use a batch size of at least 1, not {batch_size}.")


def _cumulative(weights: Sequence[float]) -> list[float]:
    return list(accumulate(weights))


def create_agencies(rng: random.Random, reference: Reference, count: int) -> list[Agency]:
    """Create agencies across the region and its neighbours, the first four in KZ, KG, TJ and UZ."""
    codes = [code for code in AGENCY_SHARE_BY_COUNTRY if code in reference.countries]
    country_cumulative = _cumulative([AGENCY_SHARE_BY_COUNTRY[code] for code in codes])
    kinds = list(AGENCY_SHARE_BY_KIND)
    kind_cumulative = _cumulative(list(AGENCY_SHARE_BY_KIND.values()))
    taken = set(Agency.objects.values_list("country__code", "name_en"))
    agencies = []
    for index in range(count):
        code = codes[index] if index < 4 else rng.choices(codes, cum_weights=country_cumulative)[0]
        kind = rng.choices(kinds, cum_weights=kind_cumulative)[0]
        cities = reference.cities_by_country.get(code, [])
        city = rng.choice(cities) if cities else None
        name_en, name_ru = _free_agency_name(rng, code, kind, city, reference, taken)
        agencies.append(
            Agency(
                uuid=seeded_uuid(rng),
                name_en=name_en,
                name_ru=name_ru,
                kind=kind,
                country=reference.countries[code],
                city=city,
            )
        )
    create_records(Aggregate.AGENCY, agencies)
    return agencies


def _free_agency_name(
    rng: random.Random, code: str, kind: str, city: City | None, reference: Reference, taken: set[tuple[str, str]]
) -> tuple[str, str]:
    """A name no agency of the country has yet: a city-level one if free, else the next free number."""
    place = city or reference.countries[code]
    *plain, numbered = AGENCY_NAMES[kind]
    for template_en, template_ru in rng.sample(plain, len(plain)):
        name = (template_en.format(city=place.name_en), template_ru.format(city_ru=place.name_ru or place.name_en))
        if (code, name[0]) not in taken:
            taken.add((code, name[0]))
            return name
    number = 1
    while True:
        name_en = numbered[0].format(city=place.name_en, n=number)
        if (code, name_en) not in taken:
            taken.add((code, name_en))
            return name_en, numbered[1].format(city_ru=place.name_ru or place.name_en, n=number)
        number += 1


def create_events(rng: random.Random, reference: Reference, count: int) -> list[Event]:
    """Create workshops over several years in the region's cities, with topics, organisers and trainers."""
    cities = [city for code in ("KZ", "KG", "TJ", "UZ") for city in reference.cities_by_country.get(code, [])]
    if not cities:
        raise GenerationError("cities: no city of KZ, KG, TJ or UZ is in the directory; load the demo data first.")
    broader_of: dict[int, set[int]] = {}
    for narrower, broader in Topic.broader.through.objects.values_list("from_topic_id", "to_topic_id"):
        broader_of.setdefault(narrower, set()).add(broader)
    narrow_topics = [topic for topic in reference.topics if topic.pk in broader_of] or reference.topics
    hosts = [org for org in reference.organisations if org.kind in {"un_unit", "government", "embassy"}]
    teachers = [org for org in reference.organisations if org.kind in {"un_unit", "law_enforcement", "ngo"}]
    events, links = [], []
    for _ in range(count):
        topic = rng.choice(narrow_topics)
        above = broader_of.get(topic.pk, set())
        siblings = [other for other in narrow_topics if broader_of.get(other.pk, set()) & above and other != topic]
        topics = [topic, *rng.sample(siblings, min(len(siblings), rng.randint(0, 2)))]
        title, label = rng.choice(EVENT_FORMATS)
        starts_on = _a_monday(rng)
        event = Event(
            uuid=seeded_uuid(rng),
            title=title.format(topic=topic.name_en[0].lower() + topic.name_en[1:]),
            short_title=f"{topic.name_en} {label}"[:100],
            programme=rng.choice([*reference.programmes, None]) if reference.programmes else None,
            city=rng.choice(cities),
            starts_on=starts_on,
            ends_on=starts_on + datetime.timedelta(days=rng.randint(1, 4)),
        )
        organisers = rng.sample(hosts, min(len(hosts), rng.randint(1, 2)))
        trainers = rng.sample(teachers, min(len(teachers), rng.randint(0, 3)))
        events.append(event)
        links.append((topics, organisers, trainers))
    create_records(Aggregate.EVENT, events)
    add_links(
        [
            Event.topics.through(event_id=event.pk, topic_id=topic.pk)
            for event, (topics, _, _) in zip(events, links, strict=True)
            for topic in topics
        ]
    )
    add_links(
        [
            Event.organisers.through(event_id=event.pk, organisation_id=org.pk)
            for event, (_, organisers, _) in zip(events, links, strict=True)
            for org in organisers
        ]
    )
    add_links(
        [
            Event.trainers.through(event_id=event.pk, organisation_id=org.pk)
            for event, (_, _, trainers) in zip(events, links, strict=True)
            for org in trainers
        ]
    )
    return events


def _a_monday(rng: random.Random) -> datetime.date:
    day = datetime.date(rng.randint(FIRST_YEAR, LAST_YEAR), 1, 1) + datetime.timedelta(days=rng.randrange(358))
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


def plan_officers(
    rng: random.Random,
    uuid_rng: random.Random,
    count: int,
    agencies: list[Agency],
    events: list[Event],
    reference: Reference,
) -> list[OfficerPlan]:
    """Decide every officer: agency (a few large, many small), name, languages, events and matching expertise."""
    agency_cumulative = _cumulative([min(rng.paretovariate(AGENCY_SIZE_SHAPE), AGENCY_SIZE_CAP) for _ in agencies])
    event_cumulative = _cumulative([rng.uniform(0.5, 2.0) for _ in events])
    index_by_event = {event.pk: index for index, event in enumerate(events)}
    event_topics: dict[int, list[int]] = {index: [] for index in index_by_event.values()}
    for event_id, topic_id in (
        Event.topics.through.objects.filter(event_id__in=index_by_event)
        .values_list("event_id", "topic_id")
        .order_by("id")
    ):
        event_topics[index_by_event[event_id]].append(topic_id)
    slug_by_topic = {topic.pk: topic.slug for topic in reference.topics}
    all_topics = list(slug_by_topic)
    plans = []
    for _ in range(count):
        agency = rng.choices(agencies, cum_weights=agency_cumulative)[0]
        code = agency.country.code
        name = person_name(rng, code)
        attended = sorted(
            set(
                rng.choices(
                    range(len(events)), cum_weights=event_cumulative, k=_weighted(rng, PARTICIPATIONS_PER_OFFICER)
                )
            )
        )
        studied = [topic for index in attended for topic in event_topics[index]]
        expertise = {}
        for _ in range(rng.randint(1, 3)):
            topic = rng.choice(studied) if studied and rng.random() < 0.8 else rng.choice(all_topics)
            expertise[topic] = _weighted(rng, LEVELS)
        plans.append(
            OfficerPlan(
                uuid=seeded_uuid(uuid_rng),
                name_native=name.native,
                name_latin=name.latin,
                agency=agency,
                position=position_for(rng, agency.kind, field_of([slug_by_topic[topic] for topic in expertise])),
                rank=rank_for(rng, agency.kind),
                language_ids=[reference.language_ids[code] for code in languages_for(rng, code)],
                expertise=expertise,
                events=attended,
            )
        )
    return plans


def _weighted(rng: random.Random, choices: Sequence[tuple[Choice, int]]) -> Choice:
    return rng.choices([value for value, _ in choices], weights=[weight for _, weight in choices])[0]


def write_officers(
    rng: random.Random,
    plans: list[OfficerPlan],
    events: list[Event],
    batch_size: int,
    on_progress: Callable[[int], object] | None,
) -> int:
    """Write the officers batch by batch with their languages, expertise, participations and outbox events."""
    participations = 0
    for start in range(0, len(plans), batch_size):
        batch = plans[start : start + batch_size]
        officers = [_officer_row(plan) for plan in batch]
        create_records(Aggregate.OFFICER, officers, batch_size=batch_size)
        for plan, officer in zip(batch, officers, strict=True):
            plan.saved_id = officer.pk
        add_links(
            [
                Officer.languages.through(officer_id=plan.officer_id, language_id=language_id)
                for plan in batch
                for language_id in plan.language_ids
            ],
            batch_size=batch_size,
        )
        add_links(
            [
                Expertise(officer_id=plan.officer_id, topic_id=topic_id, level=level)
                for plan in batch
                for topic_id, level in plan.expertise.items()
            ],
            batch_size=batch_size,
        )
        rows = [_participation_row(rng, plan, events[index]) for plan in batch for index in plan.events]
        add_links(rows, batch_size=batch_size)
        participations += len(rows)
        if on_progress is not None:
            on_progress(len(batch))
    return participations


def _officer_row(plan: OfficerPlan) -> Officer:
    return Officer(
        uuid=plan.uuid,
        name_native=plan.name_native,
        name_latin=plan.name_latin,
        position=plan.position,
        rank=plan.rank,
        agency=plan.agency,
        is_demo=True,
    )


def _participation_row(rng: random.Random, plan: OfficerPlan, event: Event) -> Participation:
    return Participation(
        officer_id=plan.officer_id,
        event=event,
        role=Participation.Role.TRAINER if rng.random() < 0.02 else Participation.Role.PARTICIPANT,
        rating=_weighted(rng, RATINGS),
        wants_more=rng.random() < 0.35,
    )


def plan_acquaintances(rng: random.Random, plans: list[OfficerPlan]) -> dict[tuple[int, int], int | None]:
    """Pairs of officers (by plan index, smaller first) who know each other, with the event where they met."""
    attendees: dict[int, list[int]] = {}
    for index, plan in enumerate(plans):
        for attended in plan.events:
            attendees.setdefault(attended, []).append(index)
    pairs: dict[tuple[int, int], int | None] = {}
    for index, plan in enumerate(plans):
        for _ in range(_weighted(rng, ACQUAINTANCES_STARTED_PER_OFFICER)):
            event_index: int | None = None
            if plan.events and rng.random() < MET_AT_EVENT_SHARE:
                event_index = rng.choice(plan.events)
                other = rng.choice(attendees[event_index])
            else:
                other = rng.randrange(len(plans))
            if other != index:
                pairs.setdefault((min(index, other), max(index, other)), event_index)
    return pairs


def write_acquaintances(
    pairs: dict[tuple[int, int], int | None], plans: list[OfficerPlan], events: list[Event], batch_size: int
) -> None:
    """Write the pairs, the smaller officer id first as the table requires."""
    rows = []
    for (first, second), event_index in pairs.items():
        low, high = sorted((plans[first].officer_id, plans[second].officer_id))
        met = event_index is not None
        rows.append(
            Acquaintance(
                officer_a_id=low,
                officer_b_id=high,
                source=Acquaintance.Source.MET_AT_EVENT if met else Acquaintance.Source.DECLARED,
                event=events[event_index] if event_index is not None else None,
            )
        )
    add_links(rows, batch_size=batch_size)
