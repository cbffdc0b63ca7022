"""Errors as people read them: validation and permission errors name the field and the fix; the rest is masked."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors

from directory.error_codes import ErrorCode
from directory.errors import DATABASE_BUSY, RETRY_AFTER_SECONDS, is_database_busy

BUSY_MESSAGE = (
    f"The directory is busy with other changes and nothing was saved; send the same request again "
    f"in {RETRY_AFTER_SECONDS} seconds."
)

UNAUTHENTICATED = "Authentication required: sign in, or send an API token as 'Authorization: Bearer <token>'."
# graphql-core's own limits, reworded to say how to stay within them.
_PARSER_LIMITS = {
    "Document contains more than": (
        "The operation has more tokens (names, punctuation, values) than the limit of {}; send a shorter operation, "
        "with variables for long values."
    ),
    "Document is nested too deeply": (
        "The operation nests selections or values too deeply to be read; nest fewer levels, or split the operation."
    ),
}
_VALIDATION_ABORTED = (
    "The operation has too many fields of the same name to check that they merge; select each field once, "
    "or split the operation."
)
_SUGGESTION = re.compile(r"\s*Did you mean .*$", re.DOTALL)


def _reworded(message: str) -> str:
    """graphql-core's messages, with its limits explained and, outside development, without guesses at names."""
    if message == "Validation aborted.":
        return _VALIDATION_ABORTED
    for start, explanation in _PARSER_LIMITS.items():
        if start in message:
            limit = re.search(r"more than (\d+) tokens", message)
            return explanation.format(limit.group(1) if limit else "")
    if not settings.LIAISON_GRAPHQL_INTROSPECTION:
        # "Did you mean …" would spell out the schema that disabled introspection keeps private.
        message = _SUGGESTION.sub("", message)
    return message


def _validation_message(error: ValidationError) -> tuple[str, dict[str, str]]:
    """The message for people, and the field and stable reason code for programs."""
    if hasattr(error, "error_dict"):
        parts = [f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()]
        field, errors = next(iter(error.error_dict.items()))
        details = {"field": field, **({"reason": errors[0].code} if errors and errors[0].code else {})}
        return "; ".join(parts), details
    return " ".join(error.messages), {"reason": error.code} if error.code else {}


UNEXPECTED = "Unexpected error."


def people_facing(error: GraphQLError) -> GraphQLError:
    """Say what went wrong in words for people, or nothing at all for an unexpected failure."""
    original = error.original_error
    if original is None:
        return error  # parsing, validation and limit errors: already written for people
    extensions: dict[str, str | int] = {}
    if isinstance(original, ValidationError):
        message, details = _validation_message(original)
        extensions = {"code": ErrorCode.INVALID_INPUT, **details}
    elif isinstance(original, PermissionDenied):
        message, extensions = str(original) or "Not allowed.", {"code": ErrorCode.PERMISSION_DENIED}
    elif isinstance(original, ObjectDoesNotExist):
        message, extensions = "Not found.", {"code": ErrorCode.NOT_FOUND}
    elif is_database_busy(original):
        message, extensions = BUSY_MESSAGE, {"code": DATABASE_BUSY, "retryAfter": RETRY_AFTER_SECONDS}
    elif isinstance(original, GraphQLError) or not settings.LIAISON_GRAPHQL_MASK_ERRORS:
        return error
    else:
        message = UNEXPECTED
    return GraphQLError(
        message=message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=extensions or None,
    )


class PeopleFacingErrors(MaskErrors):
    """Rewrites known errors into stable codes and plain messages; masks unexpected ones outside development."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=lambda error: True, error_message=UNEXPECTED)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        """Say what went wrong in words for people, or nothing at all for an unexpected failure."""
        answer = people_facing(error)
        answer.message = _reworded(answer.message)
        return answer
