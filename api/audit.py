"""Logging the API's reads of contact details: who looked up whom, when, through which operation."""

from __future__ import annotations

from strawberry import Info

from api.permissions import require_signed_in
from directory.models import Officer
from directory.services.access import log_contact_access


def note_contact_view(info: Info, officer: Officer, shown: int) -> None:
    """Record that the viewer was shown `shown` contact values of this officer."""
    operation = getattr(info.operation, "name", None)
    log_contact_access(
        viewer=require_signed_in(info),
        officer=officer,
        channel_count=shown,
        operation=f"graphql:{operation.value if operation else info.field_name}",
    )
