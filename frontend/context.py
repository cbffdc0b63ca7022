"""What every page's layout needs: the viewer's role and the search box's text."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from directory.keeping_current import questions_for
from directory.permissions import ensure_can_export, may_import, may_see_duplicates
from directory.permissions import may_steward as can_steward


def site(request: HttpRequest) -> dict[str, Any]:
    """Template context for the layout."""
    user = getattr(request, "user", None)
    return {
        "search_text": request.GET.get("q", "")[:200] if request.method == "GET" else "",
        "can_steward": can_steward(user),
        "can_import": may_import(user) if user is not None else False,
        "can_export": _may_export(user),
        "can_see_duplicates": may_see_duplicates(user),
        # Asked on the next visit: one question at a time, the oldest first (lazy: only pages that show it ask).
        "follow_up": SimpleLazyObject(lambda: questions_for(user).first() if user is not None else None),
    }


def _may_export(user: Any) -> bool:
    """Whether the viewer may download lists (the export links show only then)."""
    try:
        ensure_can_export(user)
    except PermissionDenied:
        return False
    return True
