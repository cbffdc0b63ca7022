"""One JSON log line and the latency metrics for every request, under the request id the response carries."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.deprecation import MiddlewareMixin

from directory.metrics import REQUEST_SECONDS, RESPONSES
from directory.middleware import REQUEST_ID_HEADER, incoming_request_id
from directory.request_ids import new_request_id

logger = logging.getLogger("liaison.requests")
# Anything else a client sends is counted as "other": the label set stays small whatever arrives.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# URL parts that are credentials (confirmation and unsubscribe links) never reach a log.
SECRET_URL_PARTS = ("token",)


def view_label(request: HttpRequest) -> str:
    """The URL's name ('officer', 'graphql', 'admin:index'), 'static' or 'unmatched': never the raw path."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name or "unnamed"
    if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return "static"
    return "unmatched"


def loggable_path(request: HttpRequest) -> str:
    """The path without its query string, with any credential in it replaced."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    for name in SECRET_URL_PARTS:
        value = match.kwargs.get(name) if match is not None else None
        if value:
            path = path.replace(str(value), "[redacted]")
    return path


class RequestLogMiddleware(MiddlewareMixin):
    """Outermost: gives the request its id, then times it, counts it and logs it once answered."""

    def process_request(self, request: HttpRequest) -> None:
        """Take a sane X-Request-ID from the caller or make one; start the clock."""
        request.request_id = incoming_request_id(request) or new_request_id()  # type: ignore[attr-defined]
        request.liaison_started = time.perf_counter()  # type: ignore[attr-defined]

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        """Record the latency by view and GraphQL operation, echo the request id, write the log line."""
        started = getattr(request, "liaison_started", None)
        if started is None:
            return response  # an earlier middleware answered before ours ran
        seconds = time.perf_counter() - started
        view = view_label(request)
        operation = getattr(request, "graphql_operation", "")
        method = request.method if request.method in KNOWN_METHODS else "other"
        REQUEST_SECONDS.labels(view, operation).observe(seconds)
        RESPONSES.labels(view, method, str(response.status_code)).inc()
        request_id: str = request.request_id  # type: ignore[attr-defined]
        response[REQUEST_ID_HEADER] = request_id
        path = loggable_path(request)
        logger.info(
            "%s %s %s",
            method,
            path,
            response.status_code,
            extra={
                "request_id": request_id,
                "method": method,
                "path": path,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 1),
                "view": view,
                "operation": operation,
            },
        )
        return response
