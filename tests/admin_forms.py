"""What the admin's change forms send back, built from the records as the form shows them."""

from __future__ import annotations

from typing import Any

from directory.models import Event, Participation


def event_change_data(event: Event, rows: list[Participation]) -> dict[str, Any]:
    """An event's change form as sent unchanged: its fields, then one inline row per participation."""
    data: dict[str, Any] = {
        "title": event.title,
        "short_title": event.short_title,
        "city": str(event.city_id),
        "starts_on": event.starts_on.isoformat(),
        "ends_on": event.ends_on.isoformat(),
        "topics": [str(pk) for pk in event.topics.values_list("pk", flat=True)],
        "participations-TOTAL_FORMS": str(len(rows)),
        "participations-INITIAL_FORMS": str(len(rows)),
    }
    for index, row in enumerate(rows):
        data |= {
            f"participations-{index}-id": str(row.pk),
            f"participations-{index}-event": str(event.pk),
            f"participations-{index}-officer": str(row.officer_id),
            f"participations-{index}-role": row.role,
            f"participations-{index}-rating": row.rating,
        }
    return data
