"""How each directory aggregate looks in the graph: its label, its properties and the links it owns."""

from __future__ import annotations

from dataclasses import dataclass

from directory.models import OutboxEvent

Aggregate = OutboxEvent.Aggregate


@dataclass(frozen=True)
class Link:
    """A relationship type an aggregate owns: replaced whole each time the aggregate is projected."""

    type: str
    target: str
    key: str = "uuid"
    undirected: bool = False


@dataclass(frozen=True)
class Shape:
    """The graph form of one aggregate."""

    aggregate: str
    label: str
    links: tuple[Link, ...] = ()


# Order matters for a rebuild only in speed: targets first, so few placeholders are made.
SHAPES: tuple[Shape, ...] = (
    Shape(Aggregate.COUNTRY, "Country", (Link("BORDERS", "Country", undirected=True),)),
    Shape(Aggregate.CITY, "City", (Link("IN_COUNTRY", "Country"),)),
    Shape(Aggregate.TOPIC, "Topic", (Link("SUBTOPIC_OF", "Topic"),)),
    Shape(Aggregate.AGENCY, "Agency", (Link("IN_COUNTRY", "Country"), Link("IN_CITY", "City"))),
    Shape(Aggregate.ORGANISATION, "Organisation", (Link("BASED_IN", "Country"),)),
    Shape(
        Aggregate.PROGRAMME, "Programme", (Link("IMPLEMENTED_BY", "Organisation"), Link("FUNDED_BY", "Organisation"))
    ),
    Shape(
        Aggregate.EVENT,
        "Event",
        (
            Link("PART_OF", "Programme"),
            Link("HELD_IN", "City"),
            Link("ABOUT", "Topic"),
            Link("ORGANISED_BY", "Organisation"),
            Link("TRAINED_BY", "Organisation"),
        ),
    ),
    Shape(
        Aggregate.OFFICER,
        "Officer",
        (
            Link("WORKS_AT", "Agency"),
            Link("SPEAKS", "Language", key="code"),
            Link("EXPERT_IN", "Topic"),
            Link("ATTENDED", "Event"),
            Link("KNOWS", "Officer", undirected=True),
        ),
    ),
    Shape(
        Aggregate.COVERAGE,
        "Coverage",
        (Link("BY", "Organisation"), Link("FOR_COUNTRY", "Country"), Link("ON_TOPIC", "Topic")),
    ),
)

SHAPE_BY_AGGREGATE: dict[str, Shape] = {shape.aggregate: shape for shape in SHAPES}

# Nodes no aggregate owns: made by MERGE as link targets.
SHARED_LABELS: dict[str, str] = {"Language": "code"}
