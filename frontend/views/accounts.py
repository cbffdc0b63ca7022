"""Signing in: the password step, the code step for two-factor accounts, and the lock-out page."""

from __future__ import annotations

import math
import time
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from directory.models import User
from directory.services.two_factor import check_second_factor, second_factor_state
from frontend.forms.accounts import SecondFactorForm, SignInForm
from frontend.forms.steward import add_service_errors
from frontend.throttle import credentials_of, is_locked_out, lock_ends_at, record_failed_step

# Who passed the password step and still owes a code; kept in the session, not yet signed in.
PENDING_USER = "liaison_pending_user"
PENDING_BACKEND = "liaison_pending_backend"
PENDING_SINCE = "liaison_pending_since"
# A password step is good for this long: long enough to open the app, short enough that it goes stale.
PENDING_SECONDS = 300


def safe_next(request: HttpRequest, wanted: str | None) -> str:
    """The page to go to after signing in, when it is on this site; else the home page."""
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure()):
        return wanted
    return reverse("home")


def with_next(name: str, next_page: str) -> str:
    """A page's address carrying where to go afterwards."""
    return f"{reverse(name)}?{urlencode({'next': next_page})}"


class SignInView(LoginView):
    """The password step; accounts with a second factor go on to the code step before they are signed in."""

    template_name = "frontend/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: SignInForm) -> HttpResponse:
        """Sign in, or, when the account has a second factor, remember the password step and ask for a code."""
        user = form.get_user()
        if not second_factor_state(user).enrolled:
            return super().form_valid(form)
        session = self.request.session
        session.cycle_key()
        session[PENDING_USER] = user.pk
        session[PENDING_BACKEND] = user.backend
        session[PENDING_SINCE] = int(time.time())
        return HttpResponseRedirect(with_next("sign_in_code", self.get_redirect_url() or reverse("home")))


def pending_user(request: HttpRequest) -> tuple[User | None, bool]:
    """Who is at the code step: one who passed the password step (True), or one signed in but not verified."""
    session = request.session
    started = session.get(PENDING_SINCE, 0)
    if session.get(PENDING_USER) is not None and time.time() - started <= PENDING_SECONDS:
        user = get_user_model().objects.filter(pk=session[PENDING_USER], is_active=True).first()
        return user, True
    user = request.user
    if user.is_authenticated and not user.is_verified():
        return user, False
    return None, False


def end_pending(request: HttpRequest) -> None:
    """Forget the password step."""
    for key in (PENDING_USER, PENDING_BACKEND, PENDING_SINCE):
        request.session.pop(key, None)


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    """The code step: an authenticator's code or a recovery code finishes signing in."""
    next_page = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    user, before_sign_in = pending_user(request)
    if user is None:
        end_pending(request)
        return redirect(with_next("login", next_page))
    if not second_factor_state(user).enrolled:
        return redirect(with_next("two_factor", next_page))
    if is_locked_out(request, user.get_username()):
        return locked_out(request, None, credentials_of(user.get_username()))
    form = SecondFactorForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            device = check_second_factor(user, form.cleaned_data["code"])
        except ValidationError as refusal:
            add_service_errors(form, refusal)
            record_failed_step(request, user.get_username())
        else:
            backend = request.session.get(PENDING_BACKEND)
            end_pending(request)
            if before_sign_in:
                auth_login(request, user, backend=backend)
            otp_login(request, device)
            return HttpResponseRedirect(next_page)
    return render(request, "frontend/login_code.html", {"form": form, "next": next_page, "account": user})


def locked_out(request: HttpRequest, response: HttpResponse | None, credentials: dict[str, Any] | None) -> HttpResponse:
    """django-axes' lock-out response: the sign-in page saying why, and when to try again (429)."""
    until = lock_ends_at(request, credentials)
    minutes = math.ceil((until - timezone.now()).total_seconds() / 60) if until else None
    context = {"form": SignInForm(request), "locked_until": until, "locked_minutes": max(minutes or 1, 1)}
    return render(request, "frontend/login.html", context, status=429)
