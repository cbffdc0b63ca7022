"""The recipes of docs/api.md: the questions integrators ask, each one operation of the typed client and a few lines."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

# connection first: it puts the generated client (clients/python) on the path when it is not installed.
from connection import Client, run
from liaison_client.changes import ChangesChangesChanges
from liaison_client.enums import CoverageState
from liaison_client.partners_and_coverage import (
    PartnersAndCoverageCoverageGapsTopic,
    PartnersAndCoverageOrganisationsEdgesNode,
)


@dataclass
class TrainedOfficer:
    """An officer, and the events on the topic they attended."""

    uuid: str
    name_latin: str
    agency: str
    is_demo: bool
    events: list[str] = field(default_factory=list)


def officers_trained_on(client: Client, topic: str, country: str, since: datetime.date) -> list[TrainedOfficer]:
    """Officers of `country` who attended an event on `topic` (a slug) that started on or after `since`, by name."""
    found: dict[str, TrainedOfficer] = {}
    after: str | None = None
    while True:
        page = run(client.training_events, topic=topic, since=since.isoformat(), after=after).events
        for event in (edge.node for edge in page.edges):
            # the filter keeps events still running on `since`; the recipe wants those that started on it or later
            if datetime.date.fromisoformat(event.starts_on) < since:
                continue
            for participation in event.participations:
                officer = participation.officer
                if officer.agency.country.code != country:
                    continue
                entry = found.get(officer.uuid) or TrainedOfficer(
                    officer.uuid, officer.name_latin, officer.agency.name_en, officer.is_demo
                )
                found[officer.uuid] = entry
                entry.events.append(f"{event.title} ({event.starts_on}, {participation.role.value.lower()})")
        if not page.page_info.has_next_page:
            return sorted(found.values(), key=lambda officer: officer.name_latin)
        after = page.page_info.end_cursor


@dataclass
class CoverageInCountry:
    """Partners that cover nothing in a country, and the topics no partner covers there."""

    partners_without_coverage: list[PartnersAndCoverageOrganisationsEdgesNode]
    topics_without_partner: list[PartnersAndCoverageCoverageGapsTopic]


def partners_without_coverage(client: Client, country: str) -> CoverageInCountry:
    """Which partner organisations cover no topic in `country` (an ISO code), and which topics have no partner."""
    organisations: list[PartnersAndCoverageOrganisationsEdgesNode] = []
    after: str | None = None
    while True:
        answer = run(client.partners_and_coverage, country=country, after=after)
        organisations += [edge.node for edge in answer.organisations.edges]
        if not answer.organisations.page_info.has_next_page:
            break
        after = answer.organisations.page_info.end_cursor
    covering = {partner.uuid for cell in answer.coverage_gaps for partner in cell.partners}
    return CoverageInCountry(
        partners_without_coverage=[o for o in organisations if o.uuid not in covering],
        topics_without_partner=[cell.topic for cell in answer.coverage_gaps if cell.state is CoverageState.NOT_COVERED],
    )


def changes_since(client: Client, cursor: str | None) -> tuple[list[ChangesChangesChanges], str | None]:
    """Every change after `cursor` (None: from the start), oldest first, and the cursor to keep for next time."""
    changes: list[ChangesChangesChanges] = []
    while True:
        page = run(client.changes, after=cursor).changes
        changes += page.changes
        cursor = page.end_cursor or cursor
        if not page.has_more:
            return changes, cursor
