"""The eighty generated officers who attended the three workshops: entries, ratings, contacts, acquaintances."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from anyascii import anyascii

from directory.demo.accounts import DEMO_ADMIN, DEMO_STEWARD
from directory.demo.names import PersonName, person_name
from directory.demo.places import REGION
from directory.demo.profiles import field_of, languages_for, position_for, rank_for
from directory.demo.programme import WORKSHOPS
from directory.demo.topics import topics_by_slug
from directory.models import Acquaintance, Agency, ContactChannel, Event, Officer, Participation, User
from directory.services.events import record_participation
from directory.services.officers import add_contact_channel, create_officer, record_acquaintance, verify_officer

DEMO_SEED = 2017
# The programme text: "In total, 80 law enforcement officers ... attended the training workshops."
DEMO_OFFICER_COUNT = 80
SECOND_WORKSHOP_SHARE = 0.15
VERIFIED_SHARE = 0.3
WANTS_MORE_SHARE = 0.45
EMAIL_DOMAIN = "demo.liaison.invalid"
CALLING_CODES = {"KZ": "+7", "KG": "+996", "TJ": "+992", "UZ": "+998"}
FEWEST_ACQUAINTANCES, MOST_ACQUAINTANCES = 2, 5
DEMO_OFFICER_POSITION, DEMO_OFFICER_RANK = "Senior investigator, cybercrime unit", "Major of police"

TOPICS_BY_WORKSHOP = {entry.key: entry.topic_slugs for entry in WORKSHOPS}
# The broader field an attendee of each workshop usually works in already.
BACKGROUND_BY_WORKSHOP = {"drugs": "drug-trafficking", "crypto": "money-laundering", "children": "cybercrime"}
AGENCY_KINDS_BY_WORKSHOP = {
    "drugs": {"interior": 3, "drug_control": 4, "prosecutor": 1},
    "crypto": {"fiu": 3, "interior": 2, "prosecutor": 2},
    "children": {"interior": 4, "prosecutor": 2},
}


@dataclass
class OfficerPlan:
    """Everything about one demo officer, decided before anything is written."""

    name: PersonName
    agency: Agency
    workshops: list[str]
    position: str
    rank: str
    languages: list[str]
    expertise: dict[str, int]
    signs_in_as_demo_officer: bool = False
    created: Officer | None = field(default=None, repr=False)

    @property
    def officer(self) -> Officer:
        """The officer written for this plan (plans are written before anything reads them)."""
        if self.created is None:
            raise LookupError(f"The demo officer {self.name.latin} has not been written yet.")
        return self.created


@dataclass(frozen=True)
class OfficersLoaded:
    """What loading the demo officers added."""

    officers: int
    participations: int
    acquaintances: int
    contact_channels: int
    demo_officer: Officer


def load_demo_officers(events: dict[str, Event], agencies: list[Agency], users: dict[str, User]) -> OfficersLoaded:
    """Add the demo officers with their workshops, ratings, contacts, acquaintances and verifications."""
    rng = random.Random(DEMO_SEED)  # noqa: S311 (seeded on purpose: the demo is the same on every machine)
    plans = plan_officers(rng, agencies)
    topics = topics_by_slug()
    for plan in plans:
        plan.created = create_officer(
            name_native=plan.name.native,
            name_latin=plan.name.latin,
            agency=plan.agency,
            position=plan.position,
            rank=plan.rank,
            languages=plan.languages,
            expertise={topics[slug]: level for slug, level in plan.expertise.items()},
            is_demo=True,
        )
    participations = _record_participations(rng, plans, events)
    acquaintances = _record_acquaintances(rng, plans, events)
    contacts = _add_contacts(rng, plans)
    demo_officer = demo_officer_plan(plans).officer
    _verify(rng, plans, users)
    return OfficersLoaded(len(plans), participations, acquaintances, contacts, demo_officer)


def plan_officers(rng: random.Random, agencies: list[Agency]) -> list[OfficerPlan]:
    """Decide every officer: country, agency, workshops, name, position, languages, expertise."""
    keys = [entry.key for entry in WORKSHOPS]
    primaries = [keys[index % len(keys)] for index in range(DEMO_OFFICER_COUNT)]
    rng.shuffle(primaries)
    plans = []
    for index, primary in enumerate(primaries):
        country_code = REGION[index % len(REGION)]
        workshops = [primary]
        if rng.random() < SECOND_WORKSHOP_SHARE:
            workshops.append(rng.choice([key for key in keys if key != primary]))
        agency = _agency_for(rng, country_code, primary, agencies)
        slugs = [slug for key in workshops for slug in TOPICS_BY_WORKSHOP[key]]
        plans.append(
            OfficerPlan(
                name=person_name(rng, country_code),
                agency=agency,
                workshops=workshops,
                position=position_for(rng, agency.kind, field_of(slugs)),
                rank=rank_for(rng, agency.kind),
                languages=languages_for(rng, country_code),
                expertise=_expertise_for(rng, workshops),
            )
        )
    _shape_demo_officer(plans, agencies)
    return plans


def _shape_demo_officer(plans: list[OfficerPlan], agencies: list[Agency]) -> None:
    """Make the first Kyrgyz attendee of the Tashkent workshop the cybercrime investigator the demo signs in as."""
    plan = next(plan for plan in plans if plan.agency.country.code == "KG" and "crypto" in plan.workshops)
    plan.agency = next(agency for agency in agencies if agency.country.code == "KG" and agency.kind == "interior")
    plan.position, plan.rank = DEMO_OFFICER_POSITION, DEMO_OFFICER_RANK
    plan.expertise.setdefault("cybercrime", 2)
    plan.signs_in_as_demo_officer = True
    plan.languages += [code for code in ("ru", "en") if code not in plan.languages]


def demo_officer_plan(plans: list[OfficerPlan]) -> OfficerPlan:
    """The officer the demo officer account signs in as: Kyrgyzstan's interior ministry, at the Tashkent workshop."""
    return next(plan for plan in plans if plan.signs_in_as_demo_officer)


