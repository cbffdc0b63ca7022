"""Global ids: `Type:<uuid>` in base64, opaque to clients and stable across a rebuild and a restore."""

from __future__ import annotations

import base64
import uuid as uuid_module
from typing import Any

from directory.errors import field_error


def decoded(text: str) -> str | None:
    """The text a base64 value encodes, or None when it is not base64 of UTF-8."""
    try:
        return base64.b64decode(text.encode("ascii"), validate=True).decode("utf-8")
    except (ValueError, UnicodeError):
        return None


def parts(global_id: str) -> tuple[str, str] | None:
    """The type name and key of a global id, or None when it is not one."""
    text = decoded(global_id)
    if text is None or ":" not in text:
        return None
    type_name, _, key = text.partition(":")
    return type_name, key


def as_uuid(text: str) -> uuid_module.UUID | None:
    """The uuid written in `text` (36 characters with dashes, or 32 without), or None."""
    if len(text) not in (32, 36) or not text.isascii():
        return None
    try:
        return uuid_module.UUID(text)
    except ValueError:
        return None


def is_row_number(key: str) -> bool:
    """Whether a global id's key is a row number, as global ids held before they carried uuids."""
    return key.isascii() and key.isdigit()


def uuid_argument(value: Any, field: str, type_name: str) -> uuid_module.UUID:
    """The uuid an argument names, given as a uuid or as a global id of `type_name`; else an error naming `field`."""
    text = str(value)
    found = as_uuid(text.strip())
    if found is not None:
        return found
    decoded_parts = parts(text.strip())
    if decoded_parts is not None and decoded_parts[0] == type_name:
        found = as_uuid(decoded_parts[1])
        if found is not None:
            return found
        if is_row_number(decoded_parts[1]):
            raise field_error(
                field,
                f"'{text[:60]}' is an old global id holding a row number, which Liaison no longer accepts; "
                "give the record's uuid, or the `id` the API answers now.",
                code="malformed_id",
            )
    raise field_error(field, f"'{text[:60]}' is not a uuid.", code="malformed_id")


def uuid_text(value: Any, type_name: str) -> str:
    """A graph question's record argument as the uuid text the graph holds: a global id of `type_name` becomes its
    uuid; anything else is passed on as given, for the question to accept or refuse."""
    text = str(value)
    decoded_parts = parts(text.strip())
    if decoded_parts is not None and decoded_parts[0] == type_name:
        found = as_uuid(decoded_parts[1])
        if found is not None:
            return str(found)
    return text
