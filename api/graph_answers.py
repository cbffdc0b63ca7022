"""Graph questions for the API: one Cypher round trip, then the records through the visible querysets."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from strawberry import Info

from api.permissions import require_signed_in
from api.types.graph import (
    CounterpartType,
    CoverageCellType,
    GraphLinkType,
    GraphNodeType,
    HopType,
    IntroductionPathType,
    NameMatchType,
    NeighbourhoodType,
    ReasonKind,
    ReasonType,
)
from directory import models as m
from directory.errors import field_error
from directory.visibility import visible_officers_by_uuid
from graph import questions
from graph.driver import get_driver
from graph.errors import GraphQuestionError
from graph.search import search_names


def _officers_by_uuid(info: Info, uuids: set[str]) -> dict[str, m.Officer]:
    """The visible officers among these uuids, in one query; an invisible one is simply absent."""
    return visible_officers_by_uuid(require_signed_in(info), uuids)


def _by_uuid(model: type, uuids: set[str]) -> dict[str, Any]:
    return {str(record.uuid): record for record in model.objects.filter(uuid__in=uuids)}


def _reason(reason: questions.Reason) -> ReasonType:
    fields = asdict(reason)
    return ReasonType(
        kind=ReasonKind(fields.pop("kind")),
        text=reason.text,
        topic_uuid=fields.pop("topic"),
        event_uuid=fields.pop("event"),
        officer_uuid=fields.pop("officer"),
        **fields,
    )


def _ask(question: Any, **arguments: Any) -> Any:
    """Ask the graph; a bad argument becomes a ValidationError naming it."""
    try:
        return question(get_driver(), **arguments)
    except GraphQuestionError as error:
        raise field_error(error.field, error.message, code="invalid_argument") from None


def counterparts(info: Info, **arguments: Any) -> list[CounterpartType]:
    """Counterparts, ranked, each officer loaded through the visible queryset."""
    require_signed_in(info)
    found = _ask(questions.counterparts, **arguments)
    officers = _officers_by_uuid(info, {c.officer for c in found})
    return [
        CounterpartType(
            officer=officers[c.officer],
            score=c.score,
            country_code=c.country,
            reasons=[_reason(reason) for reason in c.reasons if reason.officer is None or reason.officer in officers],
        )
        for c in found
        if c.officer in officers
    ]


def introduction_paths(info: Info, **arguments: Any) -> list[IntroductionPathType]:
    """Introduction paths; a path through an officer the viewer may not see is left out whole."""
    require_signed_in(info)
    paths = _ask(questions.introduction_paths, **arguments)
    officers = _officers_by_uuid(info, {uuid for path in paths for uuid in path.officers})
    return [
        IntroductionPathType(
            officers=[officers[uuid] for uuid in path.officers],
            hops=[
                HopType(
                    from_officer=officers[hop.from_officer],
                    to_officer=officers[hop.to_officer],
                    reason=_reason(hop.reason),
                )
                for hop in path.hops
            ],
        )
        for path in paths
        if all(uuid in officers for uuid in path.officers)
    ]


def coverage_gaps(info: Info, **arguments: Any) -> list[CoverageCellType]:
    """Coverage cells with their records loaded in one query per kind."""
    require_signed_in(info)
    cells = _ask(questions.coverage_gaps, **arguments)
    countries = {str(c.code): c for c in m.Country.objects.filter(code__in={cell.country for cell in cells})}
    topics = _by_uuid(m.Topic, {cell.topic for cell in cells})
    partners = _by_uuid(m.Organisation, {uuid for cell in cells for uuid in cell.partners})
    return [
        CoverageCellType(
            country=countries[cell.country],
            topic=topics[cell.topic],
            partners=[partners[uuid] for uuid in cell.partners if uuid in partners],
            trained_officers=cell.trained_officers,
            has_no_partner=cell.has_no_partner,
            has_no_trained_officer=cell.has_no_trained_officer,
        )
        for cell in cells
        if cell.country in countries and cell.topic in topics
    ]


def neighbourhood(info: Info, **arguments: Any) -> NeighbourhoodType:
    """A neighbourhood without the officers the viewer may not see (and without their links)."""
    require_signed_in(info)
    links = _ask(questions.neighbourhood, **arguments)
    kept = questions.links_among(links, set(_officers_by_uuid(info, questions.officers_in(links))))
    nodes = {uuid: GraphNodeType(id=uuid, kind=kind, name=name) for link in kept for uuid, kind, name in link.ends()}
    return NeighbourhoodType(
        nodes=list(nodes.values()),
        links=[GraphLinkType(source=link.source, target=link.target, type=link.type) for link in kept],
    )


def name_search(info: Info, **arguments: Any) -> list[NameMatchType]:
    """Name matches; officers the viewer may not see are left out."""
    require_signed_in(info)
    matches = _ask(search_names, **arguments)
    visible = _officers_by_uuid(info, {match.uuid for match in matches if match.kind == "Officer"})
    return [NameMatchType(**asdict(match)) for match in matches if match.kind != "Officer" or match.uuid in visible]
