"""Parse and validate each distinct GraphQL document once per process, not once per request."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from graphql import DocumentNode, GraphQLError, GraphQLSchema
from graphql.validation import ASTValidationRule
from strawberry.extensions import ParserCache, SchemaExtension
from strawberry.schema.schema import validate_document

# Bounded: a client sending a new document with every request only evicts older ones, it cannot grow memory.
CACHED_DOCUMENTS = 256


def cached_parsing() -> ParserCache:
    """Strawberry's parser cache: the same query text gives the same (immutable) document, parsed once."""
    return ParserCache(maxsize=CACHED_DOCUMENTS)


# Raised, not returned: lru_cache keeps no answer that raised, so only the verdict "valid" is cached.
class _Invalid(Exception):
    def __init__(self, errors: list[GraphQLError]) -> None:
        self.errors = errors


class _SameDocument:
    """A document as a cache key by identity: graphql-core's nodes are frozen dataclasses, whose hash walks the
    whole document at every lookup (a cost in proportion to its size, on every request)."""

    __slots__ = ("document",)

    def __init__(self, document: DocumentNode) -> None:
        self.document = document  # kept alive with the key, so that its id cannot be reused while cached

    def __hash__(self) -> int:
        return id(self.document)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _SameDocument) and other.document is self.document


@lru_cache(maxsize=CACHED_DOCUMENTS)
def _valid(schema: GraphQLSchema, key: _SameDocument, rules: tuple[type[ASTValidationRule], ...]) -> bool:
    errors = validate_document(schema, key.document, rules)
    if errors:
        raise _Invalid(errors)
    return True


class CachedValidation(SchemaExtension):
    """Validates a document once per process, keeping only the verdict "valid".

    Validation walks the whole document against the schema (1-3 ms for the API's usual queries) and integrations send
    the same few documents again and again. With the parser cache, the same text is the same document object, so the
    lookup is by identity. Invalid documents are validated again each time: their errors are fresh objects per
    request, as the error formatting expects. It runs only when the document limits found nothing (DocumentLimits
    sets its errors first, and then validation is skipped as before).
    """

    def on_validate(self) -> Iterator[None]:
        """Set the validation errors (none, or this request's own) before Strawberry would validate."""
        context = self.execution_context
        if context.pre_execution_errors is None and context.graphql_document is not None:
            try:
                _valid(context.schema._schema, _SameDocument(context.graphql_document), tuple(context.validation_rules))
                context.pre_execution_errors = []
            except _Invalid as invalid:
                context.pre_execution_errors = invalid.errors
        yield
