"""The graph questions answered with records: one Cypher round trip, then the records the viewer may see."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from django.db.models import Model, QuerySet

from answers import phrasebook
from answers.failures import ask
from answers.ranking import current_ranking
from directory.models import ContactChannel, Country, Event, Language, Officer, Organisation, Topic
from directory.models.keyed_reads import KeyedRead
from directory.models.topics import broader_closure
from directory.visibility import Viewer, officer_lookup, officers_by_uuid, visible_contacts, visible_officers_by_uuid
from graph import questions
from graph.search import NameMatch, search_names
from graph.shapes import CoverageState, Label, ReasonKind

M = TypeVar("M", bound=Model)
R = TypeVar("R", Topic, Event)

# What a caller adds to the query of a kind of record, by model: the relations it will read of each record (the
# relations an API client selects), loaded with the records instead of one query per record.
Refinements = Mapping[type[Model], Callable[[QuerySet[Any]], QuerySet[Any]]]
AS_THEY_ARE: Refinements = {}


def _refined(queryset: QuerySet[M], refine: Refinements) -> QuerySet[M]:
    """The queryset with what the caller adds to its kind of record, if anything."""
    refinement = refine.get(queryset.model)
    return refinement(queryset) if refinement else queryset


@dataclass(frozen=True)
class Reason:
    """Why a result is in an answer: the graph's structured reason and the directory's records it names."""

    found: questions.Reason
    topic: Topic | None = None
    event: Event | None = None
    officer: Officer | None = None
    language: Language | None = None

    @property
    def kind(self) -> str:
        """Which reason this is (expertise, shared_event, …); it says which fields are filled."""
        return self.found.kind

    @property
    def text(self) -> str:
        """The reason as a short sentence in the active language."""
        return phrasebook.describe(self)

    @property
    def label(self) -> str:
        """The kind of reason in a word or two, as a page puts it first."""
        return phrasebook.kind_label(self.kind)

    @property
    def points(self) -> float:
        """The points this reason brought to the score (negative for a mark against it)."""
        return self.found.points


_TOPICS = KeyedRead(Topic, "uuid")
_TOPICS_BY_ID = KeyedRead(Topic, "id")
_EVENTS_WITH_CITIES = KeyedRead(Event, "uuid", related="city")


def _read_unless_known(read: KeyedRead[R], uuids: set[str], known: Mapping[str, R]) -> dict[str, R]:
    """The records of these uuids, by uuid: those `known` from there, the others read in one query (none if none)."""
    return {
        **{key: known[key] for key in uuids & known.keys()},
        **{str(record.uuid): record for record in read.all_of(uuids - known.keys())},
    }


@dataclass(frozen=True)
class _Named:
    """The topics, events and languages that a batch of reasons names, each kind loaded in one query."""

    topics: dict[str, Topic]
    events: dict[str, Event]
    languages: dict[str, Language]
    # The reasons made so far, by the graph's reason and the officers they were made with, both kept alive with them:
    # the graph shares one reason between officers whose reasons are alike (graph/questions.py), and so does this.
    made: dict[tuple[int, int], tuple[questions.Reason, dict[str, Officer], Reason]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def load(
        cls,
        reasons: Iterable[questions.Reason],
        topics_read: Mapping[str, Topic] | None = None,
        events_read: Mapping[str, Event] | None = None,
    ) -> _Named:
        """The records these reasons name, those among `topics_read` and `events_read` (by uuid) taken from there."""
        reasons = list(reasons)
        topics = {r.topic for r in reasons if r.topic}
        events = {r.event for r in reasons if r.event}
        codes = {r.language.lower() for r in reasons if r.language}
        # A kind no reason names costs no query (most answers name no language, many no event). By key, in no order,
        # in statements written once (directory/models/keyed_reads.py): each answer names its topics and events.
        return cls(
            _read_unless_known(_TOPICS, topics, topics_read or {}),
            _read_unless_known(_EVENTS_WITH_CITIES, events, events_read or {}),
            {lang.code.lower(): lang for lang in Language.objects.filter(code__in=codes).order_by()} if codes else {},
        )

    def reason(self, found: questions.Reason, officers: dict[str, Officer]) -> Reason:
        """The graph's reason with the records it names; one Reason for each graph reason met again."""
        key = (id(found), id(officers))
        known = self.made.get(key)
        if known is None:
            reason = Reason(
                found,
                topic=self.topics.get(found.topic or ""),
                event=self.events.get(found.event or ""),
                officer=officers.get(found.officer or ""),
                language=self.languages.get((found.language or "").lower()),
            )
            known = self.made[key] = (found, officers, reason)
        return known[2]


