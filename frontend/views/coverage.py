"""Coverage: which partner supports which country on which topic, and the gaps, as a matrix and as a map."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from answers.failures import GraphUnavailable, ask
from answers.questions import CoverageCell, PartnerCoverage, coverage_gaps
from directory.models import Country, Organisation, Topic
from directory.visibility import Viewer
from frontend.choices import country_choices, topic_choices, topic_tree
from frontend.map import map_name, other_name, region_map
from frontend.templatetags.liaison import localized
from graph import questions
from graph.shapes import CoverageState

# Neighbours outside the directory whose names the map shows; the others are small or cut by the frame.
NAMED_NEIGHBOURS = {"AZ", "IN", "IR", "MN", "PK"}

# What a country's colour on the map says, in the legend's order.
STATES = {
    "covered": _("Covered by a partner, and trained officers"),
    "no-officer": _("Covered by a partner, but no trained officer"),
    "partly": _("Partly covered (some sub-topics), and trained officers"),
    "partly-no-officer": _("Partly covered (some sub-topics), but no trained officer"),
    "no-partner": _("Not covered by a partner, but trained officers"),
    "gap": _("Not covered by a partner, and no trained officer"),
    "listed": _("In the directory"),
    "no-agencies": _("In the directory, but no agency recorded"),
    "outside": _("Not in the directory"),
}


class CoverageFilter(forms.Form):
    """The topic (and, for the matrix, the country) to show; each may be left open."""

    topic = forms.ChoiceField(
        label=_("Topic"), required=False, error_messages={"invalid_choice": _("Choose a topic from the list.")}
    )
    country = forms.ChoiceField(
        label=_("Country"), required=False, error_messages={"invalid_choice": _("Choose a country from the list.")}
    )

    def __init__(self, *args: Any, for_map: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("Choose a topic") if for_map else _("Every topic")), *topic_choices()]
        if for_map:
            del self.fields["country"]
        else:
            self.fields["country"].choices = [("", _("Every country")), *country_choices()]


def _filters(request: HttpRequest, *, for_map: bool = False) -> tuple[CoverageFilter, dict[str, str] | None]:
    """The form and its cleaned choices; None when a choice was not one of the list."""
    form = CoverageFilter(request.GET or None, for_map=for_map)
    if not form.is_bound:
        return form, {}
    return form, form.cleaned_data if form.is_valid() else None


def _with_narrower(tree: list[tuple[Topic, int]], slug: str) -> list[tuple[Topic, int]]:
    """The topic of this slug and every topic under it, in tree order."""
    start = next(index for index, (topic, _depth) in enumerate(tree) if topic.slug == slug)
    top = tree[start][1]
    end = next((i for i in range(start + 1, len(tree)) if tree[i][1] <= top), len(tree))
    return tree[start:end]


def _organisations(uuids: set[str]) -> dict[str, Organisation]:
    """The partner organisations of these uuids, in one query."""
    return {str(organisation.uuid): organisation for organisation in Organisation.objects.filter(uuid__in=uuids)}


class CellFacts:
    """What a matrix cell and a map country both tell of the read model's cell (nothing when the graph has none)."""

    cell: CoverageCell | None

    @property
    def coverage(self) -> list[PartnerCoverage]:
        """The partners, each with where its coverage comes from."""
        return self.cell.coverage if self.cell else []

    @property
    def partners(self) -> list[Organisation]:
        """The partners covering the topic itself."""
        return self.cell.partners if self.cell else []

    @property
    def covered_subtopics(self) -> list[Topic]:
        """For a partly covered cell or country, the sub-topics that are covered."""
        return self.cell.covered_subtopics if self.cell else []

    @property
    def trained_officers(self) -> int:
        """How many of the country's officers attended an event on the topic."""
        return self.cell.trained_officers if self.cell else 0


