"""Liaison's GraphQL schema: queries, mutations and the limits every request passes first."""

from __future__ import annotations

import strawberry
from django.conf import settings
from strawberry.extensions import (
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
)
from strawberry.schema.config import StrawberryConfig
from strawberry_django.optimizer import DjangoOptimizerExtension

from api.descriptions import describe_schema
from api.errors import PeopleFacingErrors
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
    extensions.append(PeopleFacingErrors)
    return extensions


schema = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    extensions=_extensions(),
    config=StrawberryConfig(
        relay_max_results=MAX_PAGE_SIZE, disable_field_suggestions=not settings.LIAISON_GRAPHQL_INTROSPECTION
    ),
)
describe_schema(schema)
