"""Programmes, events, participation and coverage."""

from __future__ import annotations

from typing import Any

import strawberry_django
from django.db.models import QuerySet
from strawberry import Info, auto

from api.permissions import user_of
from api.types.base import UuidNode, record_type
from api.types.choices import ParticipationRating, ParticipationRole
from api.types.institutions import OrganisationType
from api.types.people import OfficerType
from api.types.places import CityType, CountryType
from api.types.topics import TopicType
from directory import models as m
from directory.visibility import of_visible_officers, sees_each_rating


@record_type(m.Programme, name="Programme")
class ProgrammeType(UuidNode):
    """A programme of capacity building."""

    uuid: auto
    name: auto
    name_ru: auto
    component: auto
    started_on: auto
    started_in: auto
    implementer: OrganisationType | None
    donors: list[OrganisationType]


@record_type(m.Participation, name="Participation")
class ParticipationType:
    """An officer at an event, in a role, with their rating of it."""

    role: ParticipationRole
    wants_more: auto
    officer: OfficerType
    event: EventType

    @strawberry_django.field(only=["rating"])
    def rating(self, root: m.Participation, info: Info) -> ParticipationRating | None:
        """The officer's rating of the event: null when not rated, or when the viewer may not read each rating."""
        if not root.rating or not sees_each_rating(user_of(info)):
            return None
        return ParticipationRating(root.rating)

    @classmethod
    def get_queryset(cls, queryset: QuerySet[m.Participation], info: Info, **kwargs: Any) -> QuerySet[m.Participation]:
        """Only the participations of officers the viewer may see."""
        return of_visible_officers(user_of(info), queryset)


@record_type(m.Event, name="Event")
class EventType(UuidNode):
    """A workshop: when, where, on what, by whom, and who attended."""

    uuid: auto
    title: auto
    short_title: auto
    title_ru: auto
    short_title_ru: auto
    starts_on: auto
    ends_on: auto
    city: CityType
    programme: ProgrammeType | None
    topics: list[TopicType]
    organisers: list[OrganisationType]
    trainers: list[OrganisationType]
    participations: list[ParticipationType]


@record_type(m.Coverage, name="Coverage")
class CoverageType(UuidNode):
    """A partner organisation supporting a country on a topic, or (excluded) a steward saying it does not."""

    uuid: auto
    organisation: OrganisationType
    country: CountryType
    topic: TopicType
    note: auto
    excluded: auto
