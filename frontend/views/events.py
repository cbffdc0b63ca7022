"""Events: the workshops, who organised and taught them, who attended, and how they were rated."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from directory.models import Event, Participation
from directory.visibility import of_visible_officers, sees_each_rating
from frontend.views.paging import page_of

Rating = Participation.Rating


@dataclass(frozen=True)
class RatingCount:
    """How many participants gave one rating."""

    value: str
    label: str
    count: int


def rating_counts(participations: QuerySet[Participation]) -> tuple[list[RatingCount], int, int]:
    """The count per rating given (best first), how many gave none, and how many asked for more, in one query."""
    rows = list(
        participations.order_by()
        .values("rating")
        .annotate(total=Count("id"), wanting=Count("id", filter=Q(wants_more=True)))
    )
    totals = {row["rating"]: row["total"] for row in rows}
    counts = [RatingCount(value, str(label), totals[value]) for value, label in Rating.choices if totals.get(value)]
    return counts, totals.get("", 0), sum(row["wanting"] for row in rows)


@login_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    """Every event, newest first."""
    events = Event.objects.select_related("city__country").order_by("-starts_on", "title")
    return render(request, "frontend/records/event_list.html", {"events": events})


@login_required
@require_GET
def event_detail(request: HttpRequest, uuid: Any) -> HttpResponse:
    """One event: what, where, when, by whom, the participants the viewer may see, and the ratings."""
    event = get_object_or_404(
        Event.objects.select_related("city__country", "programme").prefetch_related("topics", "organisers", "trainers"),
        uuid=uuid,
    )
    participations = (
        of_visible_officers(request.user, Participation.objects.filter(event=event))
        .select_related("officer__agency__country")
        .order_by("officer__name_latin", "officer_id")
    )
    ratings, unrated, wants_more = rating_counts(Participation.objects.filter(event=event))
    context = {
        "event": event,
        "participations": page_of(request, participations),
        "ratings": ratings,
        "unrated": unrated,
        "wants_more": wants_more,
        "sees_each_rating": sees_each_rating(request.user),
    }
    return render(request, "frontend/records/event.html", context)
