"""The root query: every record as a connection, `node(id:)`, and each graph question."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

import strawberry
import strawberry_django
from strawberry import Info, relay
from strawberry_django.relay import DjangoListConnection

from api import graph_answers
from api.duplicates import likely_duplicate_pairs
from api.filters import OfficerOrder, filter_officers
from api.global_ids import uuid_text
from api.integration import IntegrationQuery
from api.list_filters import (
    AgencyFilter,
    AgencyOrder,
    CoverageFilter,
    EventFilter,
    EventOrder,
    OrganisationFilter,
    OrganisationOrder,
    ParticipationFilter,
)
from api.permissions import user_of
from api.record_lookups import LookupQuery
from api.types.duplicates import LikelyDuplicateType
from api.types.enums import schema_enum
from api.types.events import CoverageType, EventType, ParticipationType, ProgrammeType
from api.types.graph import (
    CounterpartType,
    CoverageCellType,
    IntroductionPathType,
    NameMatchType,
    NeighbourhoodType,
    SearchKind,
)
from api.types.institutions import AgencyType, OrganisationType
from api.types.people import OfficerType
from api.types.places import CityType, CountryType
from api.types.subscriptions import SubscriptionType
from api.types.topics import TopicType
from directory import models as m
from directory.errors import field_error
from graph.shapes import SHAPES


@strawberry.enum(name="CounterpartScope")
class CounterpartScope(enum.Enum):
    """Where to look for counterparts."""

    NEIGHBOURS = "neighbours"
    COUNTRY = "country"
    ALL = "all"


if TYPE_CHECKING:
    NodeKind = enum.Enum
else:
    # The records a network view can be centred on: every aggregate of the graph, by its outbox name.
    NodeKind = schema_enum(
        "NodeKind", {shape.label.name: shape.aggregate for shape in SHAPES}, "The kinds of record the graph holds."
    )


@strawberry.type
class Query(LookupQuery, IntegrationQuery):
    """Read the directory and ask the graph."""

    node: relay.Node | None = strawberry_django.node(description="Any record by its global id.")
    countries: DjangoListConnection[CountryType] = strawberry_django.connection()
    cities: DjangoListConnection[CityType] = strawberry_django.connection()
    topics: DjangoListConnection[TopicType] = strawberry_django.connection()
    agencies: DjangoListConnection[AgencyType] = strawberry_django.connection(
        filters=AgencyFilter, ordering=AgencyOrder
    )
    organisations: DjangoListConnection[OrganisationType] = strawberry_django.connection(
        filters=OrganisationFilter, ordering=OrganisationOrder
    )
    programmes: DjangoListConnection[ProgrammeType] = strawberry_django.connection()
    events: DjangoListConnection[EventType] = strawberry_django.connection(filters=EventFilter, ordering=EventOrder)
    coverage: DjangoListConnection[CoverageType] = strawberry_django.connection(filters=CoverageFilter)

    # A participation has no uuid of its own (it is an officer at an event), so it is no Node; the list pages it
    # by offset like every other connection, which strawberry-django allows though its annotations say Node.
    @strawberry_django.connection(
        DjangoListConnection[ParticipationType],  # type: ignore[type-var]
        filters=ParticipationFilter,
    )
    def participations(self) -> Iterable[m.Participation]:
        """Who attended which event in which role (officers the viewer may see), earliest event first."""
        return m.Participation.objects.order_by("event__starts_on", "event_id", "id")

    @strawberry_django.connection(DjangoListConnection[OfficerType])
    def officers(
        self,
        country: str | None = None,
        agency: strawberry.ID | None = None,
        topic: str | None = None,
        language: str | None = None,
        verified: bool | None = None,
        name: str | None = None,
        updated_since: datetime.datetime | None = None,
        order: OfficerOrder = OfficerOrder.NAME,
    ) -> Iterable[m.Officer]:
        """Officers the viewer may see, filtered: country code, agency uuid, topic slug (with its sub-topics),
        language code, verified, name in any script, updated since."""
        return filter_officers(
            m.Officer.objects.all(),
            country=country,
            agency=None if agency is None else uuid_text(agency, "Agency"),
            topic=topic,
            language=language,
            verified=verified,
            name=name,
            updated_since=updated_since,
            order=order.value,
        )

    @strawberry_django.field
    def me(self, info: Info) -> OfficerType | None:
        """The signed-in user's own officer entry, if any."""
        user = user_of(info)
        return getattr(user, "officer", None)

    @strawberry_django.field
    def my_subscriptions(self, info: Info) -> list[SubscriptionType]:
        """What the signed-in user follows (countries, topics, agencies, partners), by kind."""
        user = user_of(info)
        if not user.is_authenticated:
            return []
        # `following` names each one's target: loaded with it, not one query per subscription.
        subscriptions = m.Subscription.objects.filter(user_id=user.pk).select_related(
            "country", "topic", "agency", "organisation"
        )
        return cast(list[SubscriptionType], subscriptions.order_by("kind", "pk"))

    @strawberry.field
    def likely_duplicates(self, info: Info, country: str | None = None, limit: int = 50) -> list[LikelyDuplicateType]:
        """Pairs of entries of one country that may be one person, surest first, with the evidence
        (staff, administrators and integrations name the country; a steward gets their own)."""
        return likely_duplicate_pairs(info, country=country, limit=limit)

    @strawberry.field
    def counterparts(
        self,
        info: Info,
        topic: strawberry.ID,
        officer: strawberry.ID | None = None,
        agency: strawberry.ID | None = None,
        country: str | None = None,
        scope: CounterpartScope = CounterpartScope.NEIGHBOURS,
        target_country: str | None = None,
        language: str | None = None,
        limit: int = 20,
    ) -> list[CounterpartType]:
        """Officers with expertise in a topic, ranked, with their reasons."""
        return graph_answers.counterparts(
            info,
            topic=uuid_text(topic, "Topic"),
            officer=None if officer is None else uuid_text(officer, "Officer"),
            agency=None if agency is None else uuid_text(agency, "Agency"),
            country=country,
            scope=scope.value,
            target_country=target_country,
            language=language,
            limit=limit,
        )

    @strawberry.field
    def introduction_paths(
        self, info: Info, from_officer: strawberry.ID, to_officer: strawberry.ID, max_hops: int = 4, limit: int = 5
    ) -> list[IntroductionPathType]:
        """Chains of acquaintances and shared events between two officers (up to 4 hops), fewest steps first."""
        return graph_answers.introduction_paths(
            info,
            from_officer=uuid_text(from_officer, "Officer"),
            to_officer=uuid_text(to_officer, "Officer"),
            max_hops=max_hops,
            limit=limit,
        )

    @strawberry.field
    def coverage_gaps(
        self, info: Info, countries: list[str] | None = None, topics: list[strawberry.ID] | None = None
    ) -> list[CoverageCellType]:
        """Each country × topic with its partners and trained officers; gaps have none."""
        if (countries is not None and len(countries) > 50) or (topics is not None and len(topics) > 100):
            raise field_error("countries", "Ask for at most 50 countries and 100 topics.", code="too_many")
        return graph_answers.coverage_gaps(
            info, countries=countries, topics=[uuid_text(t, "Topic") for t in topics] if topics else None
        )

    @strawberry.field
    def neighbourhood(self, info: Info, kind: NodeKind, uuid: strawberry.ID, depth: int = 1) -> NeighbourhoodType:
        """The records and links around one record, for a network view."""
        return graph_answers.neighbourhood(info, kind=kind.value, uuid=str(uuid), depth=depth)

    @strawberry.field
    def search_names(
        self, info: Info, text: str, kinds: list[SearchKind] | None = None, limit: int = 20
    ) -> list[NameMatchType]:
        """Records named like the text, in any script or spelling."""
        chosen = [kind.value for kind in kinds] if kinds else None
        return graph_answers.name_search(info, text=text, kinds=chosen, limit=limit)
