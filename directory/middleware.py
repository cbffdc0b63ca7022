"""Every request runs as its signed-in user under one request id; sessions an account may not hold, and idle
sessions, end; no response is stored."""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.deprecation import MiddlewareMixin
from django.utils.http import http_date
from django.utils.translation import ngettext

from directory.audit import acting_as
from directory.permissions import may_hold_session

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
# When the signed-in session last made a request, in whole seconds since the epoch.
LAST_ACTIVITY_KEY = "liaison_last_activity"
# Recording every request would write the session on every page; a minute is precise enough for an idle limit.
ACTIVITY_RESOLUTION_SECONDS = 60


def incoming_request_id(request: HttpRequest) -> str | None:
    """The caller's X-Request-ID when it is safe to log and echo (up to 64 letters, digits, - or _), else None."""
    value = request.headers.get(REQUEST_ID_HEADER, "")
    return value if _VALID_REQUEST_ID.fullmatch(value) else None


def request_id_of(request: HttpRequest) -> str | None:
    """The id the request log gave this request (directory.request_log), else the caller's sane one, else None."""
    return getattr(request, "request_id", None) or incoming_request_id(request)


class SyncAndAsyncMiddleware:
    """A middleware that serves both the WSGI and the ASGI handler, as Django's own do."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> HttpResponseBase | Awaitable[HttpResponseBase]:
        """Handle the request (each middleware says how)."""
        raise NotImplementedError


class RequestContextMiddleware(SyncAndAsyncMiddleware):
    """Wraps each request in `acting_as(user, request_id)` and sets the X-Request-ID response header."""

    def __call__(self, request: HttpRequest) -> HttpResponseBase | Awaitable[HttpResponseBase]:
        """Run the rest of the request as the signed-in user (or nobody) under one request id."""
        if self.is_async:
            return self._acall(request)
        # The user is looked up only when a change is recorded, so requests that write nothing touch no session.
        with acting_as(lambda: request.user, request_id_of(request)) as request_id:
            response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response

    async def _acall(self, request: HttpRequest) -> HttpResponseBase:
        user = await request.auser()
        with acting_as(user if user.is_authenticated else None, request_id_of(request)) as request_id:
            response = await self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


def refused_session(request: HttpRequest) -> HttpResponseBase | None:
    """End a browser session its account may not hold, answering how; None when the session may go on."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None  # no session to check, and no lookup spent
    if may_hold_session(request.user):
        return None
    logout(request)
    if request.method == "GET" and "text/html" in request.headers.get("Accept", ""):
        return redirect_to_login(request.get_full_path())
    message = "Integration accounts cannot use a browser session; send an API token as 'Authorization: Bearer …'."
    return JsonResponse({"errors": [{"message": message}]}, status=401)


class SessionRoleMiddleware(SyncAndAsyncMiddleware):
    """Refuses a browser session whose account acts only through tokens (integrations), on pages and the API."""

    def __call__(self, request: HttpRequest) -> HttpResponseBase | Awaitable[HttpResponseBase]:
        """Answer 401 (or send a page request to sign in) when the session's account may not hold one."""
        if self.is_async:
            return self._acall(request)
        return refused_session(request) or self.get_response(request)

    async def _acall(self, request: HttpRequest) -> HttpResponseBase:
        refusal = await sync_to_async(refused_session)(request)
        return refusal or await self.get_response(request)


class IdleSessionMiddleware(MiddlewareMixin):
    """Signs a session out once it has made no request for LIAISON_SESSION_IDLE_MINUTES."""

    def process_request(self, request: HttpRequest) -> None:
        """Sign out an idle session (the page then asks to sign in), else note this request's time."""
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return  # nothing to age, and no session to load: API tokens, first visits
        session = request.session
        if SESSION_KEY not in session:
            return
        now = int(time.time())
        last = session.get(LAST_ACTIVITY_KEY)
        limit = settings.LIAISON_SESSION_IDLE_MINUTES
        if isinstance(last, int) and now - last > limit * 60:
            logout(request)
            # Said on the sign-in page the visitor is sent to, so that the lost session is not a mystery.
            messages.info(
                request,
                ngettext(
                    "You were signed out after %(minutes)d minute without activity. Sign in again to go on.",
                    "You were signed out after %(minutes)d minutes without activity. Sign in again to go on.",
                    limit,
                )
                % {"minutes": limit},
            )
            return
        if not isinstance(last, int) or now - last >= ACTIVITY_RESOLUTION_SECONDS:
            session[LAST_ACTIVITY_KEY] = now


# What `add_never_cache_headers` writes on a response that has neither of its headers yet, nearly every response.
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"


class NoStoreMiddleware(MiddlewareMixin):
    """Asks browsers and proxies to keep no copy of what Django answers: pages, /graphql and the admin."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        """Any page may show contact details, and a shared computer's back button must not show them again."""
        if response.has_header("Cache-Control") or response.has_header("Expires"):
            add_never_cache_headers(response)  # merged with what the view said
        else:
            # Written as they are: Django's helper parses and merges Cache-Control twice to arrive at the same text.
            response.headers["Expires"] = http_date(time.time())
            response.headers["Cache-Control"] = NEVER_CACHE
        return response


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware without looking for a language in the path, which Liaison's URLs never carry.

    Django's looks on every request and response, and a path such as /graphql reads as a language code that is then
    looked up in vain, uncached: about 0.2 ms of a counterpart answer's time in the API (bench/RESULTS.md). The
    language still comes from the cookie the switcher sets, then from Accept-Language, as before.
    """

    def process_request(self, request: HttpRequest) -> None:
        """Speak the language the visitor chose, or the one their browser asks for."""
        translation.activate(translation.get_language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        """Say which language the answer is in, and that it depends on the visitor's."""
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
