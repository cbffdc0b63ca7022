"""Every request runs as its signed-in user under one request id, which the response carries back."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import HttpRequest, HttpResponseBase

from directory.audit import acting_as

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def incoming_request_id(request: HttpRequest) -> str | None:
    """The caller's X-Request-ID when it is safe to log and echo (up to 64 letters, digits, - or _), else None."""
    value = request.headers.get(REQUEST_ID_HEADER, "")
    return value if _VALID_REQUEST_ID.fullmatch(value) else None


class RequestContextMiddleware:
    """Wraps each request in `acting_as(user, request_id)` and sets the X-Request-ID response header."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> HttpResponseBase | Awaitable[HttpResponseBase]:
        """Run the rest of the request as the signed-in user (or nobody) under one request id."""
        if self.is_async:
            return self._acall(request)
        # The user is looked up only when a change is recorded, so requests that write nothing touch no session.
        with acting_as(lambda: request.user, incoming_request_id(request)) as request_id:
            response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response

    async def _acall(self, request: HttpRequest) -> HttpResponseBase:
        user = await request.auser()
        with acting_as(user if user.is_authenticated else None, incoming_request_id(request)) as request_id:
            response = await self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response
