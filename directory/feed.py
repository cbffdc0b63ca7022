"""The change feed: published changes after a cursor, as the viewer may see them (reads only; names, never values)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Min, Q

from directory.errors import field_error
from directory.models import ChangeEvent, OutboxEvent
from directory.visibility import Viewer, sees_only_own_entry, signed_in

CURSOR_PREFIX = "change:"
# The feed's order is its sequence, which the worker gives in commit order, so a reader never passes a change by.
MAX_SEQUENCE = 2**63 - 1


@dataclass(frozen=True)
class FeedPage:
    """A page of changes, the cursor to ask after next time, and whether more wait already."""

    changes: list[ChangeEvent]
    end_cursor: str | None
    has_more: bool


def cursor_of(sequence: int) -> str:
    """The opaque cursor that resumes after this change."""
    return base64.b64encode(f"{CURSOR_PREFIX}{sequence}".encode()).decode()


def sequence_of(cursor: str) -> int:
    """The sequence a cursor stands for; a ValidationError naming `after` for anything the feed never gave."""
    try:
        decoded = base64.b64decode(cursor.encode("ascii"), validate=True).decode("ascii")
    except (ValueError, UnicodeError, binascii.Error):
        decoded = ""
    number = decoded.removeprefix(CURSOR_PREFIX)
    if not decoded.startswith(CURSOR_PREFIX) or not (number.isascii() and number.isdigit()) or len(number) > 19:
        raise field_error(
            "after", "This is not a cursor the change feed gave; use endCursor, or omit it.", "bad_cursor"
        )
    sequence = int(number)
    if sequence > MAX_SEQUENCE:
        raise field_error(
            "after", "This is not a cursor the change feed gave; use endCursor, or omit it.", "bad_cursor"
        )
    return sequence


def _check_not_expired(sequence: int) -> None:
    """A cursor from before the oldest change the feed keeps would pass pruned changes by: refuse it, naming `after`."""
    # Pruning takes the oldest stretch only (directory/services/retention.py), so the sequences kept have no gaps.
    oldest = ChangeEvent.objects.filter(sequence__isnull=False).aggregate(oldest=Min("sequence"))["oldest"]
    if oldest is not None and sequence < oldest - 1:
        days = settings.LIAISON_CHANGE_FEED_RETENTION_DAYS
        raise field_error(
            "after",
            f"This cursor is older than the change feed keeps (changes of the last {days} days); read the records "
            "afresh (officers with updatedSince, or the full list), then follow the feed again without `after`.",
            "cursor_expired",
        )


def visible_changes(user: Viewer, after: str | None, kinds: Sequence[str] | None, first: int) -> FeedPage:
    """Up to `first` changes after the cursor that this user may see, oldest first."""
    if not signed_in(user):
        return FeedPage([], after, False)
    changes = ChangeEvent.objects.filter(sequence__isnull=False)
    if after:
        sequence = sequence_of(after)
        _check_not_expired(sequence)
        changes = changes.filter(sequence__gt=sequence)
    if kinds:
        changes = changes.filter(kind__in=list(kinds))
    if sees_only_own_entry(user):
        # Until verified, an officer sees only their own entry: other officers' changes are not theirs to see.
        own = user.officer.uuid if user.officer is not None else None
        changes = changes.filter(~Q(aggregate=OutboxEvent.Aggregate.OFFICER) | Q(record_uuid=own))
    page = list(changes.order_by("sequence")[: first + 1])
    has_more = len(page) > first
    page = page[:first]
    end = cursor_of(page[-1].sequence) if page and page[-1].sequence is not None else after
    return FeedPage(page, end, has_more)
