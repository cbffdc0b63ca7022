"""The search box: names of people, agencies, partners, places, topics and events, in any script."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from answers.failures import GraphUnavailable
from answers.questions import name_search
from frontend.links import page_urls
from frontend.templatetags.liaison import reading_russian
from graph.errors import GraphQuestionError
from graph.search import NameMatch

MAX_TEXT = 200


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Matches for the text, best first; text that is only punctuation finds nothing, quietly."""
    text = request.GET.get("q", "").strip()[:MAX_TEXT]
    context: dict[str, Any] = {"text": text, "matches": [], "graph_down": False}
    if text:
        try:
            matches = name_search(request.user, text=text, limit=30)
        except GraphUnavailable:
            context["graph_down"] = True
        except GraphQuestionError:
            matches = []
        else:
            links = page_urls((match.uuid, match.kind) for match in matches)
            context["matches"] = [(shown(match), links[match.uuid]) for match in matches if match.uuid in links]
    return render(request, "frontend/search.html", context)


def shown(match: NameMatch) -> dict[str, Any]:
    """A match as the page shows it: its name in the reader's language, the other form, and where it belongs."""
    russian = reading_russian()
    name = (match.name_ru if russian else None) or match.name
    other = match.name if name != match.name else match.native_name
    return {
        "kind": match.kind,
        "name": name,
        "other_name": other if other and other != name else "",
        "acronym": match.acronym or "",
        "agency": ((match.agency_ru if russian else None) or match.agency or ""),
        "country": ((match.country_ru if russian else None) or match.country or ""),
    }
