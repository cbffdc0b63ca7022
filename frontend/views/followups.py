"""'Did they answer?': the banner's one-click answers, and stewards dealing with reports of wrong contacts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.keeping_current import questions_for
from directory.models import ContactFollowUp
from directory.permissions import may_steward
from directory.services.followups import answer_follow_up, resolve_wrong_contact
from frontend.views.steward import refusals_explained


def _back(request: HttpRequest) -> HttpResponseRedirect:
    """Back to the page the banner was on (when it is on this site), else home."""
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure()):
        return HttpResponseRedirect(wanted)
    return redirect("home")


@login_required
@refusals_explained
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the answer; with htmx the banner is swapped for the next question (or a thank-you)."""
    follow_up = get_object_or_404(ContactFollowUp, pk=pk, viewer_id=request.user.pk)
    try:
        answer_follow_up(follow_up, request.POST.get("answer", ""), by=request.user)
    except ValidationError as error:
        if request.htmx:
            return HttpResponse(" ".join(error.messages), status=400)
        messages.error(request, " ".join(error.messages))
        return _back(request)
    thanks = _("Thank you: your answer helps colleagues reach people who answer.")
    if request.htmx:
        context = {"follow_up": questions_for(request.user).first(), "thanks": thanks, "next": request.POST.get("next")}
        return render(request, "frontend/followups/_banner.html", context)
    messages.success(request, thanks)
    return _back(request)


@login_required
@refusals_explained
@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """A steward has dealt with a report of wrong contact details."""
    if not may_steward(request.user):
        raise PermissionDenied(_("only stewards and administrators look after the directory's entries"))
    follow_up = get_object_or_404(ContactFollowUp.objects.select_related("officer__agency__country"), pk=pk)
    resolve_wrong_contact(follow_up, by=request.user)
    messages.success(request, _("Marked as dealt with: %(name)s.") % {"name": follow_up.officer.name_latin})
    return redirect("proposal_queue")
