"""Error pages in the reader's language."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.template.loader import render_to_string


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A 404 page that says what was not found and where to go instead."""
    return HttpResponseNotFound(render_to_string("frontend/404.html", {"path": request.path}, request=request))
