"""Trusted documents: operations known by the SHA-256 of their normalised text, and the requests that name them."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, JsonResponse
from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    OperationDefinitionNode,
    Visitor,
    parse,
    print_ast,
    validate,
    visit,
)

from api.limits import MAX_TOKENS
from directory.error_codes import ErrorCode, Reason
from directory.models import ApiToken, TrustedDocument
from directory.permissions import may_run_trusted_document, may_send_free_form_operations
from directory.services.trusted_documents import SHA256_HEX, NormalisedOperation, trusted_document

PERSISTED_QUERY = "persistedQuery"
PERSISTED_QUERY_VERSION = 1
HASH_FIELD = f"extensions.{PERSISTED_QUERY}.sha256Hash"
VERSION_FIELD = f"extensions.{PERSISTED_QUERY}.version"
LIST_COMMAND = "manage.py api_documents list"


class DocumentProblem(ValueError):
    """A document that cannot be registered: the message names the line and the fix."""


class _Spreads(Visitor):
    """Collects the names of the fragments a selection spreads."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_: Any) -> None:
        """Note the spread fragment's name."""
        self.names.add(node.name.value)


def _used_fragments(operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]) -> list[str]:
    """The fragments an operation spreads, directly or through other fragments, by name."""
    used: set[str] = set()
    waiting = [operation]
    while waiting:
        spreads = _Spreads()
        visit(waiting.pop(), spreads)
        for name in sorted(spreads.names - used):
            if name in fragments:
                used.add(name)
                waiting.append(fragments[name])  # type: ignore[arg-type]
    return sorted(used)


def _normalised(operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]) -> str:
    """The operation and the fragments it uses (by name), printed the one way graphql-core prints."""
    definitions = [operation, *(fragments[name] for name in _used_fragments(operation, fragments))]
    return print_ast(DocumentNode(definitions=tuple(definitions)))


