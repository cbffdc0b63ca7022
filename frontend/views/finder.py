"""The home page: find counterparts across a border, with the reasons they were found."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from answers.failures import GraphUnavailable
from answers.questions import counterparts
from directory.models import Topic
from frontend.forms.finder import FinderForm
from frontend.views.officers import own_entry
from graph.errors import GraphQuestionError

RESULTS = 25
# The name of the form's Find button: a question carries it only once the user submitted it.
SUBMITTED = "find"


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The finder: the form, and the ranked results once a topic is chosen (a whole page, or the results for htmx)."""
    me = own_entry(request.user)
    asked = "topic" in request.GET
    home_country = getattr(request.user.country, "code", "")
    # Without a home (programme staff, say) there are no neighbours to start from: every country, until chosen.
    initial = {"scope": "neighbours" if me is not None or home_country else "all", "origin": home_country}
    form = FinderForm(request.GET if asked else None, initial=initial, has_own_entry=me is not None)
    context: dict[str, Any] = {"form": form, "me": me, "asked": asked, "results": [], "unverified": False}
    if asked and form.is_valid():
        context.update(_search(request, form, me))
    elif asked and SUBMITTED not in request.GET:
        # Still being filled in (htmx asks on every change): no error until the user presses Find.
        chosen = {name: value for name, value in request.GET.items() if name in form.fields}
        context["form"] = FinderForm(initial={**initial, **chosen}, has_own_entry=me is not None)
        context["unfinished"] = True
    template = "frontend/finder/_results.html" if request.htmx else "frontend/finder/home.html"
    return render(request, template, context)


def _search(request: HttpRequest, form: FinderForm, me: Any) -> dict[str, Any]:
    data = form.cleaned_data
    arguments = {
        "topic": str(Topic.objects.get(slug=data["topic"]).uuid),
        "scope": data["scope"],
        "language": data["language"] or None,
        "target_country": data["country"] or None,
        "limit": RESULTS,
    }
    if me is not None:
        arguments["officer"] = str(me.uuid)
    else:
        arguments["country"] = data.get("origin") or None
    try:
        results = counterparts(request.user, **arguments)
    except GraphUnavailable:
        return {"graph_down": True}
    except GraphQuestionError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return {}
    unverified = me is not None and me.verified_at is None
    return {"results": results, "unverified": unverified}
