"""Partner organisations and donors: what they cover, what they organised, taught and funded."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from directory.models import Country, Coverage, Organisation, Topic


@dataclass
class KindGroup:
    """The organisations of one kind, in the order the kinds are listed."""

    label: str
    organisations: list[Organisation] = field(default_factory=list)


@dataclass
class CoverageRow:
    """One country of an organisation's coverage: a cell per topic, holding the coverage record or None."""

    country: Country
    cells: list[Coverage | None]


@login_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    """Partners and donors, grouped by kind."""
    groups = {value: KindGroup(str(label)) for value, label in Organisation.Kind.choices}
    for organisation in Organisation.objects.select_related("country").order_by("name_en"):
        groups.setdefault(organisation.kind, KindGroup(organisation.kind)).organisations.append(organisation)
    kinds = [group for group in groups.values() if group.organisations]
    return render(request, "frontend/records/organisation_list.html", {"kinds": kinds})


def coverage_table(organisation: Organisation) -> tuple[list[Topic], list[CoverageRow]]:
    """What the organisation covers as a country × topic table (topics as columns)."""
    records = list(
        Coverage.objects.filter(organisation=organisation, excluded=False).select_related("country", "topic")
    )
    topics = sorted({record.topic for record in records}, key=lambda topic: topic.name_en)
    countries = sorted({record.country for record in records}, key=lambda country: country.name_en)
    by_cell = {(record.country_id, record.topic_id): record for record in records}
    rows = [CoverageRow(country, [by_cell.get((country.pk, topic.pk)) for topic in topics]) for country in countries]
    return topics, rows


@login_required
@require_GET
def organisation_detail(request: HttpRequest, uuid: Any) -> HttpResponse:
    """One organisation: kind, base, coverage, events organised and taught, programmes funded and implemented."""
    organisation = get_object_or_404(Organisation.objects.select_related("country"), uuid=uuid)
    topics, rows = coverage_table(organisation)
    context = {
        "organisation": organisation,
        "topics": topics,
        "rows": rows,
        "organised": organisation.events_organised.select_related("city").order_by("-starts_on", "title"),
        "trained": organisation.events_trained.select_related("city").order_by("-starts_on", "title"),
        "funded": organisation.programmes_funded.order_by("name"),
        "implemented": organisation.programmes_implemented.order_by("name"),
    }
    return render(request, "frontend/records/organisation.html", context)
