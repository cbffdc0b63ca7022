"""Liaison's GraphQL schema: queries, mutations and the limits every request passes first."""

from __future__ import annotations

import strawberry
from django.conf import settings
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
)
from strawberry.schema.config import StrawberryConfig
from strawberry_django.optimizer import DjangoOptimizerExtension

from api.limits import MAX_PAGE_SIZE, CostLimiter, RequireSignIn
from api.mutations.schema import Mutation
from api.queries import Query

MAX_DEPTH = 10
MAX_ALIASES = 20
MAX_TOKENS = 2000


def _extensions() -> list:
    extensions = [
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        CostLimiter,
        RequireSignIn,
        DjangoOptimizerExtension,
    ]
    if not settings.LIAISON_GRAPHQL_INTROSPECTION:
        extensions.append(DisableIntrospection)
    if settings.LIAISON_GRAPHQL_MASK_ERRORS:
        extensions.append(lambda: MaskErrors(should_mask_error=_is_internal))
    return extensions


def _is_internal(error: Exception) -> bool:
    """Mask unexpected failures; keep the errors written for people (limits, validation, sign-in)."""
    original = getattr(error, "original_error", None)
    return original is not None and not isinstance(original, (PermissionError, ValueError))


schema = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    extensions=_extensions(),
    config=StrawberryConfig(
        relay_max_results=MAX_PAGE_SIZE, disable_field_suggestions=not settings.LIAISON_GRAPHQL_INTROSPECTION
    ),
)
