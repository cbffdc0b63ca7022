"""A small Liaison GraphQL client: name search, then counterparts on a topic in the neighbouring countries."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

import requests
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportError, TransportQueryError, TransportServerError
from gql.transport.requests import RequestsHTTPTransport

TOKEN_VARIABLE = "LIAISON_TOKEN"  # noqa: S105 (the name of the variable, not a token)
DEFAULT_URL = "http://127.0.0.1:8000"
ISSUE_HINT = "python manage.py api_token issue --user demo-integration --name example --scopes read"

TOPICS = """
query Topics($after: String) {
  topics(first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { uuid slug nameEn } }
  }
}
"""

SEARCH_NAMES = """
query SearchNames($text: String!, $kinds: [SearchKind!]) {
  searchNames(text: $text, kinds: $kinds, limit: 10) { uuid kind name nativeName score }
}
"""

COUNTERPARTS = """
query Counterparts($topic: ID!, $country: String!, $officer: ID) {
  counterparts(topic: $topic, country: $country, officer: $officer, scope: NEIGHBOURS, limit: 20) {
    score
    countryCode
    officer { uuid nameLatin nameNative isDemo agency { nameEn } }
    reasons { kind text }
  }
}
"""


class LiaisonClientError(Exception):
    """A failure explained in one line for the person running the client."""


def graphql_endpoint(url: str) -> str:
    """The GraphQL endpoint for a server's base URL (an URL already ending in /graphql is kept)."""
    url = url.rstrip("/")
    return url if url.endswith("/graphql") else f"{url}/graphql"


def make_client(url: str, token: str) -> Client:
    """A gql client that sends the API token as a Bearer token to the server's /graphql."""
    if not token or not token.strip():
        raise LiaisonClientError(f"No API token: set {TOKEN_VARIABLE} to a token issued with `{ISSUE_HINT}`.")
    transport = RequestsHTTPTransport(
        url=graphql_endpoint(url), headers={"Authorization": f"Bearer {token.strip()}"}, timeout=30, retries=0
    )
    # Liaison turns introspection off outside development, so the client must not ask for the schema.
    return Client(transport=transport, fetch_schema_from_transport=False)


def run(client: Client, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """Execute one operation; every way it can fail becomes a LiaisonClientError saying why."""
    try:
        return client.execute(GraphQLRequest(query, variable_values=variables or {}))
    except TransportQueryError as error:
        raise LiaisonClientError(_describe_query_error(error)) from None
    except TransportServerError as error:
        if error.code == 401:
            raise LiaisonClientError(f"The server refused the Authorization header ({error}).") from None
        raise LiaisonClientError(f"The server answered HTTP {error.code}: {error}") from None
    except (TransportError, requests.RequestException) as error:
        raise LiaisonClientError(f"Could not reach Liaison at {client.transport.url}: {error}") from None


def _describe_query_error(error: TransportQueryError) -> str:
    errors = error.errors or []
    if any((item.get("extensions") or {}).get("code") == "UNAUTHENTICATED" for item in errors):
        return (
            f"Liaison refused the token in {TOKEN_VARIABLE} (unknown, expired or revoked); "
            f"issue a new one with `{ISSUE_HINT}`."
        )
    messages = "; ".join(str(item.get("message", item)) for item in errors) or str(error)
    return f"Liaison answered with an error: {messages}"


def all_topics(client: Client) -> list[dict[str, Any]]:
    """Every topic (uuid, slug, English name), page by page."""
    topics: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        page = run(client, TOPICS, {"after": after})["topics"]
        topics += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return topics
        after = page["pageInfo"]["endCursor"]


def find_topic(client: Client, slug: str) -> str | None:
    """The uuid of the topic with this slug, or None when no topic has it."""
    return next((str(topic["uuid"]) for topic in all_topics(client) if topic["slug"] == slug), None)


def search_names(client: Client, text: str, kinds: list[str] | None = None) -> list[dict[str, Any]]:
    """Records named like `text` in any script (Cyrillic or Latin, several spellings), best first."""
    return run(client, SEARCH_NAMES, {"text": text, "kinds": kinds})["searchNames"]


def counterparts(
    client: Client, topic_uuid: str, country_code: str, *, officer_uuid: str | None = None
) -> list[dict[str, Any]]:
    """Officers working on the topic in the countries bordering `country_code`, ranked, with their reasons.

    Give `officer_uuid` (an officer of that country) to also learn which events they attended together.
    """
    variables = {"topic": topic_uuid, "country": country_code.upper(), "officer": officer_uuid}
    return run(client, COUNTERPARTS, variables)["counterparts"]


def format_counterpart(rank: int, found: dict[str, Any]) -> list[str]:
    """One counterpart as printed lines: who, where, the score, then each reason."""
    officer = found["officer"]
    native = f" ({officer['nameNative']})" if officer["nameNative"] != officer["nameLatin"] else ""
    demo = "  [generated demo officer]" if officer["isDemo"] else ""
    lines = [
        f"{rank:>2}. {officer['nameLatin']}{native}, {officer['agency']['nameEn']}, {found['countryCode']}"
        f"  score {found['score']:.1f}{demo}",
        f"      uuid {officer['uuid']}",
    ]
    lines += [f"      - {reason['text']} ({reason['kind'].lower()})" for reason in found["reasons"]]
    return lines


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=f"Ask Liaison for counterparts on a topic. The API token is read from ${TOKEN_VARIABLE}."
    )
    parser.add_argument("--url", default=DEFAULT_URL, help=f"Liaison's base URL (default: {DEFAULT_URL})")
    parser.add_argument("--topic", required=True, help="topic slug, such as darknet-drug-trafficking")
    parser.add_argument("--country", required=True, help="ISO code of the home country, such as KG")
    parser.add_argument("--officer", help="uuid of the officer asking (adds the events you attended together)")
    parser.add_argument("--search", help="also search names (officers, agencies, topics...) for this text")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the searches and print them; 0 on success, 1 with a one-line message on stderr otherwise."""
    arguments = _arguments(argv)
    try:
        client = make_client(arguments.url, os.environ.get(TOKEN_VARIABLE, ""))
        if arguments.search:
            print(f"Names like '{arguments.search}':")
            for match in search_names(client, arguments.search):
                native = f" ({match['nativeName']})" if match["nativeName"] else ""
                print(f"  {match['kind']:<12} {match['name']}{native}  uuid {match['uuid']}")
            print()
        topic_uuid = find_topic(client, arguments.topic)
        if topic_uuid is None:
            known = ", ".join(sorted(topic["slug"] for topic in all_topics(client)))
            raise LiaisonClientError(f"Unknown topic '{arguments.topic}'; use one of these slugs: {known}.")
        found = counterparts(client, topic_uuid, arguments.country, officer_uuid=arguments.officer)
    except LiaisonClientError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    country = arguments.country.upper()
    if not found:
        print(f"No counterparts on '{arguments.topic}' in the countries bordering {country}.")
        return 0
    print(f"Counterparts on '{arguments.topic}' in the countries bordering {country}:")
    for rank, counterpart in enumerate(found, start=1):
        print("\n".join(format_counterpart(rank, counterpart)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
