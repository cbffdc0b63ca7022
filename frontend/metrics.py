"""`GET /metrics`: Liaison's metrics in Prometheus' text format, for a scraper with the key, or an administrator."""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import generate_latest
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4

from directory.error_codes import ErrorCode
from directory.metrics import scrape_registry
from directory.permissions import may_read_metrics
from frontend.throttle import seconds_until_allowed

BEARER = "Bearer "
# Headers a reverse proxy adds: with any of them, a loopback connection is the proxy, not someone on this host.
PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED", "HTTP_X_FORWARDED_PROTO")


def _refusal(status: int, code: ErrorCode, message: str) -> JsonResponse:
    return JsonResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status=status)


def _from_this_host(request: HttpRequest) -> bool:
    """A direct connection from loopback, not one a reverse proxy passed on."""
    try:
        loopback = ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False
    headers = (*PROXY_HEADERS, settings.LIAISON_CLIENT_ADDRESS_HEADER)
    return loopback and not any(header and header in request.META for header in headers)


def _has_scrape_key(request: HttpRequest) -> bool:
    key = settings.LIAISON_METRICS_TOKEN
    sent = request.headers.get("Authorization", "")
    if not key or not sent.startswith(BEARER):
        return False
    return hmac.compare_digest(sent.removeprefix(BEARER).strip().encode(), key.encode())


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    """The metrics, when the scrape key, an administrator's session or (while developing) loopback allows them."""
    wait = seconds_until_allowed(request, "metrics", settings.LIAISON_METRICS_RATE_LIMIT)
    if wait:
        response = _refusal(429, ErrorCode.RATE_LIMITED, _("Too many requests for the metrics; try again later."))
        response["Retry-After"] = str(wait)
        return response
    allowed = (
        _has_scrape_key(request)
        or may_read_metrics(request.user)
        or (settings.LIAISON_METRICS_ALLOW_LOOPBACK and _from_this_host(request))
    )
    if not allowed:
        if request.headers.get("Authorization"):
            return _refusal(
                401,
                ErrorCode.UNAUTHENTICATED,
                _("The metrics key is wrong: send LIAISON_METRICS_TOKEN as “Authorization: Bearer <key>”."),
            )
        return _refusal(
            403,
            ErrorCode.PERMISSION_DENIED,
            _(
                "The metrics are for the monitoring system and administrators: send the key "
                "(LIAISON_METRICS_TOKEN) as “Authorization: Bearer <key>”, or sign in as an administrator."
            ),
        )
    # The classic text format: every Prometheus version reads it (Liaison's names need nothing newer).
    return HttpResponse(generate_latest(scrape_registry()), content_type=CONTENT_TYPE_PLAIN_0_0_4)
