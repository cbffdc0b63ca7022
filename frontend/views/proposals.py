"""Proposed changes: an officer proposes from their own profile; the steward's queue accepts or rejects each field."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from directory.keeping_current import pending_changes, wrong_contact_reports
from directory.models import Agency, ContactChannel, Expertise, Language, ProposedChange, Topic
from directory.permissions import ensure_can_propose_changes, may_steward
from directory.services.access import log_contact_access
from directory.services.proposals import current_values, decide_change, propose_changes
from frontend.forms.proposals import ProposalForm
from frontend.forms.steward import add_service_errors
from frontend.templatetags.liaison import localized
from frontend.views.confirmations import _agencies
from frontend.views.officers import own_entry
from frontend.views.steward import refusals_explained

Field = ProposedChange.Field
QUEUE_OPERATION = "page:proposal queue"


def describe(field: str, value: Any) -> list[str]:
    """A proposed or stored value as lines of text for the steward."""
    if field == Field.POSITION:
        return [value or "—"]
    if field == Field.AGENCY:
        agency = Agency.objects.filter(uuid=value).first()
        return [localized(agency) if agency else _("an agency no longer listed")]
    if field == Field.LANGUAGES:
        return [localized(language) for language in Language.objects.filter(code__in=value).order_by("code")] or ["—"]
    if field == Field.EXPERTISE:
        topics = {topic.slug: topic for topic in Topic.objects.filter(slug__in=list(value))}
        levels = dict(Expertise.Level.choices)
        return [f"{localized(topics.get(slug))}: {levels.get(level, level)}" for slug, level in value.items()] or ["—"]
    kinds = dict(ContactChannel.Kind.choices)
    return [f"{kinds.get(kind, kind)}: {text}" for kind, text in value] or ["—"]


@login_required
@refusals_explained
@require_http_methods(["GET", "POST"])
def propose_own_changes(request: HttpRequest) -> HttpResponse:
    """A signed-in officer proposes changes to their own entry, for their steward."""
    officer = own_entry(request.user)
    if officer is None:
        raise PermissionDenied(_("your account has no officer entry of its own"))
    ensure_can_propose_changes(request.user, officer)
    form = ProposalForm(request.POST or None, officer=officer, agencies=_agencies(officer))
    if request.method == "POST" and form.is_valid():
        try:
            propose_changes(officer, form.values(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Sent to your data steward, who will accept or reject each change."))
            return redirect("officer", uuid=officer.uuid)
    return render(request, "frontend/proposals/propose.html", {"officer": officer, "form": form})


@login_required
@refusals_explained
@require_GET
def proposal_queue(request: HttpRequest) -> HttpResponse:
    """Proposed changes and wrong-contact reports of the steward's entries, each to accept or reject."""
    if not may_steward(request.user):
        raise PermissionDenied(_("only stewards and administrators look after the directory's entries"))
    rows = []
    stored: dict[int, dict[str, Any]] = {}
    for change in pending_changes(request.user):
        officer = change.proposal.officer
        if officer.pk not in stored:
            stored[officer.pk] = current_values(officer)
        if change.field == Field.CONTACTS:
            log_contact_access(
                viewer=request.user,
                officer=officer,
                channel_count=len(stored[officer.pk][Field.CONTACTS]) + len(change.value),
                operation=QUEUE_OPERATION,
                reason="reviewing proposed contact details",
            )
        rows.append(
            {
                "change": change,
                "officer": officer,
                "now": describe(change.field, stored[officer.pk][change.field]),
                "proposed": describe(change.field, change.value),
            }
        )
    context = {"rows": rows, "reports": list(wrong_contact_reports(request.user))}
    return render(request, "frontend/proposals/queue.html", context)


@login_required
@refusals_explained
@require_POST
def decide_proposed_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept (through the services) or reject one proposed field."""
    if not may_steward(request.user):
        raise PermissionDenied(_("only stewards and administrators look after the directory's entries"))
    change = get_object_or_404(ProposedChange, pk=pk)
    accept = request.POST.get("decision") == "accept"
    try:
        decide_change(change, accept=accept, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = _("Accepted: %(field)s.") if accept else _("Rejected: %(field)s.")
        messages.success(request, done % {"field": change.get_field_display()})
    return redirect("proposal_queue")
