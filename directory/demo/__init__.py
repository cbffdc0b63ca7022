"""The demo data: the real places, institutions, topics and workshops of the 2017 programme, generated officers."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.db import transaction

from directory.demo.accounts import (
    DEMO_ACCOUNTS,
    DEMO_ADMIN,
    DEMO_INTEGRATION,
    DEMO_OFFICER,
    DEMO_PASSWORD,
    DEMO_STAFF,
    DEMO_STEWARD,
    DEMO_USERNAMES,
    DemoAccount,
    create_demo_users,
    link_demo_officer,
)
from directory.demo.institutions import demo_agencies, load_agencies, load_organisations
from directory.demo.officers import load_demo_officers
from directory.demo.places import load_cities, load_countries, load_languages
from directory.demo.programme import (
    PROGRAMME_NAME,
    load_coverage,
    load_programme,
    load_workshops,
    programme_exists,
)
from directory.demo.topics import load_topics
from directory.models import User

__all__ = [
    "DEMO_ACCOUNTS",
    "DEMO_ADMIN",
    "DEMO_INTEGRATION",
    "DEMO_OFFICER",
    "DEMO_PASSWORD",
    "DEMO_STAFF",
    "DEMO_STEWARD",
    "DEMO_USERNAMES",
    "PROGRAMME_NAME",
    "DemoAccount",
    "DemoSummary",
    "load_demo_data",
]


@dataclass(frozen=True)
class DemoSummary:
    """What a demo load added (all zero when the demo was in the directory already)."""

    already_loaded: bool
    languages: int = 0
    countries: int = 0
    cities: int = 0
    topics: int = 0
    agencies: int = 0
    organisations: int = 0
    programmes: int = 0
    events: int = 0
    officers: int = 0
    participations: int = 0
    acquaintances: int = 0
    contact_channels: int = 0
    coverage: int = 0
    users: int = 0

    def counts(self) -> dict[str, int]:
        """How many of each kind of record were added, by name."""
        return {name: value for name, value in dataclasses.asdict(self).items() if name != "already_loaded"}


@transaction.atomic
def load_demo_data() -> DemoSummary:
    """Load the 2017 programme's demo data through the services, once; a second call changes nothing."""
    if programme_exists():
        return DemoSummary(already_loaded=True)
    languages, countries, cities, topics = load_languages(), load_countries(), load_cities(), load_topics()
    agencies, organisations = load_agencies(), load_organisations()
    programme = load_programme()
    events = load_workshops(programme)
    coverage = load_coverage()
    users_before = User.objects.filter(username__in=DEMO_USERNAMES).count()
    users = create_demo_users()
    officers = load_demo_officers(events, demo_agencies(), users)
    link_demo_officer(users[DEMO_OFFICER], officers.demo_officer)
    return DemoSummary(
        already_loaded=False,
        languages=languages,
        countries=countries,
        cities=cities,
        topics=topics,
        agencies=agencies,
        organisations=organisations,
        programmes=1,
        events=len(events),
        officers=officers.officers,
        participations=officers.participations,
        acquaintances=officers.acquaintances,
        contact_channels=officers.contact_channels,
        coverage=coverage,
        users=len(users) - users_before,
    )
