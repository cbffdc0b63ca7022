"""Stewards' pages: the entries that need attention, and verifying, correcting, confirming and merging them."""

from __future__ import annotations

import functools
import uuid as uuid_module
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from directory.duplicates import likely_duplicates
from directory.freshness import stale_after_days
from directory.keeping_current import pending_changes, stale_entries, unanswered_requests, wrong_contact_reports
from directory.models import Officer, User
from directory.permissions import (
    agencies_to_move_to,
    duplicate_country_of,
    ensure_can_act_on_officer,
    ensure_can_change,
    stewarded_officers,
)
from directory.permissions import may_steward as can_steward
from directory.services.confirmations import request_confirmation
from directory.services.officers import confirm_officer_current, merge_officers, update_officer, verify_officer
from directory.visibility import visible_officers
from frontend.forms.steward import MergeForm, OfficerForm, add_service_errors
from frontend.templatetags.liaison import localized
from frontend.views.errors import forbidden
from frontend.views.officers import visible_officer

# The surest likely duplicates shown on the stewardship page; the duplicate finder lists the rest.
STEWARD_HOME_PAIRS = 10

View = Callable[..., HttpResponse]


def refusals_explained(view: View) -> View:
    """Turn a refusal into the explaining 403 page, whatever handler403 the site has."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as refusal:
            return forbidden(request, refusal)

    return wrapped


def refusal_reason(user: Any) -> str:
    """Why this user may not change an officer's entry, in the reader's language."""
    if user.role == User.Role.STEWARD:
        country = localized(user.country) if user.country else _("none")
        return _("stewards change only the entries of their own country (%(country)s)") % {"country": country}
    return _("your role does not allow changing officers' entries")


def ensure_may_change(user: Any, officer: Officer) -> None:
    """directory.permissions' rule, refusing with a translated reason."""
    try:
        ensure_can_change(user, officer)
    except PermissionDenied:
        raise PermissionDenied(refusal_reason(user)) from None


def may_change(user: Any, officer: Officer) -> bool:
    """Whether this user may change this entry."""
    try:
        ensure_can_change(user, officer)
    except PermissionDenied:
        return False
    return True


def back_to(request: HttpRequest, officer: Officer) -> HttpResponseRedirect:
    """Back to the page the button was on (when it is on this site), else to the officer's profile."""
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure()):
        return HttpResponseRedirect(wanted)
    return redirect("officer", uuid=officer.uuid)


@login_required
@refusals_explained
@require_GET
def steward_home(request: HttpRequest) -> HttpResponse:
    """The entries that need a steward: unverified, out of date, or probably the same person twice."""
    user = request.user
    if not can_steward(user):
        raise PermissionDenied(_("only stewards and administrators look after the directory's entries"))
    officers = list(stewarded_officers(user))
    own = duplicate_country_of(user)
    context = {
        "country": None if user.role == User.Role.ADMIN or user.is_superuser else user.country,
        "unverified": [officer for officer in officers if officer.verified_at is None],
        "out_of_date": list(stale_entries(user)),
        "stale_after_days": stale_after_days(),
        "unanswered": list(unanswered_requests(user)),
        "pending_changes": pending_changes(user).count(),
        "wrong_contacts": wrong_contact_reports(user).count(),
        # A steward's own country; an administrator chooses one on the duplicate finder's page.
        "duplicates": likely_duplicates(user, country_id=own)[:STEWARD_HOME_PAIRS] if own is not None else None,
        "several_countries": len({officer.agency.country_id for officer in officers}) > 1,
    }
    return render(request, "frontend/steward/home.html", context)