@dataclass(frozen=True)
class Counterpart:
    """An officer found for a counterpart question: the record, the score, its reasons and the trust marks."""

    officer: Officer
    score: float
    country_code: str
    reasons: list[Reason] = field(default_factory=list)
    verified: bool = False
    stale: bool = True

    @property
    def sentences(self) -> list[str]:
        """The reasons as a page lists them, in the active language."""
        return phrasebook.sentences(self.reasons)

    @property
    def listed(self) -> list[phrasebook.Listed]:
        """The reasons as a page lists them: the kind first, then the sentence and the points."""
        return phrasebook.listed(self.reasons)

    @property
    def score_sentence(self) -> str:
        """The score in one short sentence: how many points, and from what."""
        return phrasebook.score_sentence(self.score, self.reasons)


# What the counterpart answer's own code reads of each officer, whatever a client selects of it: the uuid it goes by
# and the name a reason gives (an acquaintance in common). The types' fields declare their own (the contacts, the
# agency and its country for who may see them).
COUNTERPART_OFFICER_READS = ("uuid", "name_latin")


def counterparts(user: Viewer, *, refine: Refinements = AS_THEY_ARE, **arguments: Any) -> list[Counterpart]:
    """Counterparts the viewer may see, best first; an acquaintance in common they may not see stays, unnamed."""
    ahead = _ReadAhead(user, refine, arguments.get("topic", ""), arguments.get("officer"))
    found = ask(questions.counterparts, ranking=current_ranking(), meanwhile=ahead.read, **arguments)
    mutual = {reason.officer for c in found for reason in c.reasons if reason.officer}
    officers = officers_by_uuid(ahead.lookup(), {c.officer for c in found} | mutual)
    named = _Named.load((reason for c in found for reason in c.reasons), ahead.topics, ahead.events)
    figures_shown = _contacts_visible(
        user, [officers[c.officer] for c in found if c.officer in officers and _unanswered(c)]
    )
    return [
        Counterpart(
            officers[c.officer],
            c.score,
            c.country,
            [
                named.reason(_unnamed_unless_visible(_figures_if(r, c.officer in figures_shown), officers), officers)
                for r in c.reasons
            ],
            verified=c.verified,
            stale=c.stale,
        )
        for c in found
        if c.officer in officers
    ]


@dataclass
class _ReadAhead:
    """What a counterpart answer's records need whatever the graph finds, read while Neo4j answers (about 13 ms at
    100,000 officers) instead of after: the query of the officers this viewer may see, the asked topic with those
    under it, which its expertise reasons name, and the asker's events, which its shared events are among
    (bench/RESULTS.md)."""

    user: Viewer
    refine: Refinements
    topic: str
    asker: str | None = None
    officers: QuerySet[Officer] | None = None
    topics: dict[str, Topic] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)

    def read(self) -> None:
        self.lookup()
        self.topics = _topic_and_below(self.topic)
        self.events = _events_attended_by(self.asker)

    def lookup(self) -> QuerySet[Officer]:
        """The officers' query, made at the first call: while Neo4j answers, or after its answer if the read ahead
        did not run (the call began only as its deadline passed)."""
        if self.officers is None:
            self.officers = officer_lookup(self.user, self.refine.get(Officer))
        return self.officers


def _topic_and_below(topic: str) -> dict[str, Topic]:
    """The topic of this uuid and every topic under it, by uuid; none for a uuid no topic has (or no uuid)."""
    try:
        asked = _TOPICS.get(uuid.UUID(topic))
    except ValueError:
        return {}  # the graph answers a question about no topic with no one
    if asked is None:
        return {}
    return {str(t.uuid): t for t in [asked, *_TOPICS_BY_ID.all_of(asked.narrower_ids())]}


def _events_attended_by(officer: str | None) -> dict[str, Event]:
    """The events the officer of this uuid attended, with their cities, by uuid; none without an officer."""
    if not officer:
        return {}
    try:
        asker = uuid.UUID(officer)
    except ValueError:
        return {}  # the graph knows no officer by it, so no event is shared with them
    attended = Event.objects.filter(participations__officer__uuid=asker).select_related("city").order_by()
    return {str(event.uuid): event for event in attended}


