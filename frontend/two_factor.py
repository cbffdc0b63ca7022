"""Holds back every page from a user whose role needs a second factor until they have given one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from directory.permissions import must_use_second_factor
from directory.services.two_factor import second_factor_state
from frontend.views.accounts import with_next

# What such a user may still reach: signing in and out, enrolling, and the language switch.
OPEN_VIEWS = frozenset({"login", "logout", "sign_in_code", "two_factor", "set_language", "healthz"})


class SecondFactorRequiredMiddleware:
    """Sends an unverified user of a role in LIAISON_REQUIRE_2FA_ROLES to the code step, or to enrol first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any) -> Any:
        """Redirect before the view runs (pages, the admin and GraphQL alike), unless the view is open."""
        match = request.resolver_match
        if match is None or match.view_name in OPEN_VIEWS:
            return None
        user = request.user
        if not must_use_second_factor(user) or user.is_verified():
            return None
        step = "sign_in_code" if second_factor_state(user).enrolled else "two_factor"
        return redirect(with_next(step, request.get_full_path()))
