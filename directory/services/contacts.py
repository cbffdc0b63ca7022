"""Writes for an officer's contact channels beyond adding one: change it, remove it."""

from __future__ import annotations

from django.db import transaction

from directory.errors import field_error
from directory.models import ContactChannel
from directory.services.publishing import Aggregate, touch


@transaction.atomic
def update_contact_channel(channel: ContactChannel, *, kind: str, value: str, visibility: str) -> ContactChannel:
    """Change a channel's kind, value or who may see it; the same kind and value twice is an error."""
    channel.kind, channel.value, channel.visibility = kind, value.strip(), visibility
    channel.full_clean(validate_constraints=False)
    twin = ContactChannel.objects.filter(officer=channel.officer, kind=channel.kind, value=channel.value)
    if twin.exclude(pk=channel.pk).exists():
        raise field_error(
            "value",
            f"{channel.officer} already has the {channel.get_kind_display()} '{channel.value}'.",
            code="duplicate_contact",
        )
    channel.save()
    # Contacts never reach the graph, but the entry changed: its version moves on.
    touch([channel.officer], Aggregate.OFFICER, links=["contacts"])
    return channel


@transaction.atomic
def remove_contact_channel(channel: ContactChannel) -> None:
    """Remove a way to reach an officer."""
    officer = channel.officer
    channel.delete()
    touch([officer], Aggregate.OFFICER, links=["contacts"])
