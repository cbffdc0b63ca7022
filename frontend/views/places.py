"""Countries and agencies: who is there, who covers what, what was held there."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from directory.models import Agency, Country, Coverage, Event, Officer
from directory.visibility import visible_officers
from frontend.views.paging import page_of


def officer_counts(user: Any, by: str, queryset: QuerySet[Officer] | None = None) -> dict[int, int]:
    """How many officers the viewer may see, grouped by the given field (an agency or country id), in one query."""
    rows = visible_officers(user, queryset).order_by().values(by).annotate(total=Count("id"))
    return {row[by]: row["total"] for row in rows}


@login_required
@require_GET
def country_list(request: HttpRequest) -> HttpResponse:
    """Every country, with its agencies, the officers the viewer may see, and its neighbours."""
    # Meta.ordering does not apply to a grouped query; sort by the name the reader sees.
    name = "name_ru" if (get_language() or "en").startswith("ru") else "name_en"
    countries = list(
        Country.objects.annotate(agency_count=Count("agencies", distinct=True))
        .prefetch_related("neighbours")
        .order_by(name, "code")
    )
    counts = officer_counts(request.user, "agency__country")
    for country in countries:
        country.officer_count = counts.get(country.pk, 0)
    return render(request, "frontend/records/country_list.html", {"countries": countries})


@login_required
@require_GET
def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One country: names, neighbours, agencies, officers (paginated), partners by topic, events held there."""
    country = get_object_or_404(Country, code__iexact=code)
    agencies = list(country.agencies.select_related("city"))
    counts = officer_counts(request.user, "agency", Officer.objects.filter(agency__country=country))
    for agency in agencies:
        agency.officer_count = counts.get(agency.pk, 0)
    officers = (
        visible_officers(request.user)
        .filter(agency__country=country)
        .select_related("agency")
        .order_by("name_latin", "id")
    )
    context = {
        "country": country,
        "neighbours": country.neighbours.order_by("name_en"),
        "agencies": agencies,
        "officers": page_of(request, officers),
        "coverage": Coverage.objects.filter(country=country, excluded=False)
        .select_related("organisation", "topic")
        .order_by("topic__name_en", "organisation__name_en"),
        "events": Event.objects.filter(city__country=country).select_related("city").order_by("-starts_on", "title"),
    }
    return render(request, "frontend/records/country.html", context)


@login_required
@require_GET
def agency_detail(request: HttpRequest, uuid: Any) -> HttpResponse:
    """One agency: what it is, where, its officers the viewer may see, and the events they attended."""
    agency = get_object_or_404(Agency.objects.select_related("country", "city"), uuid=uuid)
    officers = (
        visible_officers(request.user).filter(agency=agency).prefetch_related("languages").order_by("name_latin", "id")
    )
    # Events are shown through the officers the viewer may see, so an unverified viewer learns no one's travels.
    events = (
        Event.objects.filter(participations__officer__in=visible_officers(request.user).filter(agency=agency))
        .annotate(attendees=Count("participations", distinct=True))
        .select_related("city")
        .order_by("-starts_on", "title")
    )
    context = {"agency": agency, "officers": page_of(request, officers), "events": events}
    return render(request, "frontend/records/agency.html", context)
