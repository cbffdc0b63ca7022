"""What every page's layout needs: the viewer's role and the search box's text."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from directory.models import User
from directory.visibility import signed_in

# Roles that may open the stewards' pages (what each may change is still checked record by record).
STEWARDING_ROLES = frozenset({User.Role.STEWARD, User.Role.ADMIN})


def can_steward(user: Any) -> bool:
    """Whether this user sees the stewards' pages and actions."""
    return signed_in(user) and (user.role in STEWARDING_ROLES or user.is_superuser)


def site(request: HttpRequest) -> dict[str, Any]:
    """Template context for the layout."""
    user = getattr(request, "user", None)
    return {
        "search_text": request.GET.get("q", "")[:200] if request.method == "GET" else "",
        "can_steward": can_steward(user),
    }
