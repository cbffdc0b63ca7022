"""Graph questions for the pages: one Cypher round trip, then the records through the viewer's read rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

from directory.models import Event, Language, Officer, Topic
from directory.visibility import visible_officers_by_uuid
from frontend.reasons import describe
from frontend.templatetags.liaison import localized
from graph import questions
from graph.driver import get_driver
from graph.search import NameMatch, search_names


class GraphUnavailable(Exception):
    """The graph could not answer now; the page says so instead of failing."""


def ask(question: Any, **arguments: Any) -> Any:
    """Ask the graph; an unreachable or failing server becomes GraphUnavailable (GraphQuestionError passes)."""
    try:
        return question(get_driver(), **arguments)
    except (ServiceUnavailable, SessionExpired, Neo4jError, OSError) as error:
        raise GraphUnavailable(str(error)) from error


def _records_for(reasons: list[questions.Reason]) -> tuple[dict[str, Topic], dict[str, Event]]:
    topics = {r.topic for r in reasons if r.topic}
    events = {r.event for r in reasons if r.event}
    return (
        {str(t.uuid): t for t in Topic.objects.filter(uuid__in=topics)},
        {str(e.uuid): e for e in Event.objects.filter(uuid__in=events).select_related("city")},
    )


@dataclass
class FoundCounterpart:
    """A counterpart as a page shows it: the officer, the score and the reasons in the page's language."""

    officer: Officer
    score: float
    reasons: list[str] = field(default_factory=list)


def find_counterparts(user: Any, **arguments: Any) -> list[FoundCounterpart]:
    """Counterparts the viewer may see, best first, with each reason written out."""
    found: list[questions.Counterpart] = ask(questions.counterparts, **arguments)
    officers = visible_officers_by_uuid(user, {c.officer for c in found})
    topics, events = _records_for([reason for c in found for reason in c.reasons])
    language = Language.objects.filter(code=arguments.get("language") or "").first()
    language_name = localized(language) if language else ""
    answers = []
    for counterpart in found:
        if counterpart.officer not in officers:
            continue
        mutual = [r for r in counterpart.reasons if r.kind == "mutual_acquaintance" and r.officer in officers]
        reasons = [
            describe(reason, topics=topics, events=events, language=language_name)
            for reason in counterpart.reasons
            if reason.kind != "mutual_acquaintance"
        ]
        if mutual:
            reasons.append(describe(mutual[0], topics=topics, events=events, count=len(mutual)))
        answers.append(FoundCounterpart(officers[counterpart.officer], counterpart.score, reasons))
    return answers


@dataclass
class Step:
    """One hop of an introduction: who introduces whom, and why they know each other."""

    from_officer: Officer
    to_officer: Officer
    reason: str


def find_introductions(user: Any, *, from_officer: Officer, to_officer: Officer) -> list[list[Step]]:
    """Chains of people from the viewer to an officer; a chain through someone the viewer may not see is left out."""
    paths: list[questions.IntroductionPath] = ask(
        questions.introduction_paths, from_officer=str(from_officer.uuid), to_officer=str(to_officer.uuid)
    )
    officers = visible_officers_by_uuid(user, {uuid for path in paths for uuid in path.officers})
    topics, events = _records_for([hop.reason for path in paths for hop in path.hops])
    return [
        [
            Step(
                officers[hop.from_officer], officers[hop.to_officer], describe(hop.reason, topics=topics, events=events)
            )
            for hop in path.hops
        ]
        for path in paths
        if all(uuid in officers for uuid in path.officers)
    ]


def _step(hop: questions.Hop, officers: dict[str, Officer], topics: dict[str, Topic], events: dict[str, Event]) -> Step:
    reason = describe(hop.reason, topics=topics, events=events)
    return Step(officers[hop.from_officer], officers[hop.to_officer], reason)


@dataclass(frozen=True)
class Node:
    """A record in a neighbourhood, as the network page draws it."""

    id: str
    kind: str
    name: str


@dataclass(frozen=True)
class Link:
    """A relationship between two records of a neighbourhood."""

    source: str
    target: str
    type: str


def find_neighbourhood(user: Any, *, kind: str, uuid: str, depth: int = 1) -> tuple[list[Node], list[Link]]:
    """The records around one, without the officers the viewer may not see (nor their links)."""
    links: list[questions.GraphLink] = ask(questions.neighbourhood, kind=kind, uuid=uuid, depth=depth)
    kept = questions.links_among(links, set(visible_officers_by_uuid(user, questions.officers_in(links))))
    nodes = {end: Node(end, end_kind, name or "") for link in kept for end, end_kind, name in link.ends()}
    return list(nodes.values()), [Link(link.source, link.target, link.type) for link in kept]


def find_names(user: Any, text: str, *, limit: int = 30) -> list[NameMatch]:
    """Records named like `text` in any script; officers the viewer may not see are left out."""
    matches: list[NameMatch] = ask(search_names, text=text, limit=limit)
    visible = visible_officers_by_uuid(user, {match.uuid for match in matches if match.kind == "Officer"})
    return [match for match in matches if match.kind != "Officer" or match.uuid in visible]