@login_required
@refusals_explained
@require_http_methods(["GET", "POST"])
def officer_edit(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Correct an entry; a bad value is shown beside its field, and then nothing at all is saved."""
    user = request.user
    officer = visible_officer(user, uuid)
    ensure_may_change(user, officer)
    data = request.POST if request.method == "POST" else None
    form = OfficerForm(data, officer=officer, agencies=agencies_to_move_to(user, officer))
    if form.is_valid():
        try:
            update_officer(officer, **form.changes())
        except ValidationError as error:
            add_service_errors(form, error)
            officer.refresh_from_db()  # the service set the refused values on this instance before refusing them
        else:
            messages.success(request, _("Saved"))
            return redirect("officer", uuid=officer.uuid)
    return render(request, "frontend/steward/edit.html", {"officer": officer, "form": form})


@login_required
@refusals_explained
@require_POST
def officer_verify(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Record that the steward checked this entry against a trusted source."""
    officer = visible_officer(request.user, uuid)
    ensure_may_change(request.user, officer)
    verify_officer(officer, by=request.user)
    messages.success(request, _("Verified: %(name)s.") % {"name": officer.name_latin})
    return back_to(request, officer)


@login_required
@refusals_explained
@require_POST
def officer_confirm(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Record that the entry is still correct today; officers may confirm their own."""
    officer = visible_officer(request.user, uuid)
    try:
        ensure_can_act_on_officer(request.user, officer)
    except PermissionDenied:
        raise PermissionDenied(refusal_reason(request.user)) from None
    confirm_officer_current(officer)
    messages.success(request, _("Confirmed as current: %(name)s.") % {"name": officer.name_latin})
    return back_to(request, officer)


def merge_candidates(user: Any, keep: Officer) -> QuerySet[Officer]:
    """The other entries of the same country, which may be duplicates of this one."""
    return (
        visible_officers(user)
        .filter(agency__country_id=keep.agency.country_id)
        .exclude(pk=keep.pk)
        .select_related("agency")
        .order_by("name_latin", "pk")
    )


def chosen_duplicate(form: MergeForm, user: Any, keep: Officer) -> Officer | None:
    """The entry chosen as the duplicate, or None with the reason shown beside the field."""
    duplicate = visible_officers(user).select_related("agency__country").filter(uuid=form.cleaned_data["duplicate"])
    duplicate = duplicate.first()
    if duplicate is None:
        form.add_error("duplicate", _("There is no such entry; choose one from the list."))
    elif duplicate.pk == keep.pk:
        form.add_error("duplicate", _("An entry cannot be merged into itself; choose the duplicate entry."))
    elif not may_change(user, duplicate):
        form.add_error(
            "duplicate", _("You may not change that entry, because %(reason)s.") % {"reason": refusal_reason(user)}
        )
    else:
        return duplicate
    return None


@login_required
@refusals_explained
@require_http_methods(["GET", "POST"])
def officer_merge(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Fold a duplicate entry into this one; the duplicate's address then leads nowhere."""
    user = request.user
    keep = visible_officer(user, uuid)
    ensure_may_change(user, keep)
    data = request.POST if request.method == "POST" else None
    form = MergeForm(data, candidates=merge_candidates(user, keep), initial={"duplicate": request.GET.get("duplicate")})
    if form.is_valid() and (duplicate := chosen_duplicate(form, user, keep)) is not None:
        try:
            merge_officers(keep, duplicate)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Merged: %(duplicate)s is now part of this entry.") % {"duplicate": duplicate.name_latin}
            )
            return redirect("officer", uuid=keep.uuid)
    return render(request, "frontend/steward/merge.html", {"officer": keep, "form": form})


def _uuids(values: list[str]) -> list[uuid_module.UUID]:
    """The well-formed uuids among posted values (a tampered one is dropped, not an error page)."""
    found = []
    for value in values:
        try:
            found.append(uuid_module.UUID(value))
        except ValueError:
            continue
    return found


@login_required
@refusals_explained
@require_POST
def request_confirmations(request: HttpRequest) -> HttpResponse:
    """E-mail the chosen officers a link to confirm their entries or propose changes."""
    user = request.user
    if not can_steward(user):
        raise PermissionDenied(_("only stewards and administrators look after the directory's entries"))
    # One more than allowed is enough for the service to refuse the batch, naming the limit.
    wanted = _uuids(request.POST.getlist("officers")[: settings.LIAISON_CONFIRMATION_BATCH_LIMIT + 1])
    officers = list(visible_officers(user).filter(uuid__in=wanted).select_related("agency__country"))
    try:
        outcome = request_confirmation(officers, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("steward")
    except PermissionDenied:
        raise PermissionDenied(refusal_reason(user)) from None
    if outcome.sent:
        messages.success(
            request,
            ngettext(
                "Asked %(count)d officer to confirm their entry.",
                "Asked %(count)d officers to confirm their entries.",
                len(outcome.sent),
            )
            % {"count": len(outcome.sent)},
        )
    for officer, reason in outcome.skipped:
        messages.warning(
            request, _("Not asked: %(name)s, %(reason)s.") % {"name": officer.name_latin, "reason": reason}
        )
    return redirect("steward")
