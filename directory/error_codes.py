"""Every stable error code Liaison gives, in one place: what programs test for, with what each means."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Why a request was refused as a whole: GraphQL's `extensions.code`."""

    UNAUTHENTICATED = "UNAUTHENTICATED"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    INVALID_INPUT = "INVALID_INPUT"
    NOT_FOUND = "NOT_FOUND"
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
    RATE_LIMITED = "RATE_LIMITED"
    DATABASE_BUSY = "DATABASE_BUSY"
    GRAPH_UNAVAILABLE = "GRAPH_UNAVAILABLE"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    IDEMPOTENCY_KEY_IN_USE = "IDEMPOTENCY_KEY_IN_USE"
    DOCUMENT_NOT_TRUSTED = "DOCUMENT_NOT_TRUSTED"
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"


class Reason(StrEnum):
    """Why a value was refused: `OperationMessage.code` in a mutation's answer, `extensions.reason` elsewhere."""

    # Django's own checks of a field.
    REQUIRED = "required"
    BLANK = "blank"
    NULL = "null"
    INVALID = "invalid"
    INVALID_CHOICE = "invalid_choice"
    MAX_LENGTH = "max_length"
    UNIQUE = "unique"
    # Liaison's checks.
    TOO_MANY = "too_many"
    TOO_LONG = "too_long"
    DUPLICATE = "duplicate"
    DUPLICATE_CONTACT = "duplicate_contact"
    DUPLICATE_COVERAGE = "duplicate_coverage"
    HIDDEN_CHARACTER = "hidden_character"
    MALFORMED_ID = "malformed_id"
    UNKNOWN_FIELD = "unknown_field"
    UNKNOWN_COUNTRY = "unknown_country"
    UNKNOWN_LANGUAGE = "unknown_language"
    UNKNOWN_TOPIC = "unknown_topic"
    UNKNOWN_SCOPE = "unknown_scope"
    MISSING_SCOPE = "missing_scope"
    MISSING_NAME = "missing_name"
    MISSING_EVENT = "missing_event"
    INVALID_LEVEL = "invalid_level"
    INVALID_LIFETIME = "invalid_lifetime"
    INVALID_ARGUMENT = "invalid_argument"
    LOWERCASE_CODE = "lowercase_code"
    DATES_REVERSED = "dates_reversed"
    RANGE_REVERSED = "range_reversed"
    MALFORMED_CODE = "malformed_code"
    YEAR_MISMATCH = "year_mismatch"
    SELF_ACQUAINTANCE = "self_acquaintance"
    SELF_MERGE = "self_merge"
    SELF_BORDER = "self_border"
    TOPIC_CYCLE = "topic_cycle"
    NOT_ACQUAINTED = "not_acquainted"
    NOT_FOUND = "not_found"
    TAKEN = "taken"
    TOKEN_ONLY = "token_only"  # noqa: S105 (a reason code, not a secret)
    WRONG_CODE = "wrong_code"
    NOT_ENROLLED = "not_enrolled"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    # Roster imports.
    FILE_TOO_LARGE = "file_too_large"
    EMPTY_FILE = "empty_file"
    WRONG_FILE_TYPE = "wrong_file_type"
    WRONG_ENCODING = "wrong_encoding"
    CORRUPT_FILE = "corrupt_file"
    PROTECTED_FILE = "protected_file"
    MACROS = "macros"
    MERGED_CELLS = "merged_cells"
    FORMULA = "formula"
    TOO_MANY_ROWS = "too_many_rows"
    UNKNOWN_HEADER = "unknown_header"
    MISSING_COLUMN = "missing_column"
    UNKNOWN_AGENCY = "unknown_agency"
    UNKNOWN_EVENT = "unknown_event"
    DUPLICATE_ROW = "duplicate_row"
    OTHER_COUNTRY = "other_country"
    UNRESOLVED = "unresolved"
    REFUSED_TARGET = "refused_target"
    UNKNOWN_EVENT_TYPE = "unknown_event_type"
    BAD_CURSOR = "bad_cursor"
    CURSOR_EXPIRED = "cursor_expired"
    NO_CHANGES = "no_changes"
    ALREADY_DECIDED = "already_decided"
    ALREADY_ANSWERED = "already_answered"
    MALFORMED_IDEMPOTENCY_KEY = "malformed_idempotency_key"
    MALFORMED_PERSISTED_QUERY = "malformed_persisted_query"
    PERSISTED_QUERY_MISMATCH = "persisted_query_mismatch"


