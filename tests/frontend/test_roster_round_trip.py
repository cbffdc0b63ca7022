"""Export then import changes nothing: an event's attendance list, downloaded and brought back in, finds everyone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from directory.demo import DEMO_STAFF, DemoSummary
from directory.models import ChangeLog, ContactChannel, Event, Officer, OutboxEvent, Participation, User
from directory.services.intake import commit_roster
from tests.roster_world import preview_of, statuses


def _directory_as_it_stands(event: Event) -> tuple[int, int, list[tuple[int, str, str, bool]], set[str]]:
    """What a round trip must leave alone: officers, contact values, and the event's attendance with ratings."""
    attendance = sorted(
        Participation.objects.filter(event=event).values_list("officer_id", "role", "rating", "wants_more")
    )
    return (
        Officer.objects.count(),
        ContactChannel.objects.count(),
        attendance,
        set(ContactChannel.objects.values_list("value", flat=True)),
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_exported_attendance_list_imports_back_without_changing_anything(
    sign_in: Callable[..., Client], demo: DemoSummary, file_format: str
) -> None:
    # given the Tashkent workshop's attendance list, downloaded by programme staff
    event = Event.objects.get(short_title__icontains="crypto")
    response = sign_in(DEMO_STAFF).get(f"/events/{event.uuid}/attendance.{file_format}")
    assert response.status_code == 200
    before = _directory_as_it_stands(event)
    changes, outbox = ChangeLog.objects.count(), OutboxEvent.objects.count()
    # when the same staff bring that file back in
    staff = User.objects.get(username=DEMO_STAFF)
    preview = preview_of(response.content, staff, name=f"attendance.{file_format}")
    # then every row is found as the officer it came from, nothing new, ambiguous or invalid
    assert set(statuses(preview).values()) == {"match"}, [(r.number, r.status, r.problems) for r in preview.rows]
    assert len(preview.rows) == Participation.objects.filter(event=event).count()
    # and committing it changes nothing in the directory, and sends nothing to the graph
    done = commit_roster(preview, user=staff)
    assert done.created_count == 0 and done.unchanged_count == len(preview.rows)
    assert _directory_as_it_stands(event) == before
    assert OutboxEvent.objects.count() == outbox
    assert ChangeLog.objects.count() == changes