def _unanswered(found: questions.Counterpart) -> bool:
    return any(reason.kind == ReasonKind.UNANSWERED for reason in found.reasons)


def _contacts_visible(user: Viewer, officers: list[Officer]) -> set[str]:
    """The uuids of these officers of whom the viewer may see some contact details, in one query."""
    if not officers:
        return set()
    channels = visible_contacts(user, ContactChannel.objects.filter(officer__in=officers))
    return {str(uuid) for uuid in channels.values_list("officer__uuid", flat=True).distinct()}


def _figures_if(reason: questions.Reason, shown: bool) -> questions.Reason:
    """Responsiveness figures go with the contact details (as on the profile); without them, only the points stay."""
    if shown or reason.kind != ReasonKind.UNANSWERED:
        return reason
    return replace(reason, answered=None, asked=None)


def _unnamed_unless_visible(reason: questions.Reason, officers: dict[str, Officer]) -> questions.Reason:
    """A reason about an officer the viewer may not see keeps its points but loses the officer's id."""
    if reason.officer is None or reason.officer in officers:
        return reason
    return replace(reason, officer=None)


@dataclass(frozen=True)
class Hop:
    """One step of an introduction: who introduces whom, and why they know each other."""

    from_officer: Officer
    to_officer: Officer
    reason: Reason


@dataclass(frozen=True)
class IntroductionPath:
    """A chain of officers, each linked to the next."""

    officers: list[Officer]
    hops: list[Hop]

    @property
    def already_acquainted(self) -> bool:
        """The two ends already know each other: this one step is their acquaintance, not an introduction."""
        return len(self.hops) == 1 and self.hops[0].reason.kind == ReasonKind.KNOWS

    @property
    def direct_sentence(self) -> str:
        """For a one-step path, why no introduction is needed ("You already know each other: …"); else ''."""
        return phrasebook.direct_link(self.hops[0].reason) if len(self.hops) == 1 else ""


def introduction_paths(user: Viewer, *, refine: Refinements = AS_THEY_ARE, **arguments: Any) -> list[IntroductionPath]:
    """Chains between two officers; a chain through someone the viewer may not see is left out whole."""
    paths = ask(questions.introduction_paths, **arguments)
    officers = visible_officers_by_uuid(user, {uuid for path in paths for uuid in path.officers}, refine.get(Officer))
    named = _Named.load(hop.reason for path in paths for hop in path.hops)
    return [
        IntroductionPath(
            [officers[uuid] for uuid in path.officers],
            [
                Hop(officers[hop.from_officer], officers[hop.to_officer], named.reason(hop.reason, officers))
                for hop in path.hops
            ],
        )
        for path in paths
        if all(uuid in officers for uuid in path.officers)
    ]


@dataclass(frozen=True)
class PartnerCoverage:
    """Where one partner's coverage of a cell comes from: stated, and/or training at the events named."""

    organisation: Organisation
    stated: bool
    events: list[Event]
    # The narrower topics it covers, when it covers the cell only through them.
    subtopics: list[Topic]


@dataclass(frozen=True)
class CoverageCell:
    """A country and topic: covered, partly covered (through named sub-topics) or not, and its trained officers."""

    country: Country
    topic: Topic
    state: CoverageState
    # Partners of the topic itself (or a broader one) first, then those of its sub-topics only.
    coverage: list[PartnerCoverage]
    covered_subtopics: list[Topic]
    trained_officers: int

    @property
    def partners(self) -> list[Organisation]:
        """The partners that cover the topic itself (or a broader one)."""
        return [entry.organisation for entry in self.coverage if not entry.subtopics]

    @property
    def has_no_partner(self) -> bool:
        """No partner covers the topic itself, though some may cover its sub-topics."""
        return self.state != CoverageState.COVERED

    @property
    def has_no_trained_officer(self) -> bool:
        """No officer of this country attended an event on this topic (or a narrower one)."""
        return self.trained_officers == 0


