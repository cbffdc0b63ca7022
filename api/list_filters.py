"""The record lists' filters and orders, declared as strawberry-django inputs.

A filter narrows the viewer's queryset (the type's `get_queryset` runs first), never widens it; filters given
together must all hold, and AND, OR and NOT combine them. Records are named by uuid (or global id), countries by
ISO code, topics by slug; a topic includes its sub-topics. A value that names nothing the directory knows is an
INVALID_INPUT error naming it (`filters.country`); a uuid that names no visible record just matches nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

import strawberry
import strawberry_django
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from strawberry import Info, auto

from api.global_ids import uuid_argument
from api.permissions import user_of
from api.types.choices import AgencyKind, OrganisationKind, ParticipationRating, ParticipationRole
from directory import list_filters as check
from directory import models as m
from directory.visibility import sees_each_rating

PREFIX = "filters."
Filtered = tuple[QuerySet[Any], Q]


def _uuid(value: strawberry.ID, name: str, type_name: str) -> Any:
    return uuid_argument(value, f"{PREFIX}{name}", type_name)


def _on(prefix: str, **lookups: Any) -> Q:
    """A Q on the filtered model's fields, under the prefix strawberry-django gives nested filters."""
    return Q(**{f"{prefix}{name}": value for name, value in lookups.items()})


@strawberry_django.filter_type(m.Event, name="EventFilter")
class EventFilter:
    """Which events to list; every filter given must hold."""

    @strawberry_django.filter_field
    def country(self, value: str, prefix: str) -> Q:
        """Events held in this country (ISO code)."""
        return _on(prefix, city__country=check.filtered_country(value, f"{PREFIX}country"))

    @strawberry_django.filter_field
    def city(self, value: strawberry.ID, prefix: str) -> Q:
        """Events held in this city (uuid or global id)."""
        return _on(prefix, city__uuid=_uuid(value, "city", "City"))

    @strawberry_django.filter_field
    def on_or_after(self, value: datetime.date, prefix: str) -> Q:
        """Events that end on or after this day."""
        end = self.on_or_before
        check.check_range(
            value,
            end if isinstance(end, datetime.date) else None,
            start_field=f"{PREFIX}onOrAfter",
            end_field=f"{PREFIX}onOrBefore",
        )
        return _on(prefix, ends_on__gte=value)

    @strawberry_django.filter_field
    def on_or_before(self, value: datetime.date, prefix: str) -> Q:
        """Events that start on or before this day."""
        return _on(prefix, starts_on__lte=value)

    @strawberry_django.filter_field
    def topic(self, value: str, queryset: QuerySet[m.Event], prefix: str) -> Filtered:
        """Events on this topic or one of its sub-topics (slug)."""
        topics = check.filtered_topics(value, f"{PREFIX}topic")
        # An event on a topic and on its sub-topic would be listed twice.
        return queryset.distinct(), _on(prefix, topics__in=topics)

    @strawberry_django.filter_field
    def organiser(self, value: strawberry.ID, queryset: QuerySet[m.Event], prefix: str) -> Filtered:
        """Events this organisation organised (uuid or global id)."""
        return queryset.distinct(), _on(prefix, organisers__uuid=_uuid(value, "organiser", "Organisation"))

    @strawberry_django.filter_field
    def trainer(self, value: strawberry.ID, queryset: QuerySet[m.Event], prefix: str) -> Filtered:
        """Events this organisation's experts trained at (uuid or global id)."""
        return queryset.distinct(), _on(prefix, trainers__uuid=_uuid(value, "trainer", "Organisation"))

    @strawberry_django.filter_field
    def programme(self, value: strawberry.ID, prefix: str) -> Q:
        """Events of this programme (uuid or global id)."""
        return _on(prefix, programme__uuid=_uuid(value, "programme", "Programme"))


