"""Subscriptions: the page to manage what one follows, and the one-click unsubscribe from a digest."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from directory.models import Subscription
from directory.services.subscriptions import subscribe, unsubscribe, unsubscribe_by_token
from frontend.forms.steward import add_service_errors
from frontend.forms.subscriptions import FollowForm
from frontend.templatetags.liaison import localized
from frontend.throttle import seconds_until_allowed
from frontend.views.confirmations import too_many
from frontend.views.steward import refusals_explained

THROTTLE_GROUP = "liaison.unsubscribe_links"


@login_required
@refusals_explained
@require_http_methods(["GET", "POST"])
def subscriptions(request: HttpRequest) -> HttpResponse:
    """What the user follows, how often they hear about it, and a form to follow more."""
    form = FollowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["follow"]
        try:
            subscribe(request.user, target, frequency=form.cleaned_data["frequency"], language=get_language() or "en")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Following: %(name)s.") % {"name": localized(target)})
            return redirect("subscriptions")
    followed = (
        Subscription.objects.filter(user_id=request.user.pk)
        .select_related("country", "topic", "agency__country", "organisation")
        .order_by("kind", "pk")
    )
    return render(request, "frontend/subscriptions/manage.html", {"form": form, "followed": followed})


@login_required
@refusals_explained
@require_POST
def remove_subscription(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop following one thing."""
    subscription = get_object_or_404(Subscription, pk=pk, user_id=request.user.pk)
    name = localized(subscription.target)
    unsubscribe(subscription, by=request.user)
    messages.success(request, _("No longer following: %(name)s.") % {"name": name})
    return redirect("subscriptions")


# A mail program's one-click unsubscribe (RFC 8058) posts without a CSRF token; the signed link is the credential.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_link(request: HttpRequest, token: str) -> HttpResponse:
    """Unsubscribe from the digest the link came in, without signing in."""
    wait = seconds_until_allowed(request, THROTTLE_GROUP, settings.LIAISON_CONFIRMATION_LINK_RATE_LIMIT)
    if wait:
        return too_many(request, wait)
    try:
        removed = unsubscribe_by_token(token[:500])
    except signing.BadSignature:
        return render(request, "frontend/subscriptions/unsubscribed.html", {"bad": True}, status=404)
    return render(request, "frontend/subscriptions/unsubscribed.html", {"removed": removed})