@dataclass(frozen=True)
class _CoverageRecords:
    """The countries, topics, partners and events a batch of coverage cells names, each kind in one query."""

    countries: dict[str, Country]
    topics: dict[str, Topic]
    partners: dict[str, Organisation]
    events: dict[str, Event]
    # Each topic's broader topics at any depth, by pk: a sub-topic under another named one goes without saying.
    above: dict[int, set[int]]

    @classmethod
    def load(cls, cells: list[questions.CoverageCell], refine: Refinements) -> _CoverageRecords:
        sources = [source for cell in cells for source in cell.sources]
        topics = {cell.topic for cell in cells} | {source.topic for source in sources}
        countries = Country.objects.filter(code__in={cell.country for cell in cells})
        partners = Organisation.objects.filter(uuid__in={s.organisation for s in sources})
        events = Event.objects.filter(uuid__in={s.event for s in sources if s.event})
        return cls(
            {str(c.code): c for c in _refined(countries, refine)},
            {str(t.uuid): t for t in _refined(Topic.objects.filter(uuid__in=topics), refine)},
            {str(o.uuid): o for o in _refined(partners, refine)},
            {str(e.uuid): e for e in _refined(events, refine)},
            broader_closure() if any(source.narrower for source in sources) else {},
        )

    def broadest(self, uuids: Iterable[str]) -> list[Topic]:
        """These topics by name, without those that sit under another of them."""
        chosen = {self.topics[uuid] for uuid in uuids if uuid in self.topics}
        pks = {topic.pk for topic in chosen}
        return _by_name(topic for topic in chosen if not self.above.get(topic.pk, set()) & pks)

    def coverage(self, cell: questions.CoverageCell) -> list[PartnerCoverage]:
        """Each partner of the cell once, with where its coverage comes from; sub-topics count only when needed."""
        full = {source.organisation for source in cell.sources if not source.narrower}
        wanted = [source for source in cell.sources if not source.narrower or not full]
        by_partner: dict[str, list[questions.CoverageSource]] = {}
        for source in wanted:
            if source.organisation in self.partners:
                by_partner.setdefault(source.organisation, []).append(source)
        entries = [
            PartnerCoverage(
                self.partners[uuid],
                stated=any(source.event is None for source in found),
                events=sorted(
                    {self.events[s.event] for s in found if s.event in self.events}, key=lambda e: e.starts_on
                ),
                subtopics=self.broadest(s.topic for s in found if s.narrower),
            )
            for uuid, found in by_partner.items()
        ]
        return sorted(entries, key=lambda entry: entry.organisation.name_en)


def _by_name(topics: Iterable[Topic]) -> list[Topic]:
    return sorted(topics, key=lambda topic: topic.name_en)


def coverage_gaps(user: Viewer, *, refine: Refinements = AS_THEY_ARE, **arguments: Any) -> list[CoverageCell]:
    """Every country × topic asked about with its records, one query per kind; cells not yet recorded are left out."""
    cells = ask(questions.coverage_gaps, **arguments)
    records = _CoverageRecords.load(cells, refine)
    return [
        CoverageCell(
            records.countries[cell.country],
            records.topics[cell.topic],
            cell.state,
            records.coverage(cell),
            records.broadest(cell.covered_subtopics),
            cell.trained_officers,
        )
        for cell in cells
        if cell.country in records.countries and cell.topic in records.topics
    ]


@dataclass(frozen=True)
class Node:
    """A record of a neighbourhood: its uuid (or code, for languages), kind and name as the graph holds it."""

    id: str
    kind: str
    name: str | None


@dataclass(frozen=True)
class Link:
    """A relationship between two records of a neighbourhood."""

    source: str
    target: str
    type: str


@dataclass(frozen=True)
class Neighbourhood:
    """The records and links around one record."""

    nodes: list[Node]
    links: list[Link]


def neighbourhood(user: Viewer, **arguments: Any) -> Neighbourhood:
    """The records around one, without the officers the viewer may not see (nor their links)."""
    links = ask(questions.neighbourhood, **arguments)
    kept = questions.links_among(links, set(visible_officers_by_uuid(user, questions.officers_in(links))))
    nodes = {end: Node(end, kind, name) for link in kept for end, kind, name in link.ends()}
    return Neighbourhood(list(nodes.values()), [Link(link.source, link.target, link.type) for link in kept])


def name_search(user: Viewer, **arguments: Any) -> list[NameMatch]:
    """Records named like the text in any script, best first; officers the viewer may not see are left out."""
    matches = ask(search_names, **arguments)
    visible = visible_officers_by_uuid(user, {match.uuid for match in matches if match.kind == Label.OFFICER})
    return [match for match in matches if match.kind != Label.OFFICER or match.uuid in visible]
