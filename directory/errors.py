"""Validation errors with a stable code, so every client can tell one kind of bad input from another."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def field_error(field: str, message: str, code: str) -> ValidationError:
    """A ValidationError on one field, with a message for people and a stable code for programs."""
    return ValidationError({field: ValidationError(message, code=code)})
