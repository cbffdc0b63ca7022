"""Officers as rows: their entry and the contact values the viewer may see, one column per kind of channel."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from directory.exports.tables import Column, ExportTable
from directory.freshness import is_stale
from directory.models import ContactChannel, Expertise, Language, Officer
from directory.visibility import Viewer, visible_contacts, visible_officers

Kind = ContactChannel.Kind
LEVEL_NAMES = {level.value: level.name.lower() for level in Expertise.Level}

OFFICER_COLUMNS: tuple[Column, ...] = (
    Column("uuid", _("Id")),
    Column("name_native", _("Name in native script")),
    Column("name_latin", _("Name in Latin script")),
    Column("position", _("Position")),
    Column("rank", _("Rank")),
    Column("agency", _("Agency")),
    Column("country", _("Country")),
    Column("languages", _("Languages")),
    Column("expertise", _("Expertise")),
    Column("verified_at", _("Verified on")),
    Column("last_confirmed_at", _("Last confirmed on")),
    Column("stale", _("Out of date")),
    Column("is_demo", _("Demo entry")),
    *(Column(kind.value, kind.label) for kind in Kind),
)


def exportable_officers(user: Viewer, queryset: QuerySet[Officer]) -> QuerySet[Officer]:
    """The officers of this queryset the viewer may see, with everything a row needs, in a few queries."""
    contacts = visible_contacts(user, ContactChannel.objects.order_by("kind", "value", "pk"))
    expertise = Expertise.objects.select_related("topic").order_by("topic__name_en")
    # Lists (to_attr) rather than related managers: a manager's .all() per officer costs more than its query.
    return (
        visible_officers(user, queryset)
        .select_related("agency__country")
        .prefetch_related(
            Prefetch("languages", queryset=Language.objects.order_by("code"), to_attr="export_languages"),
            Prefetch("expertise", queryset=expertise, to_attr="export_expertise"),
            Prefetch("contacts", queryset=contacts, to_attr="visible_channels"),
        )
    )


def officer_record(officer: Officer) -> dict[str, Any]:
    """One officer's row (of an `exportable_officers` queryset): values as JSON holds them."""
    channels: list[ContactChannel] = officer.visible_channels  # type: ignore[attr-defined]
    by_kind: dict[str, list[str]] = {kind.value: [] for kind in Kind}
    for channel in channels:
        by_kind.setdefault(channel.kind, []).append(channel.value)
    record: dict[str, Any] = {
        "uuid": str(officer.uuid),
        "name_native": officer.name_native,
        "name_latin": officer.name_latin,
        "position": officer.position,
        "rank": officer.rank,
        "agency": officer.agency.name_en,
        "country": officer.agency.country.code,
        "languages": [language.code for language in officer.export_languages],  # type: ignore[attr-defined]
        "expertise": [
            f"{expertise.topic.name_en} ({LEVEL_NAMES[expertise.level]})"
            for expertise in officer.export_expertise  # type: ignore[attr-defined]
        ],
        "verified_at": officer.verified_at.date().isoformat() if officer.verified_at else None,
        "last_confirmed_at": officer.last_confirmed_at.date().isoformat() if officer.last_confirmed_at else None,
        "stale": is_stale(officer.last_confirmed_at),
        "is_demo": officer.is_demo,
    }
    return {**record, **by_kind}


def officers_table(user: Viewer, queryset: QuerySet[Officer]) -> ExportTable:
    """The officers of this queryset the viewer may see, as an export table."""
    table = ExportTable(OFFICER_COLUMNS)
    for officer in exportable_officers(user, queryset):
        table.rows.append(officer_record(officer))
        table.contacts_shown[officer] = len(officer.visible_channels)  # type: ignore[attr-defined]
    return table