def sha256_of(text: str) -> str:
    """The hash a trusted document is known by: SHA-256 of its normalised text, hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _split(document: DocumentNode) -> list[NormalisedOperation]:
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    found = []
    for operation in operations:
        text = _normalised(operation, fragments)
        name = operation.name.value if operation.name else ""
        found.append(NormalisedOperation(sha256_of(text), name, operation.operation.value, text))
    return found


def operations_in(text: str, graphql_schema: Any) -> list[NormalisedOperation]:
    """Each named operation of a .graphql file, normalised; DocumentProblem saying what to fix when it cannot be."""
    try:
        document = parse(text, max_tokens=MAX_TOKENS)
    except GraphQLError as error:
        raise DocumentProblem(f"does not parse: {error.message} ({_where(error)}); fix the GraphQL syntax") from None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if not operations:
        raise DocumentProblem("holds no operation; give at least one named query or mutation")
    unnamed = [operation for operation in operations if operation.name is None]
    if unnamed and len(operations) > 1:
        raise DocumentProblem(
            f"holds {len(operations)} operations, {len(unnamed)} without a name; name every operation "
            "(`query Officers { … }`) so that each can be registered and sent by name"
        )
    if unnamed:
        raise DocumentProblem("holds an operation without a name; name it (`query Officers { … }`)")
    errors = validate(graphql_schema, document)
    if errors:
        problems = "; ".join(f"{error.message} ({_where(error)})" for error in errors[:5])
        raise DocumentProblem(f"does not validate against the schema: {problems}; fix it against schema.graphql")
    return _split(document)


def _where(error: GraphQLError) -> str:
    locations = error.locations or []
    return f"line {locations[0].line}, column {locations[0].column}" if locations else "whole document"


@dataclass(frozen=True)
class Trusted:
    """The registered document a request runs: its stored text and operation name replace what was sent."""

    text: str
    operation_name: str


def _refusal(message: str, code: str, **extensions: Any) -> JsonResponse:
    """A GraphQL answer with one error and no data, as any refused request gets."""
    return JsonResponse({"data": None, "errors": [{"message": message, "extensions": {"code": code, **extensions}}]})


def _invalid(field: str, reason: Reason, message: str) -> JsonResponse:
    return _refusal(message, ErrorCode.INVALID_INPUT, field=field, reason=reason)


def _payload(request: HttpRequest) -> Any:
    """The request's operation as a client sent it: the JSON body, or a multipart upload's `operations` part."""
    try:
        if request.content_type == "multipart/form-data":
            return json.loads(request.POST.get("operations") or "null")
        return json.loads(request.body)
    except ValueError:
        return None


def _hash_asked(persisted: Any) -> str | JsonResponse:
    """The hash an `extensions.persistedQuery` names, or the refusal saying what is wrong with it."""
    if not isinstance(persisted, dict):
        return _invalid(
            f"extensions.{PERSISTED_QUERY}",
            Reason.MALFORMED_PERSISTED_QUERY,
            f'Send extensions.{PERSISTED_QUERY} as {{"version": 1, "sha256Hash": "<64 hex digits>"}}.',
        )
    version = persisted.get("version")
    if version != PERSISTED_QUERY_VERSION or isinstance(version, bool):
        return _invalid(
            VERSION_FIELD,
            Reason.MALFORMED_PERSISTED_QUERY,
            f"Persisted query version {str(version)[:20]!r} is not supported; send version 1.",
        )
    sha256 = persisted.get("sha256Hash")
    if not isinstance(sha256, str) or not SHA256_HEX.fullmatch(sha256):
        return _invalid(
            HASH_FIELD,
            Reason.MALFORMED_PERSISTED_QUERY,
            f"sha256Hash is not a SHA-256 in hex; send the 64 lowercase hex digits `{LIST_COMMAND}` shows.",
        )
    return sha256


def _hash_sent(query: str, operation_name: Any) -> str | None:
    """The hash of the operation a free-form request would run, or None when it does not parse as one."""
    try:
        document = parse(query, max_tokens=MAX_TOKENS, no_location=True)
    except GraphQLError:
        return None
    operations = _split(document)
    chosen = [op for op in operations if operation_name in (None, op.operation_name)]
    return chosen[0].sha256 if len(chosen) == 1 else None


def _not_trusted() -> JsonResponse:
    return _refusal(
        "This API token runs only the trusted documents bound to it, and this operation is not one of them; send a "
        f"bound document (its text, or its hash in extensions.{PERSISTED_QUERY}), or ask the administrator to "
        "register this one and bind it to the token (`manage.py api_documents register FILE.graphql --token …`).",
        ErrorCode.DOCUMENT_NOT_TRUSTED,
        field="query",
    )


def resolve(request: HttpRequest, token: ApiToken | None) -> Trusted | JsonResponse | None:
    """What the request runs: a registered document, a refusal, or None for a free-form operation as sent."""
    user = request.user
    free_form = may_send_free_form_operations(user)
    if free_form and PERSISTED_QUERY.encode() not in request.body:
        return None  # the usual case, unchanged and not even decoded here: Strawberry parses and answers it
    payload = _payload(request)
    body = payload if isinstance(payload, dict) else {}
    extensions = body.get("extensions")
    persisted = extensions.get(PERSISTED_QUERY) if isinstance(extensions, dict) else None
    if persisted is None and free_form:
        return None
    query = body.get("query")
    operation_name = body.get("operationName")
    if persisted is not None:
        asked = _hash_asked(persisted)
        if isinstance(asked, JsonResponse):
            return asked
        if isinstance(query, str) and _hash_sent(query, operation_name) != asked:
            return _invalid(
                "query",
                Reason.PERSISTED_QUERY_MISMATCH,
                "The query sent is not the document its sha256Hash names; send the hash alone, or the text that "
                f"`{LIST_COMMAND}` registered.",
            )
        document = trusted_document(asked)
        if document is None:
            return _refusal(
                f"No trusted document has this sha256Hash; register it with `manage.py api_documents register` "
                f"(`{LIST_COMMAND}` shows the hashes), or send the query's text.",
                ErrorCode.PERSISTED_QUERY_NOT_FOUND,
                field=HASH_FIELD,
            )
    else:
        sha256 = _hash_sent(query, operation_name) if isinstance(query, str) else None
        document = trusted_document(sha256) if sha256 is not None else None
    if not may_run_trusted_document(user, _bound(token, document)):
        return _not_trusted()
    assert document is not None  # a bound token runs only a document; anyone else reached here with a hash
    if operation_name not in (None, document.operation_name):
        return _invalid(
            "operationName",
            Reason.PERSISTED_QUERY_MISMATCH,
            f"The trusted document is the operation '{document.operation_name}'; send that operationName, or none.",
        )
    return Trusted(document.text, document.operation_name)


def _bound(token: ApiToken | None, document: TrustedDocument | None) -> bool:
    return token is not None and document is not None and token.trusted_documents.filter(pk=document.pk).exists()
