"""An officer's profile: who they are, what they know, how to reach them, and who can introduce you."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from answers.failures import GraphUnavailable
from answers.questions import introduction_paths
from directory.models import Expertise, Officer, Participation
from directory.permissions import ensure_can_change
from directory.responsiveness import responsiveness
from directory.services.access import log_contact_access
from directory.visibility import officer_visible, visible_contacts, visible_officers

PROFILE_OPERATION = "page:officer profile"


def visible_officer(user: Any, uuid: Any) -> Officer:
    """The officer with this uuid if the viewer may see them, else 404."""
    return get_object_or_404(visible_officers(user).select_related("agency__country", "agency__city"), uuid=uuid)


def own_entry(user: Any) -> Officer | None:
    """The viewer's own officer entry (with agency and country) if they have one they may see, else None."""
    if not user.officer_id:
        return None
    return visible_officers(user).select_related("agency__country").filter(pk=user.officer_id).first()


def may_change(user: Any, record: Any) -> bool:
    """Whether the viewer may change this record (the stewards' buttons show only then)."""
    try:
        ensure_can_change(user, record)
    except PermissionDenied:
        return False
    return True


@login_required
@require_GET
def profile(request: HttpRequest, uuid: Any) -> HttpResponse:
    """The profile; every time contact details are shown, the view is logged."""
    user = request.user
    officer = visible_officer(user, uuid)
    contacts = list(visible_contacts(user, officer.contacts.all()).order_by("kind", "value"))
    if contacts:
        log_contact_access(viewer=user, officer=officer, channel_count=len(contacts), operation=PROFILE_OPERATION)
    context: dict[str, Any] = {
        "officer": officer,
        "contacts": contacts,
        "languages": officer.languages.all(),
        "expertise": Expertise.objects.filter(officer=officer).select_related("topic").order_by("-level"),
        "participations": Participation.objects.filter(officer=officer)
        .select_related("event__city__country")
        .order_by("-event__starts_on"),
        "may_change": may_change(user, officer),
        "is_me": user.officer_id == officer.pk,
        # Shown beside the contact details, so only to those who may see some of them.
        "responsiveness": responsiveness(officer) if contacts else None,
    }
    context.update(_introductions(user, officer))
    return render(request, "frontend/officers/profile.html", context)


def _introductions(user: Any, officer: Officer) -> dict[str, Any]:
    """Who can introduce the viewer to this officer, when the viewer has an entry of their own."""
    # Only its keys are needed: the entry as loaded with the account, without own_entry's query for its agency.
    me = user.officer if user.officer_id and officer_visible(user, user.officer) else None
    if me is None or me.pk == officer.pk:
        return {"paths": None}
    try:
        return {"paths": introduction_paths(user, from_officer=str(me.uuid), to_officer=str(officer.uuid))}
    except GraphUnavailable:
        return {"paths": None, "graph_down": True}
