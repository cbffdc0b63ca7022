"""A programme: who funds and runs it, its events, the countries and partners it reached, how trainees rated it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from directory.models import Country, Event, Organisation, Participation, Programme
from frontend.views.events import rating_counts


@dataclass(frozen=True)
class CountryReached:
    """A country whose officers attended the programme's events, and how many of them."""

    country: Country
    officers: int


@dataclass(frozen=True)
class PartnerReached:
    """A partner organisation that organised or taught at the programme's events."""

    organisation: Organisation
    organised: bool
    trained: bool


def countries_reached(trainees: QuerySet[Participation]) -> list[CountryReached]:
    """Each country whose officers attended, with how many different officers, most first."""
    rows = trainees.order_by().values("officer__agency__country").annotate(officers=Count("officer", distinct=True))
    counts = {row["officer__agency__country"]: row["officers"] for row in rows}
    countries = Country.objects.filter(pk__in=counts)
    return sorted(
        (CountryReached(country, counts[country.pk]) for country in countries),
        key=lambda reached: (-reached.officers, reached.country.code),
    )


def partners_reached(events: QuerySet[Event]) -> list[PartnerReached]:
    """The organisations that organised or taught at any of these events, by name."""
    organisers = set(Organisation.objects.filter(events_organised__in=events).values_list("pk", flat=True))
    trainers = set(Organisation.objects.filter(events_trained__in=events).values_list("pk", flat=True))
    return [
        PartnerReached(organisation, organisation.pk in organisers, organisation.pk in trainers)
        for organisation in Organisation.objects.filter(pk__in=organisers | trainers).order_by("name_en")
    ]


@login_required
@require_GET
def programme_detail(request: HttpRequest, uuid: Any) -> HttpResponse:
    """One programme, with what its events reached (counts only: no person is named on this page)."""
    programme = get_object_or_404(Programme.objects.select_related("implementer").prefetch_related("donors"), uuid=uuid)
    events = Event.objects.filter(programme=programme).select_related("city__country").order_by("starts_on", "title")
    # Trainees are the participants; trainers' and organisers' own ratings would flatter the course.
    trainees = Participation.objects.filter(event__programme=programme, role=Participation.Role.PARTICIPANT)
    ratings, unrated, _ = rating_counts(trainees)
    context = {
        "programme": programme,
        "events": events,
        "countries": countries_reached(trainees),
        "partners": partners_reached(events),
        "trainees": trainees.values("officer").distinct().count(),
        "ratings": ratings,
        "rated": sum(rating.count for rating in ratings),
        "unrated": unrated,
        # A trainee who asked at two of its workshops is one trainee asking for more.
        "wanting_more": trainees.filter(wants_more=True).values("officer").distinct().count(),
    }
    return render(request, "frontend/records/programme.html", context)
