"""Roster files kept between upload and commit, so a page or an integration can preview, map and resolve in steps."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from directory.error_codes import Reason
from directory.models import RosterHeader, RosterImport, RosterUpload
from directory.permissions import ensure_can_import, import_reach
from directory.rosters.columns import COLUMNS_BY_KEY
from directory.rosters.mapping import IGNORE, fold_header, map_headers
from directory.rosters.preview import RosterPreview, preview_roster
from directory.rosters.reading import ENCODINGS, read_roster
from directory.services.intake import NEW, SKIP, commit_roster, save_header_mapping
from directory.visibility import Viewer


def store_upload(user: Viewer, *, data: bytes, file_name: str, encoding: str = "", event: str = "") -> RosterUpload:
    """Keep a roster that reads as one (RosterFileError otherwise), for this user's later steps."""
    importer = ensure_can_import(user)
    read_roster(data, file_name, encoding=encoding)
    upload = RosterUpload(
        uploaded_by=importer, file_name=file_name[:255], content=data, encoding=encoding, event=event.strip()[:300]
    )
    upload.save()
    return upload


def upload_of(user: Viewer, uuid: UUID | str) -> RosterUpload:
    """The user's own upload with this uuid (RosterUpload.DoesNotExist for anyone else's)."""
    importer = ensure_can_import(user)
    return RosterUpload.objects.get(uuid=uuid, uploaded_by=importer)


def preview_upload(upload: RosterUpload, user: Viewer, *, on_row: Callable[[], object] | None = None) -> RosterPreview:
    """The upload previewed against the directory as it is now, with its choices so far."""
    raw = read_roster(bytes(upload.content), upload.file_name, encoding=upload.encoding)
    return preview_roster(
        raw, reach=import_reach(user), event=upload.event, chosen_headers=upload.headers, on_row=on_row
    )


@transaction.atomic
def change_upload(
    upload: RosterUpload,
    user: Viewer,
    *,
    headers: Mapping[str, str] | None = None,
    save_headers: bool = False,
    decisions: Mapping[int, str] | None = None,
    encoding: str | None = None,
    event: str | None = None,
) -> RosterUpload:
    """Record choices on an upload: header mapping (saved for later files if asked), row decisions, encoding, event."""
    ensure_can_import(user)
    if headers:
        for header, column in headers.items():
            if column and column != IGNORE and column not in COLUMNS_BY_KEY:
                raise ValidationError(
                    {"headers": ValidationError(
                        _("'%(column)s' is not a roster column; choose one of: %(choices)s.")
                        % {"column": column, "choices": ", ".join([*COLUMNS_BY_KEY, IGNORE])},
                        code=Reason.INVALID_CHOICE,
                    )}
                )  # fmt: skip
            if column:
                upload.headers[fold_header(header)] = column
        if save_headers:
            save_header_mapping(user, {header: column for header, column in headers.items() if column})
    for number, choice in (decisions or {}).items():
        choice = choice.strip().lower()
        if choice and choice not in (NEW, SKIP) and not _is_uuid(choice):
            raise ValidationError(
                {"decisions": ValidationError(
                    _("Row %(row)s: '%(choice)s' is not new, skip or an officer's uuid.")
                    % {"row": number, "choice": choice},
                    code=Reason.INVALID_CHOICE,
                )}
            )  # fmt: skip
        if choice:
            upload.decisions[str(number)] = choice
        else:
            upload.decisions.pop(str(number), None)
    if encoding is not None:
        if encoding and encoding not in ENCODINGS:
            raise ValidationError(
                {"encoding": ValidationError(
                    _("Choose one of the encodings: %(choices)s.") % {"choices": ", ".join(ENCODINGS)},
                    code=Reason.INVALID_CHOICE,
                )}
            )  # fmt: skip
        upload.encoding = encoding
    if event is not None:
        upload.event = event.strip()[:300]
    upload.save()
    return upload


@transaction.atomic
def commit_upload(upload: RosterUpload, user: Viewer, *, skip_invalid: bool = False) -> RosterImport:
    """Commit the upload as previewed now and decided, then forget the file (its rows hold personal values)."""
    preview = preview_upload(upload, user)
    if preview.mapping.missing:
        raise ValidationError(
            {"headers": ValidationError(
                _("No column holds the full name; map one of the headers to it."), code=Reason.MISSING_COLUMN
            )}
        )  # fmt: skip
    decisions = {int(number): choice for number, choice in upload.decisions.items()}
    done = commit_roster(preview, user=user, decisions=decisions, skip_invalid=skip_invalid)
    upload.delete()
    return done


@transaction.atomic
def discard_upload(upload: RosterUpload, user: Viewer) -> None:
    """Forget an upload without importing it."""
    if upload.uploaded_by_id != getattr(user, "pk", None):
        ensure_can_import(user)
    upload.delete()


def _is_uuid(text: str) -> bool:
    try:
        UUID(text.removeprefix("officer:"))
    except ValueError:
        return False
    return True


__all__ = [
    "change_upload",
    "commit_upload",
    "discard_upload",
    "preview_upload",
    "store_upload",
    "unknown_headers",
    "upload_of",
]


def unknown_headers(upload: RosterUpload) -> list[str]:
    """The file's headers that no rule, saved mapping or choice on this upload maps to a column yet."""
    raw = read_roster(bytes(upload.content), upload.file_name, encoding=upload.encoding)
    saved = dict(RosterHeader.objects.values_list("header", "column"))
    return [header for _, header in map_headers(raw.headers, saved=saved, chosen=upload.headers).unknown]
