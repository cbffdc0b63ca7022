"""The network view: the records around one officer, agency, partner, country, event or topic, drawn and listed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from answers.failures import GraphUnavailable
from answers.questions import Link, Node, neighbourhood
from directory.models import Agency, City, Country, Coverage, Event, Language, Officer, Organisation, Programme, Topic
from directory.visibility import visible_officers
from frontend.links import page_urls
from frontend.templatetags.liaison import event_label, localized, person_text, reading_russian
from frontend.views.network_selection import NODE_BOUND, NODE_BOUND_MAX, NODE_BOUND_STEP, Selection, select
from graph.shapes import Label, Rel

# The records a network can be centred on: the kind in the address, its model and its graph label.
CENTRES: dict[str, tuple[type[Model], Label]] = {
    "officer": (Officer, Label.OFFICER),
    "agency": (Agency, Label.AGENCY),
    "organisation": (Organisation, Label.ORGANISATION),
    "country": (Country, Label.COUNTRY),
    "event": (Event, Label.EVENT),
    "topic": (Topic, Label.TOPIC),
}

# What each kind of record is called, for the key beside the drawing.
KIND_NAMES = {
    Label.OFFICER: _("Officer"),
    Label.AGENCY: _("Agency"),
    Label.ORGANISATION: _("Partner organisation"),
    Label.COUNTRY: _("Country"),
    Label.CITY: _("City"),
    Label.EVENT: _("Event"),
    Label.TOPIC: _("Topic"),
    Label.LANGUAGE: _("Language"),
    Label.PROGRAMME: _("Programme"),
    Label.COVERAGE: _("Partner support"),
}

# Each relationship type: the heading of its group in the list, and the words between its two ends.
RELATIONSHIPS = {
    Rel.WORKS_AT: (_("Who works where"), _("works at")),
    Rel.KNOWS: (_("Acquaintances"), _("knows")),
    Rel.ATTENDED: (_("Events attended"), _("attended")),
    Rel.EXPERT_IN: (_("Expertise"), _("works on")),
    Rel.SPEAKS: (_("Languages spoken"), _("speaks")),
    Rel.ORGANISED_BY: (_("Organisers"), _("was organised by")),
    Rel.TRAINED_BY: (_("Trainers"), _("had trainers from")),
    Rel.ABOUT: (_("Event topics"), _("was about")),
    Rel.HELD_IN: (_("Where events were held"), _("was held in")),
    Rel.PART_OF: (_("Programmes"), _("was part of")),
    Rel.IMPLEMENTED_BY: (_("Implementers"), _("is implemented by")),
    Rel.FUNDED_BY: (_("Donors"), _("is funded by")),
    Rel.BY: (_("Partner support given"), _("is given by")),
    Rel.FOR_COUNTRY: (_("Countries supported"), _("is for")),
    Rel.ON_TOPIC: (_("Topics supported"), _("is on")),
    Rel.BASED_IN: (_("Where partners are based"), _("is based in")),
    Rel.IN_COUNTRY: (_("Countries"), _("is in")),
    Rel.IN_CITY: (_("Cities"), _("is in")),
    Rel.BORDERS: (_("Land borders"), _("borders")),
    Rel.SUBTOPIC_OF: (_("Broader topics"), _("is part of")),
}


class NetworkForm(forms.Form):
    """How far from the record the network reaches, which kinds of record and link it shows, and how many."""

    depth = forms.TypedChoiceField(
        label=_("How far"),
        choices=(("1", _("Direct links only")), ("2", _("Two steps away"))),
        coerce=int,
        required=False,
        empty_value=1,
        initial="1",
    )
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of record"),
        choices=list(KIND_NAMES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        # The refused value is not repeated: the fix is to tick the boxes offered, whatever the address said.
        error_messages={"invalid_choice": _("Select a valid choice: tick only the kinds of record listed.")},
    )
    links = forms.MultipleChoiceField(
        label=_("Kinds of link"),
        choices=[(rel, heading) for rel, (heading, _phrase) in RELATIONSHIPS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Select a valid choice: tick only the kinds of link listed.")},
    )
    shown = forms.IntegerField(min_value=1, max_value=NODE_BOUND_MAX, required=False, widget=forms.HiddenInput)

    def chosen(self, name: str, default: Any) -> Any:
        """A field's clean value, or the default when it was left out or is not valid (its error is shown)."""
        if not self.is_bound:
            return default
        self.is_valid()  # cleans every field; a field that is not valid is left out of cleaned_data
        return self.cleaned_data.get(name) or default


@dataclass
class Shown:
    """A record as the page shows it: its name in the page's language, its page (if it has one), demo or not."""

    label: str
    url: str = ""
    is_demo: bool = False
    short: str = ""  # the drawing's label, when the full one is too long for it
    group: str = ""  # records drawn side by side: an officer's agency, an agency's or a support's country