@dataclass
class MatrixCell(CellFacts):
    """A country and topic as the matrix shows it: the read model's cell, or none when the graph has none yet."""

    country: Country
    cell: CoverageCell | None = None

    @property
    def state(self) -> str:
        """covered, partly_covered or not_covered."""
        return self.cell.state.value if self.cell else CoverageState.NOT_COVERED.value

    @property
    def no_partner(self) -> bool:
        """No partner covers this topic itself in this country (it may be partly covered)."""
        return self.state != CoverageState.COVERED

    @property
    def no_trained_officer(self) -> bool:
        """No officer of this country attended an event on this topic: a gap."""
        return self.trained_officers == 0


@dataclass
class MatrixRow:
    """A topic across the countries shown."""

    topic: Topic
    depth: int
    cells: list[MatrixCell]


@dataclass
class PartnerRow:
    """A partner organisation across the countries shown: the topics it covers in each."""

    organisation: Organisation
    topics: list[list[Topic]] = field(default_factory=list)


def _matrix(user: Viewer, topic_slug: str | None, country_code: str | None) -> dict[str, Any]:
    """The gap matrix (topic × country) and the partner table (organisation × country), for the choices made."""
    every_topic = topic_tree()
    tree = _with_narrower(every_topic, topic_slug) if topic_slug else every_topic
    chosen = tree[0][0] if topic_slug else None
    entries: list[questions.CoverageEntry] = ask(
        questions.coverage,
        countries=[country_code] if country_code else None,
        topic=str(chosen.uuid) if chosen else None,
    )
    if country_code:
        codes = [country_code]
    else:
        with_agencies = Country.objects.filter(agencies__isnull=False).values_list("code", flat=True)
        codes = sorted(set(with_agencies) | {entry.country for entry in entries})
    cells = coverage_gaps(user, countries=codes, topics=[str(topic.uuid) for topic, _depth in tree] if chosen else None)
    countries = sorted(Country.objects.filter(code__in=codes), key=localized)
    organisations = _organisations({e.organisation for e in entries})
    rows = _gap_rows(tree, countries, cells)
    # A topic under two broader topics has two rows; each cell counts once.
    every_cell = list({(row.topic.pk, cell.country.code): cell for row in rows for cell in row.cells}.values())
    states = Counter(cell.state for cell in every_cell)
    return {
        "countries": countries,
        "rows": rows,
        "partner_rows": _partner_rows(entries, countries, organisations, [topic for topic, _depth in every_topic]),
        "cell_count": len(every_cell),
        "covered_count": states[CoverageState.COVERED],
        "partly_covered_count": states[CoverageState.PARTLY_COVERED],
        "not_covered_count": states[CoverageState.NOT_COVERED],
        "no_trained_count": sum(cell.no_trained_officer for cell in every_cell),
        "chosen_topic": chosen,
    }


def _gap_rows(tree: list[tuple[Topic, int]], countries: list[Country], cells: list[CoverageCell]) -> list[MatrixRow]:
    """One row per topic the graph answered for, one cell per country."""
    by_key = {(cell.topic.pk, cell.country.code): cell for cell in cells}
    answered = {cell.topic.pk for cell in cells}
    rows = []
    for topic, depth in tree:
        if topic.pk not in answered:
            continue  # not yet in the graph (the projector catches up within seconds)
        rows.append(
            MatrixRow(
                topic, depth, [MatrixCell(country, by_key.get((topic.pk, country.code))) for country in countries]
            )
        )
    return rows


def _partner_rows(
    entries: list[questions.CoverageEntry],
    countries: list[Country],
    organisations: dict[str, Organisation],
    every_topic: list[Topic],
) -> list[PartnerRow]:
    """Each partner with the topics it is stated to cover in each country shown."""
    topics = {str(topic.uuid): topic for topic in every_topic}
    covered: dict[str, dict[str, list[Topic]]] = {}
    for entry in entries:
        if entry.organisation in organisations and entry.topic in topics:
            covered.setdefault(entry.organisation, {}).setdefault(entry.country, []).append(topics[entry.topic])
    rows = [
        PartnerRow(
            organisations[uuid],
            [sorted(by_country.get(country.code, []), key=localized) for country in countries],
        )
        for uuid, by_country in covered.items()
    ]
    return sorted(rows, key=lambda row: localized(row.organisation))


