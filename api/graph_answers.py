"""Graph questions for the API: the read model's typed answers as GraphQL types, its failures as typed errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import Any, cast

import strawberry
from graphql import GraphQLError
from strawberry import Info

from answers import questions as answers
from answers.failures import GraphUnavailable
from api.answer_records import loading_selected
from api.permissions import require_signed_in
from api.types.events import EventType
from api.types.graph import (
    CounterpartType,
    CoverageCellType,
    CoverageState,
    GraphLinkType,
    GraphNodeType,
    HopType,
    IntroductionPathType,
    NameMatchType,
    NeighbourhoodType,
    PartnerCoverageType,
    ReasonKind,
    ReasonType,
    SearchKind,
)
from api.types.institutions import OrganisationType
from api.types.people import OfficerType
from api.types.places import CountryType
from api.types.topics import TopicType
from directory.error_codes import ErrorCode
from directory.errors import field_error
from directory.models import Country, Event, Officer, Organisation, Topic
from graph.errors import GraphQuestionError

GRAPH_UNAVAILABLE = "The network graph is not answering right now; ask again in {seconds} seconds."


@contextmanager
def _answering() -> Iterator[None]:
    """A bad argument becomes a ValidationError naming it; a graph that cannot answer, GRAPH_UNAVAILABLE."""
    try:
        yield
    except GraphQuestionError as error:
        raise field_error(error.field, error.message, code="invalid_argument") from None
    except GraphUnavailable as error:
        # A GraphQLError with its own code passes the error masking as it is: clients branch on the code.
        raise GraphQLError(
            GRAPH_UNAVAILABLE.format(seconds=error.retry_after),
            extensions={"code": ErrorCode.GRAPH_UNAVAILABLE, "retryAfter": error.retry_after},
        ) from None


def _reason(reason: answers.Reason) -> ReasonType:
    """A reason with its sentence in the request's language."""
    # A shallow copy: every field is a plain value, and asdict's deep copy was a tenth of a 50-officer answer's time.
    fields = dict(vars(reason.found))
    return ReasonType(
        kind=ReasonKind(fields.pop("kind")),
        text=reason.text,
        topic_uuid=fields.pop("topic"),
        event_uuid=fields.pop("event"),
        officer_uuid=fields.pop("officer"),
        **fields,
    )


def _reasons_said_once() -> Callable[[answers.Reason], ReasonType]:
    """`_reason` for one answer, which gives the reasons alike (a trust mark, a topic at a level) one type between
    them: a 50-officer answer has about 170 reasons and 5 to 25 different ones, each shared by the officers who have it
    (answers/questions.py)."""
    # By reason, each kept alive with its type so that its id is not reused: the sentence is in the request's
    # language, so this lives for one answer only.
    said: dict[int, tuple[answers.Reason, ReasonType]] = {}

    def reason(found: answers.Reason) -> ReasonType:
        known = said.get(id(found))
        if known is None:
            known = said[id(found)] = (found, _reason(found))
        return known[1]

    return reason


# The answers carry model instances, which strawberry-django renders through the declared types (hence `cast`).


def counterparts(info: Info, **arguments: Any) -> list[CounterpartType]:
    """Counterparts, ranked, each officer loaded through the visible queryset."""
    with _answering():
        refine: answers.Refinements = {
            Officer: loading_selected(info, "officer", reading=answers.COUNTERPART_OFFICER_READS)
        }
        found = answers.counterparts(require_signed_in(info), refine=refine, **arguments)
    reason = _reasons_said_once()
    return [
        CounterpartType(
            officer=cast(OfficerType, c.officer),
            score=c.score,
            country_code=c.country_code,
            reasons=[reason(r) for r in c.reasons],
            verified=c.verified,
            stale=c.stale,
        )
        for c in found
    ]


def introduction_paths(info: Info, **arguments: Any) -> list[IntroductionPathType]:
    """Introduction paths; a path through an officer the viewer may not see is left out whole."""
    with _answering():
        refine: answers.Refinements = {
            Officer: loading_selected(info, "officers", "hops.fromOfficer", "hops.toOfficer")
        }
        paths = answers.introduction_paths(require_signed_in(info), refine=refine, **arguments)
    return [
        IntroductionPathType(
            officers=cast(list[OfficerType], path.officers),
            hops=[
                HopType(
                    from_officer=cast(OfficerType, hop.from_officer),
                    to_officer=cast(OfficerType, hop.to_officer),
                    reason=_reason(hop.reason),
                )
                for hop in path.hops
            ],
            already_acquainted=path.already_acquainted,
        )
        for path in paths
    ]


def coverage_gaps(info: Info, **arguments: Any) -> list[CoverageCellType]:
    """Coverage cells with their records loaded in one query per kind."""
    with _answering():
        refine: answers.Refinements = {
            Country: loading_selected(info, "country"),
            Topic: loading_selected(info, "topic", "coveredSubtopics", "coverage.subtopics"),
            Organisation: loading_selected(info, "partners", "coverage.organisation"),
            Event: loading_selected(info, "coverage.events"),
        }
        cells = answers.coverage_gaps(require_signed_in(info), refine=refine, **arguments)
    return [
        CoverageCellType(
            country=cast(CountryType, cell.country),
            topic=cast(TopicType, cell.topic),
            state=CoverageState(cell.state.value),
            partners=cast(list[OrganisationType], cell.partners),
            coverage=[
                PartnerCoverageType(
                    organisation=cast(OrganisationType, entry.organisation),
                    stated=entry.stated,
                    events=cast(list[EventType], entry.events),
                    subtopics=cast(list[TopicType], entry.subtopics),
                )
                for entry in cell.coverage
            ],
            covered_subtopics=cast(list[TopicType], cell.covered_subtopics),
            trained_officers=cell.trained_officers,
            has_no_partner=cell.has_no_partner,
            has_no_trained_officer=cell.has_no_trained_officer,
        )
        for cell in cells
    ]


def neighbourhood(info: Info, **arguments: Any) -> NeighbourhoodType:
    """A neighbourhood without the officers the viewer may not see (and without their links)."""
    with _answering():
        found = answers.neighbourhood(require_signed_in(info), **arguments)
    return NeighbourhoodType(
        nodes=[GraphNodeType(id=strawberry.ID(node.id), kind=node.kind, name=node.name) for node in found.nodes],
        links=[
            GraphLinkType(source=strawberry.ID(link.source), target=strawberry.ID(link.target), type=link.type)
            for link in found.links
        ],
    )


def name_search(info: Info, **arguments: Any) -> list[NameMatchType]:
    """Name matches; officers the viewer may not see are left out."""
    with _answering():
        matches = answers.name_search(require_signed_in(info), **arguments)
    return [NameMatchType(**{**asdict(match), "kind": SearchKind(match.kind)}) for match in matches]