ERROR_CODE_TEXTS: dict[ErrorCode, str] = {
    ErrorCode.UNAUTHENTICATED: "No valid sign-in or API token: sign in, or send 'Authorization: Bearer <token>'.",
    ErrorCode.PERMISSION_DENIED: "The caller's role, country or token scope does not allow this; the message says why.",
    ErrorCode.INVALID_INPUT: "An argument was refused; `field` names it and `reason` says why.",
    ErrorCode.NOT_FOUND: "No record the caller may see has that id.",
    ErrorCode.LIMIT_EXCEEDED: "The operation is over a size, depth or cost limit; `limit` names it.",
    ErrorCode.RATE_LIMITED: "Too many requests; wait `retryAfter` seconds (also the Retry-After header).",
    ErrorCode.DATABASE_BUSY: "The database was busy and nothing was saved; send the same request after `retryAfter`.",
    ErrorCode.GRAPH_UNAVAILABLE: "The graph could not answer now; the directory's other fields still do. Retry later.",
    ErrorCode.IDEMPOTENCY_KEY_REUSED: "The Idempotency-Key was used for another request (HTTP 422); use a new key.",
    ErrorCode.IDEMPOTENCY_KEY_IN_USE: "A request with this Idempotency-Key is still running (HTTP 409); retry later.",
    ErrorCode.DOCUMENT_NOT_TRUSTED: (
        "The API token runs only its bound trusted documents; send one, or have this operation registered and bound."
    ),
    ErrorCode.PERSISTED_QUERY_NOT_FOUND: "No trusted document has the sha256Hash sent; register it, or send the text.",
}

