"""An event's attendance list in the roster's own columns, so that exporting and importing it changes nothing."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import get_language

from directory.exports.tables import Column, ExportTable
from directory.models import ContactChannel, Event, Participation
from directory.rosters.columns import ROSTER_COLUMNS
from directory.visibility import Viewer, sees_each_rating, visible_contacts, visible_officers

Kind = ContactChannel.Kind
# The roster has one phone column: a desk phone first, else a mobile, else the 24/7 line.
PHONE_KINDS = (Kind.PHONE, Kind.MOBILE, Kind.HOTLINE)


def roster_columns() -> tuple[Column, ...]:
    """The roster's columns with their headers in the reader's language (the import reads either)."""
    russian = (get_language() or "").startswith("ru")
    return tuple(Column(column.key, column.header_ru if russian else column.header_en) for column in ROSTER_COLUMNS)


def _first(channels: list[ContactChannel], kinds: tuple[str, ...]) -> str:
    for kind in kinds:
        for channel in channels:
            if channel.kind == kind:
                return channel.value
    return ""


def attendance_table(user: Viewer, event: Event) -> ExportTable:
    """Who attended the event, as the viewer may see them: ratings only for those who may read them."""
    contacts = visible_contacts(user, ContactChannel.objects.order_by("kind", "value", "pk"))
    participations = (
        Participation.objects.filter(event=event, officer__in=visible_officers(user))
        .select_related("officer__agency__country")
        .prefetch_related(
            "officer__languages", Prefetch("officer__contacts", queryset=contacts, to_attr="visible_channels")
        )
        .order_by("officer__name_latin", "officer_id")
    )
    with_ratings = sees_each_rating(user)
    table = ExportTable(roster_columns())
    for number, participation in enumerate(participations, start=1):
        officer = participation.officer
        channels: list[ContactChannel] = officer.visible_channels  # type: ignore[attr-defined]
        email, phone = _first(channels, (Kind.EMAIL,)), _first(channels, PHONE_KINDS)
        row: dict[str, Any] = {
            "number": number,
            "full_name": officer.name_native or officer.name_latin,
            "position": officer.position,
            "rank": officer.rank,
            "agency": officer.agency.name_en,
            "country": officer.agency.country.name_en,
            "email": email,
            "phone": phone,
            "languages": ", ".join(sorted(language.code for language in officer.languages.all())),
            "event": event.title,
            "role": participation.role,
            "rating": participation.rating if with_ratings else "",
            "wants_more": ("yes" if participation.wants_more else "no") if with_ratings else "",
        }
        table.rows.append(row)
        table.contacts_shown[officer] = bool(email) + bool(phone)
    return table
