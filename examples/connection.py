"""Reaching Liaison with the typed client: the token from the environment, and every failure in one line."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx

try:
    import liaison_client
except ImportError:  # run from a checkout, without `pip install ./clients/python`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "clients" / "python"))
    import liaison_client

from liaison_client import (
    Client,
    GraphQLClientGraphQLMultiError,
    GraphQLClientHttpError,
    GraphQLClientInvalidResponseError,
)

TOKEN_VARIABLE = "LIAISON_TOKEN"  # noqa: S105 (the name of the variable, not a token)
DEFAULT_URL = "http://127.0.0.1:8000"
ISSUE_HINT = "python manage.py api_token issue --user demo-integration --name example --scopes read"
Answer = TypeVar("Answer")

__all__ = ["DEFAULT_URL", "TOKEN_VARIABLE", "Client", "LiaisonClientError", "liaison_client", "make_client", "run"]


class LiaisonClientError(Exception):
    """A failure explained in one line for the person running the client."""


def graphql_endpoint(url: str) -> str:
    """The GraphQL endpoint for a server's base URL (an URL already ending in /graphql is kept)."""
    url = url.rstrip("/")
    return url if url.endswith("/graphql") else f"{url}/graphql"


def make_client(url: str, token: str) -> Client:
    """The generated client, sending the API token as a Bearer token to the server's /graphql."""
    if not token or not token.strip():
        raise LiaisonClientError(f"No API token: set {TOKEN_VARIABLE} to a token issued with `{ISSUE_HINT}`.")
    headers = {"Authorization": f"Bearer {token.strip()}"}
    return Client(url=graphql_endpoint(url), headers=headers, http_client=httpx.Client(headers=headers, timeout=30))


def run(operation: Callable[..., Answer], **variables: Any) -> Answer:
    """Run one of the client's operations; every way it can fail becomes a LiaisonClientError saying why."""
    try:
        return operation(**variables)
    except GraphQLClientGraphQLMultiError as error:
        raise LiaisonClientError(_describe(error)) from None
    except GraphQLClientHttpError as error:
        raise LiaisonClientError(f"The server answered HTTP {error.status_code}: {error.response.json()}") from None
    except GraphQLClientInvalidResponseError:
        raise LiaisonClientError("The server's answer is not GraphQL: is the URL Liaison's?") from None
    except httpx.HTTPError as error:
        raise LiaisonClientError(f"Could not reach Liaison: {error}") from None


def _describe(error: GraphQLClientGraphQLMultiError) -> str:
    codes = {(item.extensions or {}).get("code") for item in error.errors}
    if "UNAUTHENTICATED" in codes:
        return (
            f"Liaison refused the token in {TOKEN_VARIABLE} (unknown, expired or revoked); "
            f"issue a new one with `{ISSUE_HINT}`."
        )
    return f"Liaison answered with an error: {error}"
