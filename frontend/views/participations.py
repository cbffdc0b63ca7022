"""Stewards' page for the events an officer took part in: record one (role, rating), or remove a mistaken one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from directory.models import Event, Participation
from directory.services.events import record_participation, remove_participation
from frontend.forms.participations import ParticipationForm
from frontend.forms.steward import add_service_errors
from frontend.templatetags.liaison import event_label
from frontend.throttle import too_many_changes
from frontend.views.contacts import changeable_officer
from frontend.views.steward import refusals_explained


@login_required
@refusals_explained
@require_http_methods(["GET", "POST"])
def participations(request: HttpRequest, uuid: Any) -> HttpResponse:
    """The events the officer took part in, and a form to record another."""
    officer = changeable_officer(request, uuid)
    events = Event.objects.select_related("city")
    form = ParticipationForm(request.POST if request.method == "POST" else None, events=events)
    if request.method == "POST":
        if (refusal := too_many_changes(request)) is not None:
            return refusal
        if form.is_valid():
            event = form.chosen_event()
            # The service would quietly change the record already there; on this page that is a mistake to name.
            if Participation.objects.filter(officer=officer, event=event).exists():
                form.add_error(
                    "event",
                    _("%(event)s is already recorded for this officer; remove that record first to record it anew.")
                    % {"event": event_label(event)},
                )
            else:
                try:
                    record_participation(
                        officer,
                        event,
                        role=form.cleaned_data["role"],
                        rating=form.cleaned_data["rating"],
                        wants_more=form.cleaned_data["wants_more"],
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("Participation recorded: %(event)s.") % {"event": event_label(event)})
                    return redirect("participations", uuid=officer.uuid)
    recorded = Participation.objects.filter(officer=officer).select_related("event__city").order_by("-event__starts_on")
    return render(
        request, "frontend/steward/participations.html", {"officer": officer, "recorded": recorded, "form": form}
    )


@login_required
@refusals_explained
@require_POST
def participation_remove(request: HttpRequest, uuid: Any, pk: int) -> HttpResponse:
    """Remove a participation recorded by mistake."""
    officer = changeable_officer(request, uuid)
    participation = get_object_or_404(Participation.objects.select_related("event"), officer=officer, pk=pk)
    if (refusal := too_many_changes(request)) is not None:
        return refusal
    remove_participation(participation)
    messages.success(request, _("Participation removed: %(event)s.") % {"event": event_label(participation.event)})
    return redirect("participations", uuid=officer.uuid)
