"""Stewards' pages for an officer's contact channels: add, change and remove them, each through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from directory.models import ContactChannel, Officer
from directory.services.access import log_contact_access
from directory.services.contacts import remove_contact_channel, update_contact_channel
from directory.services.officers import add_contact_channel
from directory.visibility import visible_contacts
from frontend.forms.contacts import ContactChannelForm
from frontend.forms.steward import add_service_errors
from frontend.throttle import too_many_changes
from frontend.views.officers import visible_officer
from frontend.views.steward import ensure_may_change, refusals_explained

CONTACTS_OPERATION = "page:contact channels"


def changeable_officer(request: HttpRequest, uuid: Any) -> Officer:
    """The officer, if the viewer may see the entry (else 404) and change it (else the explaining 403)."""
    officer = visible_officer(request.user, uuid)
    ensure_may_change(request.user, officer)
    return officer


def shown_channels(request: HttpRequest, officer: Officer) -> list[ContactChannel]:
    """The officer's channels the viewer may see, logged as a contact view like the profile's."""
    channels = list(visible_contacts(request.user, officer.contacts.all()).order_by("kind", "value", "pk"))
    if channels:
        log_contact_access(
            viewer=request.user, officer=officer, channel_count=len(channels), operation=CONTACTS_OPERATION
        )
    return channels


@login_required
@refusals_explained
@require_http_methods(["GET", "POST"])
def contact_channels(request: HttpRequest, uuid: Any) -> HttpResponse:
    """The officer's channels with their visibility, and a form to add one."""
    officer = changeable_officer(request, uuid)
    form = ContactChannelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if (refusal := too_many_changes(request)) is not None:
            return refusal
        if form.is_valid():
            try:
                add_contact_channel(officer, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Contact channel added."))
                return redirect("contact_channels", uuid=officer.uuid)
    context = {"officer": officer, "channels": shown_channels(request, officer), "form": form}
    return render(request, "frontend/steward/contacts.html", context)


def officers_channel(request: HttpRequest, uuid: Any, pk: int) -> ContactChannel:
    """One channel of a changeable officer that the viewer may see, else 404."""
    officer = changeable_officer(request, uuid)
    return get_object_or_404(visible_contacts(request.user, officer.contacts.all()).select_related("officer"), pk=pk)


@login_required
@refusals_explained
@require_http_methods(["GET", "POST"])
def contact_channel_edit(request: HttpRequest, uuid: Any, pk: int) -> HttpResponse:
    """Change a channel's kind, value or visibility; a refused change leaves the channel as it was."""
    channel = officers_channel(request, uuid, pk)
    officer = channel.officer
    initial = {"kind": channel.kind, "value": channel.value, "visibility": channel.visibility}
    form = ContactChannelForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        if (refusal := too_many_changes(request)) is not None:
            return refusal
        if form.is_valid():
            try:
                update_contact_channel(channel, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
                channel.refresh_from_db()  # the service set the refused values on this instance before refusing
            else:
                messages.success(request, _("Contact channel saved."))
                return redirect("contact_channels", uuid=officer.uuid)
    log_contact_access(viewer=request.user, officer=officer, channel_count=1, operation=CONTACTS_OPERATION)
    context = {"officer": officer, "channel": channel, "form": form}
    return render(request, "frontend/steward/contact_edit.html", context)


@login_required
@refusals_explained
@require_POST
def contact_channel_remove(request: HttpRequest, uuid: Any, pk: int) -> HttpResponse:
    """Remove a channel."""
    channel = officers_channel(request, uuid, pk)
    if (refusal := too_many_changes(request)) is not None:
        return refusal
    remove_contact_channel(channel)
    messages.success(request, _("Contact channel removed."))
    return redirect("contact_channels", uuid=uuid)