def _agency_for(rng: random.Random, country_code: str, workshop: str, agencies: list[Agency]) -> Agency:
    weights = AGENCY_KINDS_BY_WORKSHOP[workshop]
    candidates = [agency for agency in agencies if agency.country.code == country_code and agency.kind in weights]
    return rng.choices(candidates, weights=[weights[agency.kind] for agency in candidates])[0]


def _expertise_for(rng: random.Random, workshops: list[str]) -> dict[str, int]:
    expertise: dict[str, int] = {}
    for key in workshops:
        slugs = list(TOPICS_BY_WORKSHOP[key])
        for slug in rng.sample(slugs, rng.randint(1, len(slugs))):
            expertise[slug] = rng.choice((1, 1, 2))
        if rng.random() < 0.6:
            expertise.setdefault(BACKGROUND_BY_WORKSHOP[key], rng.choice((2, 3)))
    return expertise


def _record_participations(rng: random.Random, plans: list[OfficerPlan], events: dict[str, Event]) -> int:
    # The programme text: every participant rated the course "excellent" or "very good", and many asked for more.
    ratings = (Participation.Rating.EXCELLENT, Participation.Rating.VERY_GOOD)
    count = 0
    for plan in plans:
        for key in plan.workshops:
            record_participation(
                plan.officer,
                events[key],
                rating=rng.choices(ratings, weights=(0.6, 0.4))[0],
                wants_more=rng.random() < WANTS_MORE_SHARE,
            )
            count += 1
    return count


def _acquaintance_pairs(rng: random.Random, plans: list[OfficerPlan]) -> list[tuple[int, int, str]]:
    """Who met whom, as (plan index, plan index, workshop key): each knows a few of their co-attendees."""
    attendees: dict[str, list[int]] = {}
    for index, plan in enumerate(plans):
        for key in plan.workshops:
            attendees.setdefault(key, []).append(index)
    wanted = [rng.randint(FEWEST_ACQUAINTANCES, MOST_ACQUAINTANCES) for _ in plans]
    known: list[int] = [0] * len(plans)
    pairs: dict[tuple[int, int], str] = {}
    order = list(range(len(plans)))
    rng.shuffle(order)
    for index in order:
        candidates = [(other, key) for key in plans[index].workshops for other in attendees[key] if other != index]
        rng.shuffle(candidates)
        for other, key in candidates:
            pair = (min(index, other), max(index, other))
            if known[index] >= wanted[index]:
                break
            if pair in pairs or known[other] >= wanted[other]:
                continue
            pairs[pair] = key
            known[index] += 1
            known[other] += 1
    return [(first, second, key) for (first, second), key in pairs.items()]


def _record_acquaintances(rng: random.Random, plans: list[OfficerPlan], events: dict[str, Event]) -> int:
    pairs = _acquaintance_pairs(rng, plans)
    for first, second, key in pairs:
        record_acquaintance(
            plans[first].officer, plans[second].officer, source=Acquaintance.Source.MET_AT_EVENT, event=events[key]
        )
    return len(pairs)


def _add_contacts(rng: random.Random, plans: list[OfficerPlan]) -> int:
    visibility = ContactChannel.Visibility
    count = 0
    hotline_countries: set[str] = set()
    for index, plan in enumerate(plans):
        country_code = plan.agency.country.code
        channels = [
            (
                ContactChannel.Kind.EMAIL,
                demo_email(plan.name, index),
                rng.choice((visibility.SIGNED_IN, visibility.VERIFIED)),
            ),
            (
                rng.choice((ContactChannel.Kind.PHONE, ContactChannel.Kind.MOBILE)),
                fake_phone(rng, country_code),
                rng.choice((visibility.VERIFIED, visibility.STAFF)),
            ),
        ]
        # One interior-ministry officer per country staffs the 24/7 point of contact.
        if plan.agency.kind == Agency.Kind.INTERIOR and country_code not in hotline_countries:
            hotline_countries.add(country_code)
            channels.append(
                (ContactChannel.Kind.HOTLINE, f"{CALLING_CODES[country_code]} 000 247 24 07", visibility.VERIFIED)
            )
        for kind, value, seen_by in channels:
            add_contact_channel(plan.officer, kind=kind, value=value, visibility=seen_by)
            count += 1
    return count


def demo_email(name: PersonName, index: int) -> str:
    """An address at a domain that cannot exist (.invalid), so no demo mail can reach anyone."""
    given, _, surname = anyascii(name.latin).lower().partition(" ")
    local = ".".join(part for part in (re.sub("[^a-z]", "", given)[:1], re.sub("[^a-z]", "", surname)) if part)
    return f"{local}.{index + 1:02d}@{EMAIL_DOMAIN}"


def fake_phone(rng: random.Random, country_code: str) -> str:
    """A number with the area code 000, which no operator of the region is assigned."""
    return f"{CALLING_CODES[country_code]} 000 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"


def _verify(rng: random.Random, plans: list[OfficerPlan], users: dict[str, User]) -> None:
    steward, admin = users[DEMO_STEWARD], users[DEMO_ADMIN]
    for plan in plans:
        has_hotline = plan.officer.contacts.filter(kind=ContactChannel.Kind.HOTLINE).exists()
        if plan.signs_in_as_demo_officer or has_hotline or rng.random() < VERIFIED_SHARE:
            verify_officer(plan.officer, by=steward if plan.agency.country_id == steward.country_id else admin)