@dataclass
class Group:
    """The links of one relationship type, as the list beside the drawing shows them."""

    type: str
    heading: str
    phrase: str
    links: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)


def _centre(user: Any, kind: str, uuid: Any) -> Model:
    """The record the network is about; 404 if the kind is unknown, the record missing or an officer not visible."""
    if kind not in CENTRES:
        raise Http404
    model, _label = CENTRES[kind]
    if model is Officer:
        return get_object_or_404(visible_officers(user), uuid=uuid)
    return get_object_or_404(model, uuid=uuid)


def _short_name(officer: Officer) -> str:
    """An officer's name in one script only: their own when the page is in Russian, else the Latin form."""
    first, second = (officer.name_native, officer.name_latin) if reading_russian() else (officer.name_latin, "")
    return (first or second or officer.name_native).strip()


def _coverage_shown(coverage: Coverage) -> Shown:
    """A partner's support for a country on a topic, linked to that country's coverage, drawn as country and topic."""
    label = _("Support from %(organisation)s for %(country)s on %(topic)s") % {
        "organisation": localized(coverage.organisation),
        "country": localized(coverage.country),
        "topic": localized(coverage.topic),
    }
    url = f"{reverse('coverage')}?{urlencode({'country': coverage.country.code})}"
    short = f"{localized(coverage.country)} · {localized(coverage.topic)}"
    return Shown(str(label), url, short=short, group=str(coverage.country.uuid))


def _agency_short(agency: Agency) -> str:
    """An agency as the drawing names it: its kind and country code (the full name is in the list)."""
    if agency.kind == Agency.Kind.OTHER:
        return localized(agency)
    return f"{agency.get_kind_display()} · {agency.country.code}"


def _shown(user: Any, nodes: Iterable[Node]) -> dict[str, Shown]:
    """Every node's name in the page's language and its page, read from the directory (a few queries in all)."""
    nodes = list(nodes)
    ids: dict[str, set[str]] = defaultdict(set)
    for node in nodes:
        ids[node.kind].add(node.id)
    urls = page_urls((node.id, node.kind) for node in nodes)
    shown: dict[str, Shown] = {}
    officers = visible_officers(user).filter(uuid__in=ids[Label.OFFICER]).select_related("agency")
    for officer in officers:
        shown[str(officer.uuid)] = Shown(
            person_text(officer), is_demo=officer.is_demo, short=_short_name(officer), group=str(officer.agency.uuid)
        )
    for agency in Agency.objects.filter(uuid__in=ids[Label.AGENCY]).select_related("country"):
        shown[str(agency.uuid)] = Shown(localized(agency), short=_agency_short(agency), group=str(agency.country.uuid))
    for organisation in Organisation.objects.filter(uuid__in=ids[Label.ORGANISATION]):
        shown[str(organisation.uuid)] = Shown(localized(organisation), short=organisation.acronym)
    for model in (Country, City, Topic):
        for record in model.objects.filter(uuid__in=ids[Label(model.__name__)]):
            shown[str(record.uuid)] = Shown(localized(record))
    for event in Event.objects.filter(uuid__in=ids[Label.EVENT]):
        shown[str(event.uuid)] = Shown(event_label(event))
    for programme in Programme.objects.filter(uuid__in=ids[Label.PROGRAMME]):
        shown[str(programme.uuid)] = Shown(programme.name)
    for language in Language.objects.filter(code__in=ids[Label.LANGUAGE]):
        shown[language.code] = Shown(localized(language))
    for coverage in Coverage.objects.filter(uuid__in=ids[Label.COVERAGE]).select_related(
        "organisation", "country", "topic"
    ):
        shown[str(coverage.uuid)] = _coverage_shown(coverage)
    for node in nodes:
        found = shown.setdefault(node.id, Shown(node.name or node.id))
        found.url = found.url or urls.get(node.id, "")
    return shown


def _graph_data(centre_id: str, depth: int, chosen: Selection, shown: dict[str, Shown]) -> dict[str, Any]:
    """What the drawing needs, passed to the page as JSON: the nodes, their steps from the centre, and the links."""
    return {
        "centre": centre_id,
        "depth": depth,
        "nodes": [
            {
                "id": node.id,
                "label": shown[node.id].short or shown[node.id].label,
                "name": shown[node.id].label,
                "kind": node.kind,
                "kind_name": str(KIND_NAMES.get(node.kind, node.kind)),
                "url": shown[node.id].url,
                "step": chosen.steps[node.id],
                "group": shown[node.id].group,
            }
            for node in chosen.nodes
        ],
        "edges": [
            {"source": link.source, "target": link.target, "type": link.type, "label": str(_phrase(link.type))}
            for link in chosen.links
        ],
    }


