"""The policy headers written from the settings' policy built once are word for word what django-csp writes."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from directory.content_security_policy import ContentSecurityPolicyMiddleware

HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")
REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'self'"], "report-uri": "/csp-reports/"}}


def _plain(request: HttpRequest) -> HttpResponse:
    return HttpResponse("{}")


def _updated(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("{}")
    response._csp_update = {"img-src": ["https://maps.example"]}  # type: ignore[attr-defined]  # as @csp_update does
    return response


def _exempt(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("{}")
    response._csp_exempt = True  # type: ignore[attr-defined]  # as @csp_exempt does
    return response


def _with_nonce(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")  # type: ignore[attr-defined]


def _own_header(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("{}")
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


VIEWS: dict[str, Callable[[HttpRequest], HttpResponse]] = {
    "nothing of its own": _plain,
    "a decorator's update": _updated,
    "exempt": _exempt,
    "a nonce": _with_nonce,
    "its own header": _own_header,
}


def _headers(response: HttpResponse) -> dict[str, str | None]:
    """The two policy headers, each request's own nonce written as one placeholder."""
    return {h: re.sub(r"'nonce-[^']+'", "'nonce-N'", response[h]) if h in response else None for h in HEADERS}


def _answered(middleware: type[CSPMiddleware], view: Callable[[HttpRequest], HttpResponse], path: str) -> HttpResponse:
    return middleware(view)(RequestFactory().get(path))


@pytest.mark.parametrize("report_only", [False, True], ids=["policy", "with report-only"])
@pytest.mark.parametrize("name", list(VIEWS))
def test_every_response_carries_the_headers_django_csp_writes(name: str, report_only: bool, settings: object) -> None:
    # given the settings' policy (and a report-only one), and a view whose response adds to it or not
    if report_only:
        settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = REPORT_ONLY  # type: ignore[attr-defined]
    view = VIEWS[name]
    # when it leaves through each middleware, twice through the one that keeps what it built
    expected = _answered(CSPMiddleware, view, "/graphql")
    kept = ContentSecurityPolicyMiddleware(view)
    answers = [kept(RequestFactory().get("/graphql")) for _ in range(2)]
    # then each carries the same headers, word for word, as django-csp's own
    for answered in answers:
        assert _headers(answered) == _headers(expected)
    if name != "exempt":
        assert expected.get("Content-Security-Policy")
        if report_only and name != "its own header":
            assert expected.get("Content-Security-Policy-Report-Only")
    if name == "a nonce":
        nonce = answers[0].content.decode().split("'")[1]
        assert f"'nonce-{nonce}'" in answers[0]["Content-Security-Policy"]


def test_a_nonce_asked_for_once_the_header_is_written_is_refused() -> None:
    # given a response written with the policy built once
    request = RequestFactory().get("/graphql")
    ContentSecurityPolicyMiddleware(_plain)(request)
    # then a nonce asked for afterwards, which no header could carry, raises as django-csp's does
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)  # type: ignore[attr-defined]


def test_a_change_of_the_settings_policy_changes_the_header_and_an_excluded_path_has_none(settings: object) -> None:
    # given one middleware that has written the settings' policy
    middleware = ContentSecurityPolicyMiddleware(_plain)
    before = middleware(RequestFactory().get("/graphql"))["Content-Security-Policy"]
    # when the policy changes, with a path left out of it
    settings.CONTENT_SECURITY_POLICY = {  # type: ignore[attr-defined]
        "EXCLUDE_URL_PREFIXES": ["/reports/"],
        "DIRECTIVES": {"default-src": ["'none'"]},
    }
    after = middleware(RequestFactory().get("/graphql"))
    left_out = middleware(RequestFactory().get("/reports/weekly"))
    # then the new policy is written, as django-csp writes it, and the excluded path carries none
    assert after["Content-Security-Policy"] == "default-src 'none'" != before
    assert after["Content-Security-Policy"] == _answered(CSPMiddleware, _plain, "/graphql")["Content-Security-Policy"]
    assert "Content-Security-Policy" not in left_out
