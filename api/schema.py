"""Liaison's GraphQL schema: queries, mutations and the limits every request passes first."""

from __future__ import annotations

import strawberry
from django.conf import settings
from strawberry.extensions import DisableIntrospection, MaxTokensLimiter
from strawberry.schema.config import StrawberryConfig

from api.descriptions import describe_schema
from api.document_cache import CachedValidation, cached_parsing
from api.errors import PeopleFacingErrors
from api.execution import PlainFieldExecutor
from api.intake import IntakeMutation, IntakeQuery
from api.limits import (
    MAX_ALIASES,
    MAX_DEPTH,
    MAX_PAGE_SIZE,
    MAX_TOKENS,
    CostLimiter,
    DocumentLimits,
    RequireSignIn,
)
from api.metrics import OperationLabel
from api.mutations.schema import Mutation
from api.optimizer import QuerysetOptimizer
from api.queries import Query
from api.types.base import select_ids_with_rows
from api.types.errors import ERROR_TYPES

__all__ = ["MAX_ALIASES", "MAX_DEPTH", "MAX_TOKENS", "schema"]


@strawberry.type(name="Query")
class RootQuery(Query, IntakeQuery):
    """Read the directory and ask the graph."""


@strawberry.type(name="Mutation")
class RootMutation(Mutation, IntakeMutation):
    """Change the directory (stewards, administrators and integrations with write scope)."""


def _extensions() -> list:
    # Strawberry's QueryDepthLimiter and MaxAliasesLimiter walk a fragment again at every spread, which a chain of
    # fragments spreading the next one twice makes exponential; DocumentLimits walks each fragment once.
    extensions = [
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        cached_parsing,
        DocumentLimits,
        CostLimiter,
        CachedValidation,
        RequireSignIn,
        OperationLabel,
        QuerysetOptimizer,
    ]
    if not settings.LIAISON_GRAPHQL_INTROSPECTION:
        extensions.append(DisableIntrospection)
    extensions.append(PeopleFacingErrors)
    return extensions


schema = strawberry.Schema(
    query=RootQuery,
    mutation=RootMutation,
    types=ERROR_TYPES,
    extensions=_extensions(),
    execution_context_class=PlainFieldExecutor,
    config=StrawberryConfig(
        relay_max_results=MAX_PAGE_SIZE, disable_field_suggestions=not settings.LIAISON_GRAPHQL_INTROSPECTION
    ),
)
describe_schema(schema)
select_ids_with_rows(schema)