REASON_TEXTS: dict[Reason, str] = {
    Reason.REQUIRED: "The value is missing; give it.",
    Reason.BLANK: "The value is empty; give it.",
    Reason.NULL: "The value is missing; give it.",
    Reason.INVALID: "The value is not in the expected form; the message says which.",
    Reason.INVALID_CHOICE: "The value is not one of the choices; the message lists them.",
    Reason.MAX_LENGTH: "The value is too long; shorten it.",
    Reason.UNIQUE: "Another record has this value already.",
    Reason.TOO_MANY: "The list is longer than allowed; give fewer items.",
    Reason.TOO_LONG: "The text is longer than allowed; shorten it.",
    Reason.DUPLICATE: "The same record is given twice, or is stored already.",
    Reason.DUPLICATE_CONTACT: "The officer has this contact channel already.",
    Reason.DUPLICATE_COVERAGE: "The partner already covers this country on this topic.",
    Reason.HIDDEN_CHARACTER: "The text holds a control, direction or invisible character; remove it.",
    Reason.MALFORMED_ID: "The id is neither a global id nor a uuid Liaison gave.",
    Reason.UNKNOWN_FIELD: "The field cannot be changed here.",
    Reason.UNKNOWN_COUNTRY: "No country has this ISO code in the directory.",
    Reason.UNKNOWN_LANGUAGE: "No language has this ISO 639-1 code in the directory.",
    Reason.UNKNOWN_TOPIC: "No topic has this slug.",
    Reason.UNKNOWN_SCOPE: "An API token scope is neither read nor write.",
    Reason.MISSING_SCOPE: "An API token needs at least one scope.",
    Reason.MISSING_NAME: "A name is needed.",
    Reason.MISSING_EVENT: "An acquaintance met at an event names the event.",
    Reason.INVALID_LEVEL: "An expertise level is 1 (working), 2 (experienced) or 3 (expert).",
    Reason.INVALID_LIFETIME: "A token's lifetime is a whole number of days within the allowed range.",
    Reason.INVALID_ARGUMENT: "A graph question's argument is out of range; the message gives the range.",
    Reason.LOWERCASE_CODE: "A code is written in capitals (KZ) or small letters (ru) as its standard says.",
    Reason.DATES_REVERSED: "An event ends before it starts.",
    Reason.RANGE_REVERSED: "A filter's range ends before it starts; swap its two ends.",
    Reason.MALFORMED_CODE: (
        "The code is not written as one: two letters for a country, a slug (letters, digits, - and _) for a topic."
    ),
    Reason.YEAR_MISMATCH: "The year given is not the year of the day given; fix either, or leave the year empty.",
    Reason.SELF_ACQUAINTANCE: "An officer cannot be their own acquaintance.",
    Reason.SELF_MERGE: "An entry cannot be merged into itself.",
    Reason.SELF_BORDER: "A country cannot border itself.",
    Reason.TOPIC_CYCLE: "A topic cannot sit under itself or its own sub-topics.",
    Reason.NOT_ACQUAINTED: "The two officers are not recorded as acquaintances.",
    Reason.NOT_FOUND: "No record has that id.",
    Reason.TAKEN: "The record is linked to another already.",
    Reason.TOKEN_ONLY: "An integration account acts only through API tokens.",
    Reason.WRONG_CODE: "The two-factor code is wrong or expired.",
    Reason.NOT_ENROLLED: "The account has no second factor to check.",
    Reason.TOO_MANY_ATTEMPTS: "Too many wrong codes; wait, then try again.",
    Reason.FILE_TOO_LARGE: "The file is larger than the roster size limit; split it.",
    Reason.EMPTY_FILE: "The file holds no rows.",
    Reason.WRONG_FILE_TYPE: "The file is neither an .xlsx workbook nor a CSV text file.",
    Reason.WRONG_ENCODING: "The CSV file is not in the chosen encoding; choose another.",
    Reason.CORRUPT_FILE: "The workbook is damaged; save it again.",
    Reason.PROTECTED_FILE: "The workbook is password-protected or an old .xls; save it as .xlsx without a password.",
    Reason.MACROS: "The workbook holds macros; save it as .xlsx or .csv.",
    Reason.MERGED_CELLS: "Cells of the roster are merged; unmerge them.",
    Reason.FORMULA: "A cell holds a formula; replace it with its value.",
    Reason.TOO_MANY_ROWS: "More rows than allowed: split the roster, or narrow the export's filter.",
    Reason.UNKNOWN_HEADER: "A header is not a known roster column; map it or ignore it.",
    Reason.MISSING_COLUMN: "A column the roster needs (the full name) is missing.",
    Reason.UNKNOWN_AGENCY: "No agency of the country has this name in the directory.",
    Reason.UNKNOWN_EVENT: "No event has this title in the directory.",
    Reason.DUPLICATE_ROW: "The same person appears twice in one roster.",
    Reason.OTHER_COUNTRY: "The record is of another country: a steward imports, pairs and merges within their own.",
    Reason.UNRESOLVED: "An ambiguous row needs a decision: this officer, new, or skip.",
    Reason.REFUSED_TARGET: "A webhook URL is not https, or its host resolves to a private or reserved address.",
    Reason.UNKNOWN_EVENT_TYPE: "An event type is not one Liaison sends; types are a record kind and a ChangeKind.",
    Reason.BAD_CURSOR: "The cursor is not one the change feed gave; start without one or use endCursor.",
    Reason.CURSOR_EXPIRED: (
        "Changes after the cursor are older than the change feed keeps; read the records afresh, then follow the feed "
        "without a cursor."
    ),
    Reason.NO_CHANGES: "A proposal changes nothing in the entry; change a field, or confirm the entry instead.",
    Reason.ALREADY_DECIDED: "The proposed change was accepted or rejected already.",
    Reason.ALREADY_ANSWERED: "The question was answered already.",
    Reason.MALFORMED_IDEMPOTENCY_KEY: "The Idempotency-Key header is not a quoted string of 1-255 printable ASCII.",
    Reason.MALFORMED_PERSISTED_QUERY: (
        'extensions.persistedQuery is not {"version": 1, "sha256Hash": "<64 lowercase hex digits>"}.'
    ),
    Reason.PERSISTED_QUERY_MISMATCH: "The query text or operationName sent is not the trusted document the hash names.",
}


class BackupProblem(StrEnum):
    """Why `manage.py backup` or `manage.py restore` refused or failed (nothing was changed)."""

    NOT_EMPTY = "not_empty"
    NOT_AN_ARCHIVE = "not_an_archive"
    DAMAGED = "damaged"
    NEWER_MIGRATIONS = "newer_migrations"
    OTHER_ENGINE = "other_engine"
    TOOL_FAILED = "tool_failed"


BACKUP_PROBLEM_TEXTS: dict[BackupProblem, str] = {
    BackupProblem.NOT_EMPTY: "The database already holds data; restore replaces it only with --force.",
    BackupProblem.NOT_AN_ARCHIVE: "The file is not a backup made by `manage.py backup` (or of another format).",
    BackupProblem.DAMAGED: "A file of the archive is missing, extra, or does not match its checksum; use another.",
    BackupProblem.NEWER_MIGRATIONS: "The backup was made by a newer Liaison; upgrade, then restore.",
    BackupProblem.OTHER_ENGINE: "The backup is of another database engine (SQLite or PostgreSQL) than the one in use.",
    BackupProblem.TOOL_FAILED: "pg_dump or pg_restore failed; the message quotes it.",
}
