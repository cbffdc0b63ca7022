"""How each directory aggregate looks in the graph: its label, its properties and the links it owns."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from directory.models import OutboxEvent

Aggregate = OutboxEvent.Aggregate


class Label(StrEnum):
    """Every node label of the graph: the one place they are spelled."""

    COUNTRY = "Country"
    CITY = "City"
    TOPIC = "Topic"
    AGENCY = "Agency"
    ORGANISATION = "Organisation"
    PROGRAMME = "Programme"
    EVENT = "Event"
    OFFICER = "Officer"
    COVERAGE = "Coverage"
    LANGUAGE = "Language"


class Rel(StrEnum):
    """Every relationship type of the graph: the one place they are spelled."""

    BORDERS = "BORDERS"
    IN_COUNTRY = "IN_COUNTRY"
    IN_CITY = "IN_CITY"
    SUBTOPIC_OF = "SUBTOPIC_OF"
    BASED_IN = "BASED_IN"
    IMPLEMENTED_BY = "IMPLEMENTED_BY"
    FUNDED_BY = "FUNDED_BY"
    PART_OF = "PART_OF"
    HELD_IN = "HELD_IN"
    ABOUT = "ABOUT"
    ORGANISED_BY = "ORGANISED_BY"
    TRAINED_BY = "TRAINED_BY"
    WORKS_AT = "WORKS_AT"
    SPEAKS = "SPEAKS"
    EXPERT_IN = "EXPERT_IN"
    ATTENDED = "ATTENDED"
    KNOWS = "KNOWS"
    BY = "BY"
    FOR_COUNTRY = "FOR_COUNTRY"
    ON_TOPIC = "ON_TOPIC"


class ReasonKind(StrEnum):
    """Why a record is in a graph answer: the kinds of reason the questions give."""

    EXPERTISE = "expertise"
    SHARED_EVENT = "shared_event"
    MUTUAL_ACQUAINTANCE = "mutual_acquaintance"
    SPEAKS = "speaks"
    ALREADY_KNOWN = "already_known"
    KNOWS = "knows"
    ATTENDED_TOGETHER = "attended_together"
    UNVERIFIED = "unverified"
    STALE = "stale"
    UNANSWERED = "unanswered"


class CounterpartKey(StrEnum):
    """The sort keys each EXPERT_IN link carries for the counterpart question (graph/queries/counterparts.py).

    Both start with the expertise's class: topic uuid, officer's country, level, verified (1 or 0), each followed by
    the separator; then the officer's Latin name and uuid, or their last confirmation (empty when never confirmed).
    """

    BY_NAME = "counterpart_by_name"
    BY_CONFIRMATION = "counterpart_by_confirmation"


# Joins the parts of a counterpart key: below every character a name holds, so "Ann" sorts before "Anna".
COUNTERPART_KEY_SEPARATOR = "\u0001"
# Stands for a missing name: above every character a name holds.
COUNTERPART_KEY_LAST = "\uffff"


class CoverageState(StrEnum):
    """How far partners cover a country on a topic: the same three states on every page and in the API."""

    COVERED = "covered"
    PARTLY_COVERED = "partly_covered"
    NOT_COVERED = "not_covered"


@dataclass(frozen=True)
class Link:
    """A relationship type an aggregate owns: replaced whole each time the aggregate is projected."""

    type: Rel
    target: Label
    key: str = "uuid"
    undirected: bool = False


@dataclass(frozen=True)
class Shape:
    """The graph form of one aggregate."""

    aggregate: str
    label: Label
    links: tuple[Link, ...] = ()


# Order matters for a rebuild only in speed: targets first, so few placeholders are made.
SHAPES: tuple[Shape, ...] = (
    Shape(Aggregate.COUNTRY, Label.COUNTRY, (Link(Rel.BORDERS, Label.COUNTRY, undirected=True),)),
    Shape(Aggregate.CITY, Label.CITY, (Link(Rel.IN_COUNTRY, Label.COUNTRY),)),
    Shape(Aggregate.TOPIC, Label.TOPIC, (Link(Rel.SUBTOPIC_OF, Label.TOPIC),)),
    Shape(Aggregate.AGENCY, Label.AGENCY, (Link(Rel.IN_COUNTRY, Label.COUNTRY), Link(Rel.IN_CITY, Label.CITY))),
    Shape(Aggregate.ORGANISATION, Label.ORGANISATION, (Link(Rel.BASED_IN, Label.COUNTRY),)),
    Shape(
        Aggregate.PROGRAMME,
        Label.PROGRAMME,
        (Link(Rel.IMPLEMENTED_BY, Label.ORGANISATION), Link(Rel.FUNDED_BY, Label.ORGANISATION)),
    ),
    Shape(
        Aggregate.EVENT,
        Label.EVENT,
        (
            Link(Rel.PART_OF, Label.PROGRAMME),
            Link(Rel.HELD_IN, Label.CITY),
            Link(Rel.ABOUT, Label.TOPIC),
            Link(Rel.ORGANISED_BY, Label.ORGANISATION),
            Link(Rel.TRAINED_BY, Label.ORGANISATION),
        ),
    ),
    Shape(
        Aggregate.OFFICER,
        Label.OFFICER,
        (
            Link(Rel.WORKS_AT, Label.AGENCY),
            Link(Rel.SPEAKS, Label.LANGUAGE, key="code"),
            Link(Rel.EXPERT_IN, Label.TOPIC),
            Link(Rel.ATTENDED, Label.EVENT),
            Link(Rel.KNOWS, Label.OFFICER, undirected=True),
        ),
    ),
    Shape(
        Aggregate.COVERAGE,
        Label.COVERAGE,
        (Link(Rel.BY, Label.ORGANISATION), Link(Rel.FOR_COUNTRY, Label.COUNTRY), Link(Rel.ON_TOPIC, Label.TOPIC)),
    ),
)

SHAPE_BY_AGGREGATE: dict[str, Shape] = {shape.aggregate: shape for shape in SHAPES}

# Nodes no aggregate owns: made by MERGE as link targets.
SHARED_LABELS: dict[str, str] = {Label.LANGUAGE: "code"}
# The labels name search looks in: every record people name, not links (coverage) or programmes.
SEARCHABLE_LABELS: tuple[Label, ...] = (
    Label.OFFICER,
    Label.AGENCY,
    Label.ORGANISATION,
    Label.COUNTRY,
    Label.CITY,
    Label.TOPIC,
    Label.EVENT,
)
