"""The API's view of who is asking: the signed-in user or the API token's, and what they may do."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from strawberry import Info

from directory.models import User
from directory.visibility import Viewer, signed_in


def request_of(info: Info) -> Any:
    """The Django request behind a GraphQL operation."""
    return info.context.request


def user_of(info: Info) -> Viewer:
    """The user behind the request (the token's user for API tokens), possibly anonymous."""
    return request_of(info).user


def require_signed_in(info: Info) -> User:
    """The signed-in user, or PermissionDenied (nothing about a person without authentication)."""
    user = user_of(info)
    if not signed_in(user):
        raise PermissionDenied("Authentication required: sign in, or send an API token as 'Authorization: Bearer …'.")
    return user
