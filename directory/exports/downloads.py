"""Downloads: check the viewer's right and the row cap, write the file, and log it with the contact views."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.errors import field_error
from directory.exports.attendance import attendance_table
from directory.exports.formats import CONTENT_TYPES, FileFormat, as_csv, as_json, as_xlsx
from directory.exports.officers import officers_table
from directory.exports.tables import ExportTable
from directory.exports.vcard import officer_vcard
from directory.models import Event, Officer, User
from directory.officer_filters import filter_officers
from directory.permissions import ensure_can_download_vcard, ensure_can_export
from directory.services.access import log_export
from directory.visibility import visible_officers

VCARD_TYPE = "text/vcard; charset=utf-8"


@dataclass(frozen=True)
class Download:
    """A file to send: its name, content type and bytes."""

    filename: str
    content_type: str
    content: bytes


def max_rows() -> int:
    """How many rows one export may hold (LIAISON_EXPORT_MAX_ROWS, default 5000)."""
    return settings.LIAISON_EXPORT_MAX_ROWS


def filter_text(filters: dict[str, Any]) -> str:
    """The filters as given, for the log: 'country=KG; topic=cybercrime' (empty ones left out)."""
    return "; ".join(f"{key}={value}" for key, value in sorted(filters.items()) if value not in (None, ""))


def _stamp() -> str:
    return timezone.localtime().strftime("%Y-%m-%d")


def _file(table: ExportTable, file_format: FileFormat, name: str, payload: dict[str, Any]) -> Download:
    if file_format == FileFormat.CSV:
        content = as_csv(table)
    elif file_format == FileFormat.XLSX:
        content = as_xlsx(table, name)
    else:
        content = as_json({**payload, "count": len(table.rows), "rows": table.rows})
    return Download(f"{name}-{_stamp()}.{file_format.value}", CONTENT_TYPES[file_format], content)


def export_officers(user: User, filters: dict[str, Any], file_format: FileFormat) -> Download:
    """The officers matching the filters that the viewer may see, as a file; logged with the filter and counts."""
    ensure_can_export(user)
    chosen = filter_officers(visible_officers(user), **filters)
    count = chosen.count()
    if count > max_rows():
        raise field_error(
            "filter",
            _(
                "The filter matches %(count)s officers, and an export holds at most %(most)s; narrow it, such as by "
                "country or topic."
            )
            % {"count": count, "most": max_rows()},
            code="too_many_rows",
        )
    table = officers_table(user, chosen)
    described = filter_text(filters)
    payload = {"exported_at": timezone.now().isoformat(), "filter": described}
    download = _file(table, file_format, "liaison-officers", payload)
    log_export(
        viewer=user,
        kind="officers",
        file_format=file_format.value,
        filter_text=described,
        officer_count=len(table.rows),
        contacts_shown=table.contacts_shown,
    )
    return download


def export_attendance(user: User, event: Event, file_format: FileFormat) -> Download:
    """The event's attendance list in the roster's columns, as the viewer may see it; logged."""
    ensure_can_export(user)
    table = attendance_table(user, event)
    if len(table.rows) > max_rows():
        raise field_error(
            "event",
            _("The list has %(count)s rows, and an export holds at most %(most)s.")
            % {"count": len(table.rows), "most": max_rows()},
            code="too_many_rows",
        )
    payload = {"exported_at": timezone.now().isoformat(), "event": str(event.uuid)}
    download = _file(table, file_format, f"liaison-attendance-{event.starts_on:%Y-%m}", payload)
    log_export(
        viewer=user,
        kind="attendance",
        file_format=file_format.value,
        filter_text=f"event={event.uuid}",
        officer_count=len(table.rows),
        contacts_shown=table.contacts_shown,
    )
    return download


def export_vcard(user: User, officer: Officer) -> Download:
    """One officer's vCard with the contact values the viewer may see; logged like a profile view."""
    ensure_can_download_vcard(user, officer)
    text, shown = officer_vcard(user, officer)
    log_export(
        viewer=user,
        kind="vcard",
        file_format="vcf",
        filter_text=f"officer={officer.uuid}",
        officer_count=1,
        contacts_shown={officer: shown},
    )
    return Download(f"{officer.name_latin or 'officer'}.vcf", VCARD_TYPE, text.encode("utf-8"))


__all__ = ["Download", "FileFormat", "export_attendance", "export_officers", "export_vcard"]
