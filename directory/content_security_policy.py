"""django-csp's middleware, with the header of a response that adds nothing to the policy of the settings built once."""

from __future__ import annotations

from typing import Any, NamedTuple

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

# What a view's decorators leave on its response to change or drop the policy (django-csp's own attributes).
_OWN_POLICY = frozenset(
    {
        "_csp_config",
        "_csp_update",
        "_csp_replace",
        "_csp_exempt",
        "_csp_config_ro",
        "_csp_update_ro",
        "_csp_replace_ro",
        "_csp_exempt_ro",
    }
)


class _Headers(NamedTuple):
    """The two headers as the settings make them, with the settings they were made from."""

    policy: Any
    report_only: Any
    header: str
    report_only_header: str
    excluded: tuple[str, ...]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, writing the settings' policy as it was last built where a response adds nothing to it.

    The library builds the policy, and the report-only one, for every response: 0.07 ms of the 1 ms a small API
    answer takes (bench/RESULTS.md, 2026-12-07). A response that sets no policy of its own to a request whose nonce was
    never asked for (every API answer, most redirects) gets the headers those settings make, built again only when they
    change; a page with a nonce, a decorated view, an excluded path or a debug error page goes through the library.
    """

    _built: _Headers | None = None

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        """The library's headers, from the settings' policy built once where the response adds nothing to it."""
        if (
            settings.DEBUG
            or getattr(request, "_csp_nonce", None) is not None
            or not response.__dict__.keys().isdisjoint(_OWN_POLICY)
            or HEADER in response
            or HEADER_REPORT_ONLY in response
        ):
            return super().process_response(request, response)
        built = self._headers()
        if built.excluded and request.path_info.startswith(built.excluded):
            return super().process_response(request, response)
        if built.header:
            response[HEADER] = built.header
        if built.report_only_header:
            response[HEADER_REPORT_ONLY] = built.report_only_header
        # As the library does: a nonce asked for once the header is written raises, rather than going unused.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response

    def _headers(self) -> _Headers:
        """The headers of the settings in force, built again when either policy setting is another object."""
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        built = self._built
        if built is None or built.policy is not policy or built.report_only is not report_only:
            excluded = {*((policy or {}).get("EXCLUDE_URL_PREFIXES") or ())}
            excluded |= {*((report_only or {}).get("EXCLUDE_URL_PREFIXES") or ())}
            built = self._built = _Headers(
                policy, report_only, build_policy(), build_policy(report_only=True), tuple(sorted(excluded))
            )
        return built
