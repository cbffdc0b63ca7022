"""Officers, their expertise and their contact channels (values only where the viewer may see them)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import Info, auto

from api.audit import note_contact_view
from api.permissions import user_of
from api.types.base import UuidNode, lazy, record_type
from api.types.choices import ContactKind, ContactVisibility
from api.types.institutions import AgencyType
from api.types.places import LanguageType
from api.types.topics import TopicType
from directory import models as m
from directory.freshness import is_stale
from directory.visibility import contact_visible, visible_officers

if TYPE_CHECKING:
    from api.types.events import ParticipationType


@record_type(m.Expertise, name="Expertise")
class ExpertiseType:
    """An officer's knowledge of a topic: 1 working, 2 experienced, 3 expert."""

    topic: TopicType
    level: auto


@strawberry.type(name="ContactChannel")
class ContactChannelType:
    """One way to reach an officer; `value` is null when the viewer may not see it."""

    kind: ContactKind
    visibility: ContactVisibility
    value: str | None


@record_type(m.Officer, name="Officer")
class OfficerType(UuidNode):
    """A law-enforcement officer in the directory (demo entries are marked `isDemo`)."""

    uuid: auto
    name_native: auto
    name_latin: auto
    position: auto
    rank: auto
    is_demo: auto
    verified_at: auto
    last_confirmed_at: auto
    updated_at: auto
    agency: AgencyType
    languages: list[LanguageType]
    expertise: list[ExpertiseType]
    participations: list[Annotated[ParticipationType, lazy("api.types.events")]]

    @classmethod
    def get_queryset(cls, queryset: QuerySet[m.Officer], info: Info, **kwargs: Any) -> QuerySet[m.Officer]:
        """Only the officers the viewer may see (the same rule as every other read)."""
        return visible_officers(user_of(info), queryset)

    @strawberry_django.field(only=["verified_at"])
    def verified(self, root: m.Officer) -> bool:
        """Whether a steward has verified this entry."""
        return root.verified_at is not None

    @strawberry_django.field(prefetch_related=["contacts"], select_related=["agency"])
    def contacts(self, root: m.Officer, info: Info) -> list[ContactChannelType]:
        """The officer's contact channels; a hidden channel's value is null. Every view is logged."""
        user = user_of(info)
        channels = []
        shown = 0
        # In one order whatever loaded them (this officer alone, a page, a graph answer) and on any database: the
        # profile page's.
        for channel in sorted(root.contacts.all(), key=lambda channel: (channel.kind, channel.value)):
            visible = contact_visible(user, channel, root)
            shown += visible
            channels.append(
                ContactChannelType(
                    kind=ContactKind(channel.kind),
                    visibility=ContactVisibility(channel.visibility),
                    value=channel.value if visible else None,
                )
            )
        if shown:
            note_contact_view(info, root, shown)
        return channels

    @strawberry_django.field(only=["last_confirmed_at"])
    def stale(self, root: m.Officer) -> bool:
        """Whether the entry was not confirmed current within LIAISON_STALE_AFTER_DAYS days (or never)."""
        return is_stale(root.last_confirmed_at)

    @strawberry_django.field(only=["last_confirmed_at"])
    def days_since_confirmed(self, root: m.Officer) -> int | None:
        """How many days ago the entry was last confirmed current (null: never)."""
        if root.last_confirmed_at is None:
            return None
        return (datetime.datetime.now(tz=datetime.UTC) - root.last_confirmed_at).days
