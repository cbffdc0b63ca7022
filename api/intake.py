"""Roster intake for integrations: the preview of an uploaded roster, decisions on its rows, and the commit."""

from __future__ import annotations

import datetime
import enum

import strawberry
import strawberry_django
from django.core.exceptions import ValidationError
from strawberry import Info

from api.mutations.lookups import parse_uuid
from api.permissions import require_signed_in
from api.types.base import record_type
from directory import models as m
from directory.errors import field_error
from directory.rosters.preview import PreviewRow
from directory.rosters.reading import RosterFileError
from directory.services import uploads

MAX_ROWS_PER_ANSWER = 500
MAX_DECISIONS = 1000


@strawberry.enum(name="RosterRowStatus")
class RosterRowStatus(enum.Enum):
    """What the import would do with a row."""

    NEW = "new"
    MATCH = "match"
    AMBIGUOUS = "ambiguous"
    INVALID = "invalid"
    REFUSED = "refused"


@strawberry.type(name="RosterCandidate")
class RosterCandidateType:
    """An officer of the directory a row may be, with how sure the match is and why."""

    officer_uuid: strawberry.ID
    name: str
    agency: str
    country_code: str
    confidence: int
    evidence: list[str]


@strawberry.type(name="RosterProblem")
class RosterProblemType:
    """Something wrong with a file or a row: the message names the row, the column and the fix."""

    message: str
    code: str
    row: int | None
    column: str


@strawberry.type(name="RosterRow")
class RosterRowType:
    """One row of the roster: its number in the file, what the import would do, and why."""

    row: int
    status: RosterRowStatus
    name: str
    decision: str
    candidates: list[RosterCandidateType]
    problems: list[RosterProblemType]


@strawberry.type(name="RosterCounts")
class RosterCountsType:
    """How many rows have each status."""

    new: int
    match: int
    ambiguous: int
    invalid: int
    refused: int


@strawberry.type(name="RosterPreview")
class RosterPreviewType:
    """An uploaded roster previewed against the directory as it is now; nothing is written."""

    upload: strawberry.ID
    file_name: str
    encoding: str
    counts: RosterCountsType
    unknown_headers: list[str]
    missing_columns: list[str]
    already_imported: bool
    rows: list[RosterRowType]


@record_type(m.RosterImport, name="RosterImport")
class RosterImportType:
    """A roster committed to the directory: when, which file (by hash), and what came of its rows."""

    file_name: str
    file_sha256: str
    imported_at: datetime.datetime
    created_count: int
    matched_count: int
    unchanged_count: int
    skipped_count: int


@strawberry.input
class RosterDecisionInput:
    """What to do with one row: new, skip, or the uuid of one of its candidates."""

    row: int
    choice: str


@strawberry.input
class RosterHeaderInput:
    """Which roster column a header of the file means (a column key such as full_name, or ignore)."""

    header: str
    column: str


def _own_upload(info: Info, upload: strawberry.ID) -> m.RosterUpload:
    try:
        return uploads.upload_of(require_signed_in(info), parse_uuid(upload, "upload"))
    except m.RosterUpload.DoesNotExist:
        raise field_error(
            "upload", f"No roster upload of yours has the id {upload}; upload it again.", "not_found"
        ) from None


def _row(row: PreviewRow, decision: str) -> RosterRowType:
    return RosterRowType(
        row=row.number,
        status=RosterRowStatus(row.status.value),
        name=row.cells.get("full_name", ""),
        decision=decision,
        candidates=[
            RosterCandidateType(
                officer_uuid=strawberry.ID(str(candidate.uuid)),
                name=candidate.name,
                agency=candidate.agency,
                country_code=candidate.country,
                confidence=candidate.confidence,
                evidence=candidate.evidence,
            )
            for candidate in row.candidates
        ],
        problems=[
            RosterProblemType(message=problem.message, code=problem.code, row=problem.row, column=problem.column)
            for problem in row.problems
        ],
    )


def _preview_type(
    stored: m.RosterUpload, info: Info, status: RosterRowStatus | None, offset: int, first: int
) -> RosterPreviewType:
    if not 1 <= first <= MAX_ROWS_PER_ANSWER:
        raise field_error("first", f"Ask for 1 to {MAX_ROWS_PER_ANSWER} rows at a time.", "invalid_argument")
    if offset < 0:
        raise field_error("offset", "Give an offset of 0 or more.", "invalid_argument")
    try:
        preview = uploads.preview_upload(stored, require_signed_in(info))
    except RosterFileError as error:
        raise ValidationError({"upload": [ValidationError(p.message, code=p.code) for p in error.problems]}) from None
    rows = [row for row in preview.rows if status is None or row.status.value == status.value]
    counts = preview.counts
    return RosterPreviewType(
        upload=strawberry.ID(str(stored.uuid)),
        file_name=preview.file_name,
        encoding=preview.encoding,
        counts=RosterCountsType(**counts),
        unknown_headers=[header for _, header in preview.mapping.unknown],
        missing_columns=preview.mapping.missing,
        already_imported=preview.already_imported is not None,
        rows=[_row(row, stored.decisions.get(str(row.number), "")) for row in rows[offset : offset + first]],
    )


@strawberry.type
class IntakeQuery:
    """Roster intake: previews of uploaded rosters."""

    @strawberry.field
    def roster_preview(
        self,
        info: Info,
        upload: strawberry.ID,
        status: RosterRowStatus | None = None,
        offset: int = 0,
        first: int = 100,
    ) -> RosterPreviewType:
        """The preview of a roster you uploaded (POST /graphql/rosters): every row's status, candidates and problems."""
        return _preview_type(_own_upload(info, upload), info, status, offset, first)


@strawberry.type
class IntakeMutation:
    """Roster intake: decisions on an uploaded roster's rows, and its commit."""

    @strawberry_django.mutation(handle_django_errors=True)
    def decide_roster(
        self,
        info: Info,
        upload: strawberry.ID,
        decisions: list[RosterDecisionInput] | None = None,
        headers: list[RosterHeaderInput] | None = None,
        remember_headers: bool = False,
        encoding: str | None = None,
        event: str | None = None,
    ) -> RosterPreviewType:
        """Record decisions on rows, columns for unknown headers, the encoding or the event; answers the new preview."""
        user = require_signed_in(info)
        stored = _own_upload(info, upload)
        if len(decisions or ()) > MAX_DECISIONS:
            raise field_error("decisions", f"Give at most {MAX_DECISIONS} decisions at a time.", "too_many")
        if len(headers or ()) > 50:
            raise field_error("headers", "Give at most 50 headers at a time.", "too_many")
        uploads.change_upload(
            stored,
            user,
            headers={item.header: item.column for item in headers or ()},
            save_headers=remember_headers,
            decisions={item.row: item.choice for item in decisions or ()},
            encoding=encoding,
            event=event,
        )
        return _preview_type(stored, info, RosterRowStatus.AMBIGUOUS, 0, 100)

    @strawberry_django.mutation(handle_django_errors=True)
    def commit_roster(self, info: Info, upload: strawberry.ID, skip_invalid: bool = False) -> RosterImportType:
        """Write the roster as previewed and decided, in one transaction, or nothing (the errors name the rows)."""
        stored = _own_upload(info, upload)
        return uploads.commit_upload(stored, require_signed_in(info), skip_invalid=skip_invalid)  # type: ignore[return-value]
