"""The page a confirmation link opens: the officer's own entry, confirmed in one click or with changes proposed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from directory.models import Agency, ConfirmationLink, Expertise, Officer
from directory.services.access import log_contact_access
from directory.services.confirmations import LinkRefused, LinkState, confirm_by_link, link_for
from directory.services.proposals import propose_by_link
from frontend.forms.proposals import ProposalForm
from frontend.forms.steward import add_service_errors
from frontend.throttle import seconds_until_allowed

LINK_OPERATION = "page:confirmation link"
THROTTLE_GROUP = "liaison.confirmation_links"
# What a refused link says, and the status it answers with.
REFUSALS = {
    LinkState.UNKNOWN: 404,
    LinkState.EXPIRED: 410,
    LinkState.USED: 410,
    LinkState.ANSWERED: 410,
}


def entry_context(officer: Officer, viewer: Any) -> dict[str, Any]:
    """The officer's entry as the owner sees it, every contact channel included (and the view logged)."""
    contacts = list(officer.contacts.order_by("kind", "value"))
    if contacts:
        log_contact_access(
            viewer=viewer if getattr(viewer, "is_authenticated", False) else None,
            officer=officer,
            channel_count=len(contacts),
            operation=LINK_OPERATION,
            reason="the officer's own entry, shown to check it",
        )
    return {
        "officer": officer,
        "contacts": contacts,
        "languages": officer.languages.all(),
        "expertise": Expertise.objects.filter(officer=officer).select_related("topic").order_by("-level"),
    }


def refused(request: HttpRequest, state: LinkState, link: ConfirmationLink | None) -> HttpResponse:
    """The clear page for a link that cannot be used: unknown, expired, used, or answered another way."""
    context = {"state": state.value, "link": link}
    return render(request, "frontend/confirmations/refused.html", context, status=REFUSALS[state])


def too_many(request: HttpRequest, seconds: int) -> HttpResponse:
    """Over the rate of link requests from this address."""
    response = render(request, "frontend/confirmations/too_many.html", {"seconds": seconds}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def _agencies(officer: Officer) -> list[Agency]:
    """The agencies an officer may propose: those of their own country (a move abroad is their steward's call)."""
    return list(Agency.objects.filter(country_id=officer.agency.country_id).select_related("country"))


@require_http_methods(["GET", "POST"])
def confirmation_link(request: HttpRequest, token: str) -> HttpResponse:
    """Show the officer their own entry; they confirm it, or propose changes for their steward."""
    wait = seconds_until_allowed(request, THROTTLE_GROUP, settings.LIAISON_CONFIRMATION_LINK_RATE_LIMIT)
    if wait:
        return too_many(request, wait)
    state, link = link_for(token)
    if state != LinkState.VALID or link is None:
        return refused(request, state, link)
    officer = link.request.officer
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and "Accept-Language" not in request.headers:
        # Neither a choice on this device nor the browser's: the language the e-mail was written in.
        translation.activate(link.request.language)
        request.LANGUAGE_CODE = link.request.language
    action = request.POST.get("action") if request.method == "POST" else None
    form = ProposalForm(request.POST if action == "propose" else None, officer=officer, agencies=_agencies(officer))
    try:
        if action == "confirm":
            confirm_by_link(token)
            return render(request, "frontend/confirmations/done.html", {"officer": officer, "confirmed": True})
        if action == "propose" and form.is_valid():
            try:
                propose_by_link(token, form.values())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return render(request, "frontend/confirmations/done.html", {"officer": officer, "confirmed": False})
    except LinkRefused as refusal:
        return refused(request, refusal.state, link)
    context = {**entry_context(officer, request.user), "form": form, "token": token, "link": link}
    return render(request, "frontend/confirmations/entry.html", context)
