"""A database too busy to take a write answers 503 with Retry-After: the reader may simply try again."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from directory.errors import RETRY_AFTER_SECONDS, is_database_busy


class DatabaseBusyMiddleware:
    """Turns a lock that could not be had in time into a 503 page that says to retry, instead of a server error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """Pass the request on."""
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A 503 page with Retry-After for a busy database; any other error goes on to Django's handling."""
        if not is_database_busy(exception):
            return None
        context = {"retry_after": RETRY_AFTER_SECONDS}
        response = HttpResponse(render_to_string("frontend/503.html", context, request=request), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
