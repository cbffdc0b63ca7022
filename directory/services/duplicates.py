"""A steward's word that two entries that look alike are different people: the finder stops pairing them."""

from __future__ import annotations

from django.db import transaction

from directory.errors import field_error
from directory.models import DuplicateDismissal, Officer, User


@transaction.atomic
def dismiss_duplicate(first: Officer, second: Officer, *, by: User | None) -> DuplicateDismissal:
    """Record that two entries are not one person (stored once per pair; dismissing twice keeps the first)."""
    if first.pk == second.pk:
        raise field_error(
            "second", "An entry is always the same person as itself; choose another entry.", code="self_merge"
        )
    if first.agency.country_id != second.agency.country_id:
        raise field_error(
            "second",
            "The duplicate finder pairs entries of one country only; choose an entry of the same country.",
            code="other_country",
        )
    low, high = sorted([first, second], key=lambda officer: officer.pk)
    dismissal, _ = DuplicateDismissal.objects.get_or_create(
        officer_a=low, officer_b=high, defaults={"dismissed_by": by}
    )
    return dismissal
