"""Writes for programmes, events, participation and partner coverage."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction

from directory.errors import field_error
from directory.models import City, Coverage, Event, Officer, Organisation, Participation, Programme, Topic
from directory.services.lookups import country_by_code
from directory.services.publishing import Aggregate, apply_changes, delete_and_publish, save_and_publish, touch
from directory.services.validation import clean_free_text


@transaction.atomic
def create_programme(
    *,
    name: str,
    name_ru: str = "",
    component: str = "",
    started_on: datetime.date | None = None,
    started_in: int | None = None,
    implementer: Organisation | None = None,
    donors: Iterable[Organisation] = (),
) -> Programme:
    """Add a programme with its implementer and donors; its start as a day, or as a year when that is all known."""
    programme = Programme(
        name=name,
        name_ru=name_ru,
        component=component,
        started_on=started_on,
        started_in=started_in,
        implementer=implementer,
    )
    clean_free_text(programme)
    programme.full_clean()
    programme.save()
    programme.donors.set(donors)
    return save_and_publish(programme, Aggregate.PROGRAMME)


@transaction.atomic
def create_event(
    *,
    title: str,
    city: City,
    starts_on: datetime.date,
    ends_on: datetime.date,
    short_title: str = "",
    title_ru: str = "",
    short_title_ru: str = "",
    programme: Programme | None = None,
    topics: Iterable[Topic] = (),
    organisers: Iterable[Organisation] = (),
    trainers: Iterable[Organisation] = (),
) -> Event:
    """Add an event (a workshop) with its topics, organisers and trainers."""
    event = Event(
        title=title,
        short_title=short_title,
        title_ru=title_ru,
        short_title_ru=short_title_ru,
        city=city,
        starts_on=starts_on,
        ends_on=ends_on,
        programme=programme,
    )
    clean_free_text(event)
    event.full_clean()
    event.save()
    event.topics.set(topics)
    event.organisers.set(organisers)
    event.trainers.set(trainers)
    return save_and_publish(event, Aggregate.EVENT)


@transaction.atomic
def update_event(event: Event, **changes: object) -> Event:
    """Change an event's fields (dates are checked against each other)."""
    return apply_changes(event, Aggregate.EVENT, changes)


@transaction.atomic
def record_participation(
    officer: Officer,
    event: Event,
    *,
    role: str = Participation.Role.PARTICIPANT,
    rating: str = "",
    wants_more: bool = False,
) -> Participation:
    """Record that an officer took part in an event, in a role, with their rating of it."""
    participation = Participation.objects.filter(officer=officer, event=event).first() or Participation(
        officer=officer, event=event
    )
    participation.role, participation.rating, participation.wants_more = role, rating, wants_more
    participation.full_clean(validate_constraints=False)
    participation.save()
    touch([officer], Aggregate.OFFICER, links=["participations"])
    return participation


@transaction.atomic
def remove_participation(participation: Participation) -> None:
    """Record that an officer did not take part in an event after all; the graph drops the link."""
    officer = participation.officer
    participation.delete()
    touch([officer], Aggregate.OFFICER, links=["participations"])


@transaction.atomic
def record_coverage(
    *, organisation: Organisation, country_code: str, topic: Topic, note: str = "", excluded: bool = False
) -> Coverage:
    """Record that a partner supports a country on a topic, or with `excluded` that it does not (once per triple)."""
    country = country_by_code(country_code)
    existing = Coverage.objects.filter(organisation=organisation, country=country, topic=topic).first()
    if existing is not None:
        on = f"{country} on '{topic}'"
        stated = f"does not cover {on}, a steward says" if existing.excluded else f"already covers {on}"
        raise field_error(
            "topic",
            f"{organisation} {stated}; choose another topic, or remove that entry first to change it.",
            code="duplicate_coverage",
        )
    return save_and_publish(
        Coverage(organisation=organisation, country=country, topic=topic, note=note, excluded=excluded),
        Aggregate.COVERAGE,
    )


@transaction.atomic
def remove_coverage(coverage: Coverage) -> None:
    """Record that a partner no longer supports a country on a topic."""
    delete_and_publish(coverage, Aggregate.COVERAGE)
