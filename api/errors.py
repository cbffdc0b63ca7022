"""Errors as people read them: validation and permission errors name the field and the fix; the rest is masked."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors

from directory.errors import DATABASE_BUSY, RETRY_AFTER_SECONDS, is_database_busy

BUSY_MESSAGE = (
    f"The directory is busy with other changes and nothing was saved; send the same request again "
    f"in {RETRY_AFTER_SECONDS} seconds."
)


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
        extensions = {"code": "INVALID_INPUT", **details}
    elif isinstance(original, PermissionDenied):
        message, extensions = str(original) or "Not allowed.", {"code": "PERMISSION_DENIED"}
    elif isinstance(original, ObjectDoesNotExist):
        message, extensions = "Not found.", {"code": "NOT_FOUND"}
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
        return people_facing(error)
