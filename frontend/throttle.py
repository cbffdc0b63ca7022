"""Sign-in throttling with django-axes: the backend that refuses locked-out sign-ins, and when a lock-out ends."""

from __future__ import annotations

import datetime
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage


class SignInThrottleBackend(AxesStandaloneBackend):
    """django-axes' check on sign-ins through a page; a call without a request (a script, a test) is not throttled."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None, **kwargs: Any) -> None:
        """Raise PermissionDenied when this account or address is locked out; never signs anyone in itself."""
        if request is None:
            # Only the web's sign-in forms face guessing; they always pass the request.
            return None
        return super().authenticate(request, username=username, **kwargs)


def credentials_of(username: str) -> dict[str, str]:
    """The credentials django-axes keys its counts on, for a sign-in step that has no password field."""
    return {"username": username}


def is_locked_out(request: HttpRequest, username: str) -> bool:
    """Whether sign-in for this account, or from this address, is refused now."""
    return AxesProxyHandler.is_locked(request, credentials_of(username))


def record_failed_step(request: HttpRequest, username: str) -> None:
    """Count a wrong second-factor code like a wrong password: toward the lock-out, and in the audit."""
    user_login_failed.send(sender=__name__, credentials=credentials_of(username), request=request)


def lock_ends_at(request: HttpRequest, credentials: dict[str, Any] | None) -> datetime.datetime | None:
    """When sign-in will be allowed again: the last failure of each locked key (account, address) plus the cool-off."""
    cool_off = get_cool_off(request)
    if cool_off is None:
        return None
    limit = get_failure_limit(request, credentials)
    handler = AxesProxyHandler.get_implementation()
    ends = []
    for attempts in handler.get_user_attempts(request, credentials):
        summary = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        if (summary["failures"] or 0) >= limit and summary["last"] is not None:
            ends.append(summary["last"] + cool_off)
    return max(ends, default=None)


def client_address(_group: str, request: HttpRequest) -> str:
    """The client's address: the reverse proxy's header when one is configured, else the connection's."""
    header = settings.LIAISON_CLIENT_ADDRESS_HEADER
    # The proxy appends the address it saw last; earlier entries are whatever the client sent.
    address = (request.META.get(header, "") if header else "").split(",")[-1].strip()
    return address or request.META.get("REMOTE_ADDR") or "unknown"


def seconds_until_allowed(request: HttpRequest, group: str, rate: str) -> int:
    """Count this request against its address in `group`; the seconds to wait once over `rate`, else 0."""
    usage = get_usage(request, group=group, key=client_address, rate=rate, increment=True)
    if usage is None or not usage["should_limit"]:
        return 0
    return max(int(usage["time_left"]), 1)


PAGE_CHANGES = "liaison.pages.changes"


def too_many_changes(request: HttpRequest) -> HttpResponse | None:
    """Count a change made through the stewards' pages against the user; a 429 page once over the limit."""
    rate = settings.LIAISON_PAGE_CHANGE_RATE_LIMIT
    usage = get_usage(request, group=PAGE_CHANGES, key="user", rate=rate, increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    seconds = max(int(usage["time_left"]), 1)
    response = render(request, "frontend/too_many_changes.html", {"seconds": seconds}, status=429)
    response["Retry-After"] = str(seconds)
    return response
