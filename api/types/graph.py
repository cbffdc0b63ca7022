"""The graph's answers: results with scores and structured reasons, records loaded through visible querysets."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import strawberry

from api.types.enums import schema_enum
from api.types.events import EventType
from api.types.institutions import OrganisationType
from api.types.people import OfficerType
from api.types.places import CountryType
from api.types.topics import TopicType
from graph.shapes import SEARCHABLE_LABELS
from graph.shapes import CoverageState as GraphCoverageState
from graph.shapes import ReasonKind as GraphReasonKind

if TYPE_CHECKING:
    ReasonKind = enum.Enum
    CoverageState = enum.Enum
    SearchKind = enum.Enum
else:
    # The graph's reason kinds, as the schema names them (to a type checker, an Enum).
    ReasonKind = schema_enum(
        "ReasonKind", {kind.name: kind.value for kind in GraphReasonKind}, "Why a result is in an answer."
    )
    CoverageState = schema_enum(
        "CoverageState",
        {state.name: state.value for state in GraphCoverageState},
        "How far partners cover a country on a topic.",
    )
    # The labels name search looks in.
    SearchKind = schema_enum(
        "SearchKind",
        {label.name: label.value for label in SEARCHABLE_LABELS},
        "The kinds of record name search looks in.",
    )


@strawberry.type(name="Reason")
class ReasonType:
    """One structured reason; `kind` says which fields are filled, `text` says it in the request's language."""

    kind: ReasonKind
    text: str
    topic_uuid: strawberry.ID | None = None
    topic_name: str | None = None
    level: int | None = None
    event_uuid: strawberry.ID | None = None
    event_title: str | None = None
    city: str | None = None
    starts_on: str | None = None
    officer_uuid: strawberry.ID | None = None
    language: str | None = None
    source: str | None = None
    points: float = 0.0
    answered: int | None = None
    asked: int | None = None


@strawberry.type(name="Counterpart")
class CounterpartType:
    """An officer found for a counterpart question."""

    officer: OfficerType
    score: float
    country_code: str
    reasons: list[ReasonType]
    verified: bool = False
    stale: bool = True


@strawberry.type(name="IntroductionHop")
class HopType:
    """One step of an introduction."""

    from_officer: OfficerType
    to_officer: OfficerType
    reason: ReasonType


@strawberry.type(name="IntroductionPath")
class IntroductionPathType:
    """A chain of officers, each linked to the next."""

    officers: list[OfficerType]
    hops: list[HopType]
    already_acquainted: bool = False


@strawberry.type(name="PartnerCoverage")
class PartnerCoverageType:
    """One partner covering a cell, and where that comes from: stated, or training at the events named."""

    organisation: OrganisationType
    stated: bool
    events: list[EventType]
    subtopics: list[TopicType]


@strawberry.type(name="CoverageCell")
class CoverageCellType:
    """A country and topic: covered, partly covered through sub-topics, or not; and its trained officers."""

    country: CountryType
    topic: TopicType
    state: CoverageState
    partners: list[OrganisationType]
    coverage: list[PartnerCoverageType]
    covered_subtopics: list[TopicType]
    trained_officers: int
    has_no_partner: bool
    has_no_trained_officer: bool


@strawberry.type(name="GraphNode")
class GraphNodeType:
    """A node of a neighbourhood: its uuid (or code, for languages), kind and display name."""

    id: strawberry.ID
    kind: str
    name: str | None


@strawberry.type(name="GraphLink")
class GraphLinkType:
    """A relationship of a neighbourhood."""

    source: strawberry.ID
    target: strawberry.ID
    type: str


@strawberry.type(name="Neighbourhood")
class NeighbourhoodType:
    """The nodes and links around a record, for the network view."""

    nodes: list[GraphNodeType]
    links: list[GraphLinkType]


@strawberry.type(name="NameMatch")
class NameMatchType:
    """A record named like the words searched for."""

    uuid: strawberry.ID
    kind: SearchKind
    name: str | None
    native_name: str | None
    score: float
    name_ru: str | None = None
    acronym: str | None = None
    agency: str | None = None
    agency_ru: str | None = None
    country: str | None = None
    country_ru: str | None = None
    country_code: str | None = None
