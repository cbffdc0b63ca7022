"""Rate limits of `/graphql`: requests per user or token, and failed token checks per address.

The counters live in Django's cache (django-ratelimit's fixed windows). The default cache is each process's own
memory: with several web processes, configure a shared cache (such as the database cache) so they count together.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django_ratelimit.core import get_usage

from directory.error_codes import ErrorCode

REQUESTS = "liaison.graphql.requests"
FAILED_TOKENS = "liaison.graphql.failed_tokens"
_PERIODS = {"s": "second", "m": "minute", "h": "hour", "d": "day"}


def _per(rate: str) -> str:
    """'600/m' as people say it: '600 a minute'."""
    count, _, period = rate.partition("/")
    unit = _PERIODS[period[-1]]
    return f"{count} a {unit}" if period in _PERIODS else f"{count} every {period[:-1]} {unit}s"


def _address(_group: str, request: HttpRequest) -> str:
    """The client's address: from the reverse proxy's header when one is configured, else the connection's."""
    header = settings.LIAISON_CLIENT_ADDRESS_HEADER
    # The proxy appends the address it saw last; earlier entries are whatever the client sent.
    address = (request.META.get(header, "") if header else "").split(",")[-1].strip()
    address = address or request.META.get("REMOTE_ADDR") or "unknown"
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    # One IPv6 subscriber holds a whole /64: counting each of its addresses apart would count nothing.
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address) if parsed.version == 6 else address


def _too_many(message: str, seconds: int, rate: str) -> JsonResponse:
    seconds = max(seconds, 1)
    response = JsonResponse(
        {
            "errors": [
                {
                    "message": f"{message} Wait {seconds} s (the Retry-After header) before trying again.",
                    "extensions": {"code": ErrorCode.RATE_LIMITED, "limit": rate, "retryAfter": seconds},
                }
            ]
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def refuse_after_failed_tokens(request: HttpRequest) -> JsonResponse | None:
    """A 429 when this address has failed too many token checks lately (checked before looking a token up)."""
    rate = settings.LIAISON_TOKEN_FAILURE_LIMIT
    usage = get_usage(request, group=FAILED_TOKENS, key=_address, rate=rate)
    if usage is None or usage["count"] < usage["limit"]:
        return None
    return _too_many(
        f"Too many failed API token checks from this address (the limit is {_per(rate)}); "
        "check that the token is current, or issue a new one.",
        usage["time_left"],
        rate,
    )


def count_failed_token(request: HttpRequest) -> None:
    """Count one failed token check against the address it came from."""
    get_usage(request, group=FAILED_TOKENS, key=_address, rate=settings.LIAISON_TOKEN_FAILURE_LIMIT, increment=True)


def refuse_over_rate(request: HttpRequest, caller: str) -> JsonResponse | None:
    """Count this request against `caller` (a user or a token); a 429 once over the limit."""
    rate = settings.LIAISON_GRAPHQL_RATE_LIMIT
    usage: dict[str, Any] | None = get_usage(
        request, group=REQUESTS, key=lambda _group, _request: caller, rate=rate, increment=True
    )
    if usage is None or not usage["should_limit"]:
        return None
    return _too_many(
        f"Too many GraphQL requests from this {caller.partition(':')[0]} (the limit is {_per(rate)}); "
        "send fewer requests, such as one operation asking for several fields.",
        usage["time_left"],
        rate,
    )
