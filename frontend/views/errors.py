"""Error pages in the reader's language."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseNotFound
from django.template.loader import render_to_string
from django.utils.translation import gettext as _


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A 404 page that says what was not found and where to go instead."""
    return HttpResponseNotFound(render_to_string("frontend/404.html", {"path": request.path}, request=request))


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A 403 page saying, in the reader's language, what was refused and why."""
    reason = str(exception.args[0]) if exception is not None and exception.args else ""
    context = {"reason": _as_clause(reason) or _("your account does not give you the right to do it")}
    return HttpResponseForbidden(render_to_string("frontend/403.html", context, request=request))


def _as_clause(sentence: str) -> str:
    """'Your role may not ….' as '… because your role may not …': lower-case start, no full stop."""
    sentence = sentence.strip().rstrip(".")
    if len(sentence) > 1 and not sentence[1].isupper():
        sentence = sentence[0].lower() + sentence[1:]
    return sentence