@login_required
@require_GET
def coverage_matrix(request: HttpRequest) -> HttpResponse:
    """Partner × country × topic, with the gaps (no partner, no trained officer) written in the cells."""
    form, chosen = _filters(request)
    context: dict[str, Any] = {"form": form, "graph_down": False, "rows": [], "countries": [], "partner_rows": []}
    if chosen is not None:
        try:
            context.update(_matrix(request.user, chosen.get("topic") or None, chosen.get("country") or None))
        except GraphUnavailable:
            context["graph_down"] = True
    return render(request, "frontend/coverage/matrix.html", context)


@dataclass
class MapCountry(CellFacts):
    """A country as the map draws it and the table beside it lists it."""

    code: str
    name: str
    path: str
    label_x: int
    label_y: int
    state: str
    country: Country | None = None
    cell: CoverageCell | None = None

    @property
    def state_label(self) -> str:
        """What the country's colour says."""
        return str(STATES[self.state])

    @property
    def labelled(self) -> bool:
        """Whether the map writes the country's name on it."""
        return self.country is not None or self.code in NAMED_NEIGHBOURS


def _state(cell: CoverageCell | None, country: Country | None, with_agencies: set[str]) -> str:
    """The map colour of a country: outside the directory, without agencies, not asked about, or its coverage."""
    if country is None:
        return "outside"
    if country.code not in with_agencies and not (cell and cell.coverage):
        return "no-agencies"  # no officers there to train: "no partner" would say little
    if cell is None:
        return "listed"
    trained = cell.trained_officers > 0
    if cell.state == CoverageState.COVERED:
        return "covered" if trained else "no-officer"
    if cell.state == CoverageState.PARTLY_COVERED:
        return "partly" if trained else "partly-no-officer"
    return "no-partner" if trained else "gap"


def _map_countries(user: Viewer, topic: Topic | None) -> tuple[list[MapCountry], bool]:
    """Every country of the map with its state for the topic; True when the graph could not answer."""
    shapes = region_map().shapes
    directory = {country.code: country for country in Country.objects.filter(code__in=shapes)}
    with_agencies = set(Country.objects.filter(code__in=shapes, agencies__isnull=False).values_list("code", flat=True))
    cells: dict[str, CoverageCell] = {}
    graph_down = False
    if topic is not None:
        try:
            found = coverage_gaps(user, countries=sorted(directory), topics=[str(topic.uuid)])
            cells = {cell.country.code: cell for cell in found}
        except GraphUnavailable:
            graph_down = True
    drawn = []
    for code, shape in shapes.items():
        country, cell = directory.get(code), cells.get(code)
        drawn.append(
            MapCountry(
                code=code,
                name=localized(country) if country else map_name(code),
                path=shape.path,
                label_x=shape.label_x,
                label_y=shape.label_y,
                state=_state(cell, country, with_agencies),
                country=country,
                cell=cell,
            )
        )
    return drawn, graph_down


@login_required
@require_GET
def coverage_map(request: HttpRequest) -> HttpResponse:
    """The region drawn on the server, coloured by coverage of the chosen topic, with the same data as a table."""
    form, chosen = _filters(request, for_map=True)
    slug = (chosen or {}).get("topic")
    topic = Topic.objects.get(slug=slug) if slug else None
    drawn, graph_down = _map_countries(request.user, topic)
    in_directory = sorted((c for c in drawn if c.country is not None), key=lambda c: c.name)
    used = {c.state for c in drawn}
    drawing = region_map()
    context = {
        "form": form,
        "topic": topic,
        "graph_down": graph_down,
        "map": drawing,
        "countries": drawn,
        "others": [(other_name(name), path) for name, path in drawing.others],
        "table": [c for c in in_directory if c.state not in {"listed", "no-agencies"}],
        "legend": [(state, label) for state, label in STATES.items() if state in used],
        "summary": [
            (label, names)
            for state, label in STATES.items()
            if (names := [c.name for c in in_directory if c.state == state])
        ],
    }
    return render(request, "frontend/coverage/map.html", context)
