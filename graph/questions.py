"""Graph questions as Python: arguments checked, one Cypher round trip, answers as ids, scores and reasons."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from neo4j import Driver
from neo4j._codec.hydration import BrokenHydrationObject  # what the driver holds for a value it could not read

from directory.models import Expertise
from graph.errors import GraphQuestionError
from graph.queries import questions as cypher
from graph.reads import guarded_read
from graph.shapes import (
    COUNTERPART_KEY_LAST,
    COUNTERPART_KEY_SEPARATOR,
    SHAPE_BY_AGGREGATE,
    CoverageState,
    Label,
    ReasonKind,
)

SCOPES = ("neighbours", "country", "all")
MAX_RESULTS = 100
# The levels of expertise, best first, as the counterpart plan reads its classes.
EXPERTISE_LEVELS = sorted(Expertise.Level.values, reverse=True)
SPARSE_CLASS_PER_RESULT = 4
# Up to this many expertise links in the whole graph, scoring every expert costs Neo4j less than reading classes of
# expertise best first: at 1,603 links the reference took p50 14.5 ms against the plan's 15.8, at 3,183 the plan
# 12.9 against 15.3 (bench/RESULTS.md, 2026-12-05). The demo has about 200, where the reference takes half the CPU.
SMALL_GRAPH_EXPERTISE_LINKS = 2000
# How long a process goes by its count of the graph's expertise links before asking Neo4j's count store again.
GRAPH_SIZE_SECONDS = 60.0


@dataclass(frozen=True)
class Reason:
    """One structured reason why a result is there: `kind` says which fields are filled."""

    kind: ReasonKind
    topic: str | None = None
    topic_name: str | None = None
    level: int | None = None
    event: str | None = None
    event_title: str | None = None
    city: str | None = None
    starts_on: str | None = None
    officer: str | None = None
    language: str | None = None
    source: str | None = None
    points: float = 0.0
    # Of `asked` requests users said about in the last twelve months, how many the officer answered.
    answered: int | None = None
    asked: int | None = None


@dataclass(frozen=True)
class Counterpart:
    """An officer found for a question, with the score, the reasons that make it up, and how far to trust it."""

    officer: str
    agency: str
    country: str
    score: float
    languages: list[str]
    reasons: list[Reason] = field(default_factory=list)
    verified: bool = False
    stale: bool = True


@dataclass(frozen=True)
class Ranking:
    """What the counterpart question ranks by: points per reason kind, the share of a narrower topic, the cutoff.

    The policy itself (which factors, how many points) is answers/ranking.py; the graph only counts.
    """

    points: Mapping[str, float]
    narrower_topic_share: float
    stale_before: str  # ISO moment: an entry confirmed before it (or never) is stale
    # By officer uuid, (answered, asked) of the requests users said about, for the officers whose figure counts.
    responses: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    def parameters(self) -> dict[str, Any]:
        """The counterpart question's parameters that carry the ranking."""
        return {
            "points": dict(self.points),
            "narrower_topic_share": self.narrower_topic_share,
            "stale_before": self.stale_before,
            "unanswered": self.unanswered_shares(),
        }

    def unanswered_shares(self) -> dict[str, float]:
        """By officer uuid, the share of requests left unanswered, rounded so that its points are whole hundredths."""
        # Points in whole hundredths never fall halfway when the score and the reason are rounded to two decimals,
        # where Neo4j and Python would round a half differently and the reasons would no longer add up.
        global _shares_made
        steps = abs(self.points.get(ReasonKind.UNANSWERED, 0)) * 100 or 100
        made = _shares_made
        if made is not None and made[0] is self.responses and made[1] == steps:
            return dict(made[2])  # a copy: the caller may change it
        rounded = (
            (uuid, round((1 - answered / asked) * steps) / steps)
            for uuid, (answered, asked) in self.responses.items()
            if asked
        )
        # A share that rounds to nothing costs no points: the officer is ranked as anyone without figures (the plan
        # counts on every officer in the map losing some).
        shares = {uuid: share for uuid, share in rounded if share}
        if type(self.responses) is MappingProxyType:
            # Responses that cannot change (answers/ranking.py gives the same ones while the answers stay the same):
            # the next question's shares are these. With 100,000 answers that is 2,117 shares not worked out again.
            _shares_made = (self.responses, steps, shares)  # one assignment: a thread sees the old or the new whole
        return dict(shares)