@strawberry_django.filter_type(m.Organisation, name="OrganisationFilter")
class OrganisationFilter:
    """Which organisations to list; every filter given must hold."""

    @strawberry_django.filter_field
    def kind(self, value: OrganisationKind, prefix: str) -> Q:
        """Organisations of this kind."""
        return _on(prefix, kind=value.value)

    @strawberry_django.filter_field
    def country(self, value: str, prefix: str) -> Q:
        """Organisations based in this country (ISO code)."""
        return _on(prefix, country=check.filtered_country(value, f"{PREFIX}country"))

    @strawberry_django.filter_field
    def acronym(self, value: str, prefix: str) -> Q:
        """Organisations with this acronym, in any case (ICMEC, fbi)."""
        return _on(prefix, acronym__iexact=check.checked_text(value, f"{PREFIX}acronym"))

    @strawberry_django.filter_field
    def topic(self, value: str, prefix: str) -> Q:
        """Organisations stated to cover this topic, or one of its sub-topics, in some country (coverage a steward
        excluded does not count)."""
        topics = check.filtered_topics(value, f"{PREFIX}topic")
        covering = m.Coverage.objects.filter(topic__in=topics, excluded=False).values("organisation_id")
        return _on(prefix, pk__in=covering)


@strawberry_django.filter_type(m.Agency, name="AgencyFilter")
class AgencyFilter:
    """Which agencies to list; every filter given must hold."""

    @strawberry_django.filter_field
    def country(self, value: str, prefix: str) -> Q:
        """Agencies of this country (ISO code)."""
        return _on(prefix, country=check.filtered_country(value, f"{PREFIX}country"))

    @strawberry_django.filter_field
    def kind(self, value: AgencyKind, prefix: str) -> Q:
        """Agencies of this kind."""
        return _on(prefix, kind=value.value)


@strawberry_django.filter_type(m.Coverage, name="CoverageFilter")
class CoverageFilter:
    """Which coverage to list; every filter given must hold."""

    @strawberry_django.filter_field
    def organisation(self, value: strawberry.ID, prefix: str) -> Q:
        """Coverage by this partner (uuid or global id)."""
        return _on(prefix, organisation__uuid=_uuid(value, "organisation", "Organisation"))

    @strawberry_django.filter_field
    def country(self, value: str, prefix: str) -> Q:
        """Coverage of this country (ISO code)."""
        return _on(prefix, country=check.filtered_country(value, f"{PREFIX}country"))

    @strawberry_django.filter_field
    def topic(self, value: str, prefix: str) -> Q:
        """Coverage of this topic or one of its sub-topics (slug)."""
        return _on(prefix, topic__in=check.filtered_topics(value, f"{PREFIX}topic"))


@strawberry_django.filter_type(m.Participation, name="ParticipationFilter")
class ParticipationFilter:
    """Which participations to list; every filter given must hold."""

    @strawberry_django.filter_field
    def event(self, value: strawberry.ID, prefix: str) -> Q:
        """Participations at this event (uuid or global id)."""
        return _on(prefix, event__uuid=_uuid(value, "event", "Event"))

    @strawberry_django.filter_field
    def officer(self, value: strawberry.ID, prefix: str) -> Q:
        """Participations of this officer (uuid or global id)."""
        return _on(prefix, officer__uuid=_uuid(value, "officer", "Officer"))

    @strawberry_django.filter_field
    def role(self, value: ParticipationRole, prefix: str) -> Q:
        """Participations in this role."""
        return _on(prefix, role=value.value)

    @strawberry_django.filter_field
    def rating(self, value: ParticipationRating, info: Info, prefix: str) -> Q:
        """Participations rated so (programme staff, stewards and administrators, who read each rating)."""
        if not sees_each_rating(user_of(info)):
            # Filtering by a rating one may not read would tell it, one participant at a time.
            raise PermissionDenied(
                "Only programme staff, stewards and administrators filter participations by rating (filters.rating)."
            )
        return _on(prefix, rating=value.value)


@strawberry_django.order_type(m.Event, name="EventOrder")
class EventOrder:
    """One key to order events by; give several, most significant first."""

    starts_on: auto
    ends_on: auto
    title: auto


@strawberry_django.order_type(m.Organisation, name="OrganisationOrder")
class OrganisationOrder:
    """One key to order organisations by; give several, most significant first."""

    name_en: auto
    acronym: auto


@strawberry_django.order_type(m.Agency, name="AgencyOrder")
class AgencyOrder:
    """One key to order agencies by; give several, most significant first."""

    name_en: auto
