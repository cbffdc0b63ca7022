"""Register trusted documents, and bind API tokens to them: a bound token runs its documents and nothing else."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from directory.errors import field_error
from directory.models import ApiToken, TrustedDocument

SHA256_HEX = re.compile(r"[0-9a-f]{64}")
OPERATION_TYPES = ("query", "mutation")


@dataclass(frozen=True)
class NormalisedOperation:
    """One operation as the API layer parsed, validated and printed it, with the hash of that text."""

    sha256: str
    operation_name: str
    operation_type: str
    text: str


def _check(operation: NormalisedOperation) -> None:
    max_name = TrustedDocument._meta.get_field("operation_name").max_length or 0
    if not SHA256_HEX.fullmatch(operation.sha256):
        raise field_error("sha256", "Give the SHA-256 as 64 lowercase hexadecimal digits.", code="malformed_id")
    if not operation.operation_name:
        raise field_error("operation_name", "Name every operation: `query Officers { … }`.", code="missing_name")
    if len(operation.operation_name) > max_name:
        raise field_error("operation_name", f"Keep operation names to {max_name} characters.", code="too_long")
    if operation.operation_type not in OPERATION_TYPES:
        raise field_error(
            "operation_type", "Only queries and mutations can be trusted documents.", code="invalid_choice"
        )


@transaction.atomic
def register_trusted_documents(
    operations: Iterable[NormalisedOperation], *, registered_by: str, source: str = ""
) -> list[tuple[TrustedDocument, bool]]:
    """Store each operation once (by its hash); returns each document with whether it is new. All or nothing."""
    found = []
    for operation in operations:
        _check(operation)
        document, created = TrustedDocument.objects.get_or_create(
            sha256=operation.sha256,
            defaults={
                "operation_name": operation.operation_name,
                "operation_type": operation.operation_type,
                "text": operation.text,
                "source": source[:255],
                "registered_by": registered_by[:150],
            },
        )
        found.append((document, created))
    return found


@transaction.atomic
def bind_trusted_documents(token: ApiToken, documents: Iterable[TrustedDocument]) -> ApiToken:
    """Let the token run these documents, and from now on nothing but its documents."""
    token.trusted_documents.add(*documents)
    if not token.documents_only:
        token.documents_only = True
        token.save(update_fields=["documents_only"])
    return token


@transaction.atomic
def unbind_trusted_documents(token: ApiToken, documents: Iterable[TrustedDocument]) -> ApiToken:
    """Stop the token running these documents; it stays bound (with none left, it runs nothing)."""
    token.trusted_documents.remove(*documents)
    return token


@transaction.atomic
def free_token(token: ApiToken) -> ApiToken:
    """Unbind every document and let the token send any operation again, within the limits."""
    token.trusted_documents.clear()
    if token.documents_only:
        token.documents_only = False
        token.save(update_fields=["documents_only"])
    return token


def trusted_document(sha256: str) -> TrustedDocument | None:
    """The registered document with this hash, or None."""
    return TrustedDocument.objects.filter(sha256=sha256).first()


def may_run(token: ApiToken | None, document: TrustedDocument | None) -> bool:
    """Whether a request through `token` may run `document` (None: a free-form operation, not registered)."""
    if token is None or not token.documents_only:
        return True
    return document is not None and token.trusted_documents.filter(pk=document.pk).exists()