# The last unchanging responses' shares: the responses (kept alive with them, so their id is not reused), the
# steps they were rounded to, the shares.
_shares_made: tuple[Mapping[str, tuple[int, int]], float, dict[str, float]] | None = None


def _read(
    driver: Driver, query: str, *, meanwhile: Callable[[], object] | None = None, **parameters: Any
) -> list[dict[str, Any]]:
    records = guarded_read(driver, query, parameters, meanwhile=meanwhile)
    # The questions return maps, lists and plain values only, which the driver already gives as Python's: data()
    # would walk every value again looking for nodes to convert (a sixth of a 50-officer answer's time in GraphQL).
    # The records of one answer share their keys; each is read as the tuple it is (Record.items() checks each value
    # by a call of its own: 76 us for 50 records against 14 us).
    if not records:
        return []
    keys = records[0].keys()
    rows = [dict(zip(keys, tuple.__iter__(record), strict=True)) for record in records]
    if any(isinstance(value, BrokenHydrationObject) for row in rows for value in row.values()):
        # A value the driver could not read: items() raises the driver's own error, which names it.
        return [dict(record.items()) for record in records]
    return rows


def _check_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_RESULTS:
        raise GraphQuestionError("limit", f"ask for between 1 and {MAX_RESULTS} results")


def counterparts(
    driver: Driver,
    *,
    ranking: Ranking,
    topic: str,
    officer: str | None = None,
    agency: str | None = None,
    country: str | None = None,
    scope: str = "neighbours",
    target_country: str | None = None,
    language: str | None = None,
    limit: int = 20,
    links: int | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> list[Counterpart]:
    """Officers with expertise in `topic` (or a sub-topic) in neighbouring countries, a chosen one, or anywhere.

    `links`, the graph's expertise links, chooses the plan (counted from the graph when not given); `meanwhile` runs
    while Neo4j answers (DeadlinePool.run), once the arguments are found good."""
    if scope not in SCOPES:
        raise GraphQuestionError("scope", f"'{scope}' is not one of {', '.join(SCOPES)}")
    if scope == "neighbours" and not (officer or agency or country):
        raise GraphQuestionError("scope", "neighbours of whom? give an officer, an agency or a country")
    if scope == "country" and not target_country:
        raise GraphQuestionError("target_country", "scope 'country' needs the ISO code of the country to search")
    _check_limit(limit)
    parameters = counterpart_parameters(
        ranking=ranking,
        topic=topic,
        officer=officer,
        agency=agency,
        country=country,
        scope=scope,
        target_country=target_country,
        language=language,
        limit=limit,
    )
    plan = counterparts_plan(ranking, expertise_links(driver) if links is None else links)
    rows = _read(driver, plan, meanwhile=meanwhile, **parameters)
    said = _AnswerReasons(ranking)
    return [_counterpart(row, language, said) for row in rows]


def counterparts_plan(ranking: Ranking, links: int) -> str:
    """The counterpart question's Cypher for a graph of `links` expertise links: the plan that reads the best first,
    or the reference where it cannot or where scoring every expert costs less."""
    # The plan takes the asker's neighbourhood as the only officers who may score above their class, and officers with
    # unanswered requests as scoring below it: true while shared events and acquaintances add points and unanswered
    # requests take them away, not under a ranking that would do otherwise.
    bonuses = (ranking.points.get(ReasonKind.SHARED_EVENT, 0), ranking.points.get(ReasonKind.MUTUAL_ACQUAINTANCE, 0))
    if min(bonuses) < 0 or ranking.points.get(ReasonKind.UNANSWERED, 0) > 0 or links <= SMALL_GRAPH_EXPERTISE_LINKS:
        return cypher.COUNTERPARTS_REFERENCE
    return cypher.COUNTERPARTS


# This process's last count of expertise links, and when it was read (time.monotonic()).
_counted: tuple[int, float] | None = None


def expertise_links(driver: Driver) -> int:
    """How many expertise links the graph holds, from Neo4j's count store, read at most every GRAPH_SIZE_SECONDS."""
    global _counted
    counted = _counted
    if counted is not None and time.monotonic() - counted[1] < GRAPH_SIZE_SECONDS:
        return counted[0]
    # Threads that find the count old at once each read it: one look-up in a count store, not worth a lock.
    links = _read(driver, cypher.EXPERTISE_LINKS)[0]["links"]
    _counted = (links, time.monotonic())
    return links


# An argument of the counterpart question not given, as its parameter: never null nor empty. Neo4j keeps a plan per
# query and kinds of parameters, a kind being the type and, for a text, its length to the next power of ten (0 and 1
# exactly). Nulls and empty texts made one plan per mix of missing arguments, each taking 1-3 s to plan when first
# asked; these stand-ins, matching nothing, have the lengths of what they stand for.
NO_UUID = str(uuid.UUID(int=0))  # the nil UUID, which no record has
NO_CODE = "--"  # no country nor language code


def counterpart_parameters(
    *,
    ranking: Ranking,
    topic: str,
    officer: str | None = None,
    agency: str | None = None,
    country: str | None = None,
    scope: str = "neighbours",
    target_country: str | None = None,
    language: str | None = None,
    limit: int = 20,
) -> dict[str, Any]:
    """Every parameter of the counterpart question (either plan), from checked arguments."""
    return {
        "topic": topic,
        "officer": officer or NO_UUID,
        "agency": agency or NO_UUID,
        "country": country.upper() if country else NO_CODE,
        "scope": scope,
        "target_country": target_country.upper() if target_country else NO_CODE,
        "language": language.lower() if language else NO_CODE,
        "no_uuid": NO_UUID,
        "no_code": NO_CODE,
        "limit": limit,
        "levels": EXPERTISE_LEVELS,
        "separator": COUNTERPART_KEY_SEPARATOR,
        "last": COUNTERPART_KEY_LAST,
        # A class's half with at most this many officers is read whole; a larger one in name order, which then finds
        # the first `limit` of them within a few times `limit` rows.
        "sparse": SPARSE_CLASS_PER_RESULT * limit,
        **ranking.parameters(),
    }


def _points(value: float) -> float:
    """Points as the answers give them: to two decimals, like the score (and never -0.0)."""
    return round(value, 2) + 0.0


# Bounded: the points follow the ranking, which staff may change.
@lru_cache(maxsize=4096, typed=True)
def _said(kind: ReasonKind, **values: Any) -> Reason:
    """The reason with these values, made once and shared: an answer's officers share most of their reasons' values
    (the trust marks, a topic at a level), and a reason is frozen."""
    return Reason(kind, **values)


class _AnswerReasons:
    """The reasons of one answer's rows, each worked out once for the answer: its officers share most of them (a topic
    at a level, the trust marks), and working out their points, rounded, was most of a row's time."""

    def __init__(self, ranking: Ranking) -> None:
        self.ranking = ranking
        points = ranking.points
        self.expertise_points = points.get(ReasonKind.EXPERTISE, 0)
        self.event_points = _points(points.get(ReasonKind.SHARED_EVENT, 0))
        self.acquaintance_points = _points(points.get(ReasonKind.MUTUAL_ACQUAINTANCE, 0))
        # By the facts that make each: the values with their types, as `_said` tells them apart (1 is not 1.0).
        self._made: dict[tuple[Any, ...], Reason] = {}

    def fit(self, item: dict[str, Any]) -> float:
        """How well an expertise fits the topic asked: its level, a share of it for a narrower topic."""
        return item["level"] * (self.ranking.narrower_topic_share if item["narrower"] else 1.0)

    def expertise(self, item: dict[str, Any], best: bool) -> Reason:
        """The reason of an expertise; only the best one of a row brings points."""
        topic, name, level, narrower = item["topic"], item["name"], item["level"], item["narrower"]
        key = (ReasonKind.EXPERTISE, topic, name, level, type(level), narrower, type(narrower), best)
        made = self._made.get(key)
        if made is None:
            points = _points(self.expertise_points * self.fit(item)) if best else 0.0
            made = _said(ReasonKind.EXPERTISE, topic=topic, topic_name=name, level=level, points=points)
            self._made[key] = made
        return made

    def mark(self, kind: ReasonKind, count: Any) -> Reason:
        """The reason of a trust mark the row's facts count `count` of."""
        key = (kind, count, type(count))
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = _said(kind, points=_points(self.ranking.points.get(kind, 0) * count))
        return made


def _counterpart(row: dict[str, Any], language: str | None, said: _AnswerReasons) -> Counterpart:
    """The row's facts as reasons, each with the points its fact brought (the best expertise alone counts)."""
    expertise = row["expertise"]
    if len(expertise) > 1:
        expertise = sorted(expertise, key=lambda item: (-said.fit(item), item["name"]))
    reasons = [said.expertise(item, index == 0) for index, item in enumerate(expertise)]
    if row["shared_events"]:
        reasons += [
            _said(
                ReasonKind.SHARED_EVENT,
                event=event["uuid"],
                event_title=event.get("short_title") or event["title"],
                city=event.get("city"),
                starts_on=event.get("starts_on"),
                points=said.event_points,
            )
            for event in sorted(row["shared_events"], key=lambda event: event.get("starts_on") or "")
        ]
    if row["mutual_acquaintances"]:
        reasons += [
            _said(ReasonKind.MUTUAL_ACQUAINTANCE, officer=uuid, points=said.acquaintance_points)
            for uuid in sorted(row["mutual_acquaintances"])
        ]
    if language:
        reasons.append(_said(ReasonKind.SPEAKS, language=language))
    if row["already_known"]:
        reasons.append(_said(ReasonKind.ALREADY_KNOWN))
    facts = row["facts"]
    unverified, stale = facts[ReasonKind.UNVERIFIED], facts[ReasonKind.STALE]
    if unverified:
        reasons.append(said.mark(ReasonKind.UNVERIFIED, unverified))
    if stale:
        reasons.append(said.mark(ReasonKind.STALE, stale))
    if facts.get(ReasonKind.UNANSWERED):
        ranking = said.ranking
        answered, asked = ranking.responses[row["officer"]]
        points_lost = _points(ranking.points.get(ReasonKind.UNANSWERED, 0) * facts[ReasonKind.UNANSWERED])
        reasons.append(_said(ReasonKind.UNANSWERED, answered=answered, asked=asked, points=points_lost))
    return Counterpart(
        row["officer"],
        row["agency"],
        row["country"],
        row["score"],
        sorted(row["languages"]),
        reasons,
        verified=not unverified,
        stale=bool(stale),
    )


@dataclass(frozen=True)
class Hop:
    """One step of an introduction: from one officer to the next, and why they are linked."""

    from_officer: str
    to_officer: str
    reason: Reason


@dataclass(frozen=True)
class IntroductionPath:
    """A chain of officers from one to another."""

    officers: list[str]
    hops: list[Hop]


def introduction_paths(
    driver: Driver, *, from_officer: str, to_officer: str, max_hops: int = 4, limit: int = 5
) -> list[IntroductionPath]:
    """The shortest chains of acquaintances and shared events between two officers, most acquaintances first."""
    if from_officer == to_officer:
        raise GraphQuestionError("to_officer", "choose an officer other than the one to start from")
    if not 1 <= max_hops <= 4:
        raise GraphQuestionError("max_hops", "ask for 1 to 4 hops")
    _check_limit(limit)
    rows = _read(
        driver,
        cypher.INTRODUCTION_PATHS,
        from_officer=from_officer,
        to_officer=to_officer,
        max_hops=max_hops,
        limit=limit,
    )
    return [IntroductionPath(row["officers"], [_hop(hop) for hop in row["hops"]]) for row in rows]


def _hop(hop: dict[str, Any]) -> Hop:
    """One step: an acquaintance (with the event where they met, if known), else the event both attended."""
    event = hop["event"] or {}
    kind = ReasonKind.KNOWS if hop["knows"] else ReasonKind.ATTENDED_TOGETHER
    reason = Reason(
        kind,
        source=hop["source"] if hop["knows"] else None,
        event=event.get("uuid"),
        event_title=event.get("short_title") or event.get("title"),
        city=event.get("city"),
        starts_on=event.get("starts_on"),
    )
    return Hop(hop["from"], hop["to"], reason)


@dataclass(frozen=True)
class CoverageEntry:
    """A partner organisation supporting a country on a topic."""

    coverage: str
    organisation: str
    organisation_name: str
    country: str
    topic: str
    topic_name: str


def coverage(driver: Driver, *, countries: list[str] | None = None, topic: str | None = None) -> list[CoverageEntry]:
    """Which partner covers which country on which topic (the topic's broader and narrower topics included)."""
    codes = [code.upper() for code in countries] if countries else None
    return [CoverageEntry(**row) for row in _read(driver, cypher.COVERAGE, countries=codes, topic=topic)]


@dataclass(frozen=True)
class CoverageSource:
    """One reason a partner covers a cell: stated (no event) or trained at an event; on the topic or a narrower one."""

    organisation: str
    topic: str
    event: str | None
    narrower: bool


class Gaps:
    """What a coverage cell lacks, read from its sources and its count of trained officers."""

    sources: list[CoverageSource]
    trained_officers: int

    @property
    def partners(self) -> list[str]:
        """The partners covering the topic itself (or a broader one), in uuid order."""
        return sorted({source.organisation for source in self.sources if not source.narrower})

    @property
    def covered_subtopics(self) -> list[str]:
        """The narrower topics some partner covers, when the topic itself is not covered, in uuid order."""
        if self.partners:
            return []
        return sorted({source.topic for source in self.sources if source.narrower})

    @property
    def state(self) -> CoverageState:
        """Covered, partly covered (through named sub-topics), or not covered."""
        if self.partners:
            return CoverageState.COVERED
        return CoverageState.PARTLY_COVERED if self.covered_subtopics else CoverageState.NOT_COVERED

    @property
    def has_no_partner(self) -> bool:
        """No partner organisation covers this topic (or a broader one) in this country."""
        return not self.partners

    @property
    def has_no_trained_officer(self) -> bool:
        """No officer of this country attended an event on this topic (or a narrower one)."""
        return self.trained_officers == 0


@dataclass(frozen=True)
class CoverageCell(Gaps):
    """A country and topic: where partners' coverage of it comes from, and the officers trained on it."""

    country: str
    topic: str
    topic_name: str
    sources: list[CoverageSource]
    trained_officers: int


def _source_order(source: CoverageSource) -> tuple[str, str, str, str]:
    return (source.organisation, source.topic, source.event or "", str(source.narrower))


def coverage_gaps(
    driver: Driver, *, countries: list[str] | None = None, topics: list[str] | None = None
) -> list[CoverageCell]:
    """Every country × topic with where its coverage comes from and its trained officers."""
    codes = [code.upper() for code in countries] if countries else None
    rows = _read(driver, cypher.COVERAGE_GAPS, countries=codes, topics=topics)
    return [
        CoverageCell(**{**row, "sources": sorted((CoverageSource(**s) for s in row["sources"]), key=_source_order)})
        for row in rows
    ]


@dataclass(frozen=True)
class GraphLink:
    """A relationship in a neighbourhood: its ends with their kinds and names."""

    source: str
    source_kind: str
    source_name: str | None
    type: str
    target: str
    target_kind: str
    target_name: str | None

    def ends(self) -> tuple[tuple[str, str, str | None], tuple[str, str, str | None]]:
        """Both ends as (uuid, kind, name)."""
        return (self.source, self.source_kind, self.source_name), (self.target, self.target_kind, self.target_name)


def officers_in(links: list[GraphLink]) -> set[str]:
    """The uuids of the officers at either end of these links."""
    return {uuid for link in links for uuid, kind, _ in link.ends() if kind == Label.OFFICER}


def links_among(links: list[GraphLink], visible_officers: set[str]) -> list[GraphLink]:
    """The links whose officer ends are all among `visible_officers` (links to anyone else are dropped)."""
    return [
        link
        for link in links
        if all(kind != Label.OFFICER or uuid in visible_officers for uuid, kind, _ in link.ends())
    ]


def neighbourhood(driver: Driver, *, kind: str, uuid: str, depth: int = 1, max_paths: int = 200) -> list[GraphLink]:
    """The links within `depth` (1 or 2) steps of a record, bounded to `max_paths` paths."""
    if kind not in SHAPE_BY_AGGREGATE:
        raise GraphQuestionError("kind", f"'{kind}' is not one of {', '.join(SHAPE_BY_AGGREGATE)}")
    if depth not in (1, 2):
        raise GraphQuestionError("depth", "choose a depth of 1 or 2")
    if not 1 <= max_paths <= 1000:
        raise GraphQuestionError("max_paths", "choose between 1 and 1000 paths")
    rows = _read(driver, cypher.NEIGHBOURHOOD[kind], uuid=uuid, depth=depth, max_paths=max_paths)
    return [GraphLink(**row) for row in rows]