def _phrase(link_type: str) -> str:
    """The words between a link's two ends; a type this page does not know yet reads as itself."""
    return RELATIONSHIPS.get(link_type, (link_type, link_type.lower().replace("_", " ")))[1]


def _groups(links: list[Link], entries: dict[str, dict[str, Any]]) -> list[Group]:
    """The links grouped by relationship type, in a fixed order, each group sorted by name."""
    order = list(RELATIONSHIPS)
    groups: dict[str, Group] = {}
    for link in links:
        heading, phrase = RELATIONSHIPS.get(link.type, (link.type, _phrase(link.type)))
        group = groups.setdefault(link.type, Group(link.type, str(heading), str(phrase)))
        group.links.append((entries[link.source], entries[link.target]))
    for group in groups.values():
        group.links.sort(key=lambda ends: (ends[0]["label"].casefold(), ends[1]["label"].casefold()))
    return sorted(groups.values(), key=lambda g: order.index(g.type) if g.type in order else len(order))


def _kind_order(kind: str) -> int:
    return list(KIND_NAMES).index(kind) if kind in KIND_NAMES else len(KIND_NAMES)


def _choices(form: NetworkForm, name: str, present: Iterable[str], names: dict[str, str]) -> list[dict[str, Any]]:
    """The checkboxes of one filter: the kinds this neighbourhood has, each ticked unless the viewer took it out."""
    ticked = set(form.chosen(name, []))
    return [
        {"value": value, "label": str(names.get(value, value)), "checked": not ticked or value in ticked}
        for value in present
    ]


def _network(user: Any, kind: str, centre_id: str, form: NetworkForm, depth: int, bound: int) -> dict[str, Any]:
    """The neighbourhood as the template shows it, or a note that the graph is not answering."""
    try:
        found = neighbourhood(user, kind=kind, uuid=centre_id, depth=depth)
    except GraphUnavailable:
        return {"graph_down": True}
    present_kinds = sorted({node.kind for node in found.nodes}, key=_kind_order)
    order = list(RELATIONSHIPS)
    present_links = sorted({link.type for link in found.links}, key=lambda t: order.index(t) if t in order else 99)
    kinds = set(form.chosen("kinds", present_kinds))
    link_types = set(form.chosen("links", present_links))
    chosen = select(
        centre_id,
        found.nodes,
        found.links,
        kinds=kinds,
        link_types=link_types,
        bound=bound,
        order=lambda node: (_kind_order(node.kind), (node.name or "").casefold(), node.id),
    )
    shown = _shown(user, chosen.nodes)
    entries = {
        node.id: {**vars(shown[node.id]), "kind": str(KIND_NAMES.get(node.kind, node.kind)), "id": node.id}
        for node in chosen.nodes
    }
    legend = sorted({node.kind for node in chosen.nodes}, key=_kind_order)
    return {
        "data": _graph_data(centre_id, depth, chosen, shown),
        "groups": _groups(chosen.links, entries),
        "legend": [(kind_label, str(KIND_NAMES.get(kind_label, kind_label))) for kind_label in legend],
        "kind_choices": _choices(form, "kinds", present_kinds, {k: str(v) for k, v in KIND_NAMES.items()}),
        "link_choices": _choices(form, "links", present_links, {k: str(v[0]) for k, v in RELATIONSHIPS.items()}),
        "node_count": len(chosen.nodes),
        "link_count": len(chosen.links),
        "left_out": chosen.left_out,
    }


def _more_url(request: HttpRequest, bound: int) -> str:
    """This page's address with the bound raised by one step (never past the most it shows)."""
    query = request.GET.copy()
    query["shown"] = str(min(bound + NODE_BOUND_STEP, NODE_BOUND_MAX))
    return f"{request.path}?{query.urlencode()}"


@login_required
@require_GET
def network(request: HttpRequest, kind: str, uuid: Any) -> HttpResponse:
    """The bounded neighbourhood of one record: a drawing for the eye and a list of the same links for everyone."""
    record = _centre(request.user, kind, uuid)
    centre_id = str(record.uuid)
    form = NetworkForm(request.GET or None)
    depth = form.chosen("depth", 1)
    bound = form.chosen("shown", NODE_BOUND)
    centre_label = CENTRES[kind][1]
    shown = _shown(request.user, [Node(centre_id, centre_label, str(record))])[centre_id]
    context: dict[str, Any] = {"record": record, "kind": kind, "centre": shown, "form": form, "depth": depth}
    context.update(_network(request.user, kind, centre_id, form, depth, bound))
    if context.get("left_out"):
        context["more_url"] = _more_url(request, bound)
        context["may_show_more"] = bound < NODE_BOUND_MAX
    return render(request, "frontend/network.html", context)
