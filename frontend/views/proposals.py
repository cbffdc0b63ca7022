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
from directory.services.access import log_contact_accesses
from directory.services.proposals import current_values_of, decide_change, propose_changes
from frontend.forms.proposals import ProposalForm
from frontend.forms.steward import add_service_errors
from frontend.templatetags.liaison import localized
from frontend.views.confirmations import _agencies
from frontend.views.officers import own_entry
from frontend.views.steward import refusals_explained

Field = ProposedChange.Field
QUEUE_OPERATION = "page:proposal queue"


class _Described:
    """Proposed and stored values as lines of text for the steward, the records they name loaded once a kind."""

    def __init__(self, values: list[tuple[str, Any]]) -> None:
        agencies = {value for field, value in values if field == Field.AGENCY}
        codes = {code for field, value in values if field == Field.LANGUAGES for code in value}
        slugs = {slug for field, value in values if field == Field.EXPERTISE for slug in value}
        self.agencies = {str(agency.uuid): agency for agency in Agency.objects.filter(uuid__in=agencies)}
        self.languages = {language.code: language for language in Language.objects.filter(code__in=codes)}
        self.topics = {topic.slug: topic for topic in Topic.objects.filter(slug__in=slugs)}

    def lines(self, field: str, value: Any) -> list[str]:
        """One value as the lines the queue shows."""
        if field == Field.POSITION:
            return [value or "—"]
        if field == Field.AGENCY:
            agency = self.agencies.get(value)
            return [localized(agency) if agency else _("an agency no longer listed")]
        if field == Field.LANGUAGES:
            return [localized(self.languages[code]) for code in sorted(self.languages.keys() & set(value))] or ["—"]
        if field == Field.EXPERTISE:
            levels = dict(Expertise.Level.choices)
            return [
                f"{localized(self.topics.get(slug))}: {levels.get(level, level)}" for slug, level in value.items()
            ] or ["—"]
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
    changes = list(pending_changes(request.user))
    stored = current_values_of({change.proposal.officer for change in changes})
    described = _Described(
        [(c.field, stored[c.proposal.officer.pk][c.field]) for c in changes] + [(c.field, c.value) for c in changes]
    )
    # The contact details reviewed are logged as any other view of them, all in one write.
    log_contact_accesses(
        viewer=request.user,
        shown=[
            (c.proposal.officer, len(stored[c.proposal.officer.pk][Field.CONTACTS]) + len(c.value), QUEUE_OPERATION)
            for c in changes
            if c.field == Field.CONTACTS
        ],
        reason="reviewing proposed contact details",
    )
    rows = [
        {
            "change": change,
            "officer": change.proposal.officer,
            "now": described.lines(change.field, stored[change.proposal.officer.pk][change.field]),
            "proposed": described.lines(change.field, change.value),
        }
        for change in changes
    ]
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
